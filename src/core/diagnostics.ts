// Diagnostics are data: a closed set of codes, each worded here and nowhere else, so every
// reporter (and every test) sees the same text and the same default severity.

import type { Location } from "./types.js";

export type DiagnosticSeverity = "error" | "warning" | "info";

type Args = Record<string, string | number>;

interface CodeSpec<A extends Args> {
  severity: DiagnosticSeverity;
  text(args: A): string;
}

function spec<A extends Args>(severity: DiagnosticSeverity, text: (args: A) => string): CodeSpec<A> {
  return { severity, text };
}

/** Every diagnostic code lockwarden can emit. Errors make a scan incomplete (exit 2). */
export const CODES = {
  FILE_UNREADABLE: spec<{ reason: string }>("error", (a) => `cannot read file: ${a.reason}`),
  FILE_TOO_LARGE: spec<{ size: number; limit: number }>(
    "error",
    (a) => `file is ${a.size} bytes, over the --max-file-size limit of ${a.limit}; not scanned`,
  ),
  FILE_NOT_FOUND: spec<Record<string, never>>("error", () => "no such file or directory"),
  LOCKFILE_UNPARSABLE: spec<{ reason: string }>("error", (a) => `cannot parse: ${a.reason}`),
  LOCKFILE_UNSUPPORTED: spec<{ reason: string }>("error", (a) => `unsupported lockfile: ${a.reason}`),
  FORMAT_UNKNOWN: spec<Record<string, never>>(
    "error",
    () => "no parser recognises this file (see `lockwarden scan --help` for the supported formats)",
  ),
  BINARY_LOCKFILE: spec<{ hint: string }>("error", (a) => `binary lockfile cannot be read: ${a.hint}`),
  ENTRY_SKIPPED: spec<{ entry: string; reason: string }>(
    "error",
    (a) => `entry ${a.entry} skipped: ${a.reason}`,
  ),
  VERSION_UNPARSABLE: spec<{ name: string; version: string; ecosystem: string }>(
    "warning",
    (a) =>
      `${a.name}: version "${a.version}" is not a valid ${a.ecosystem} version; matched by exact string only`,
  ),
  VERSION_NOT_PINNED: spec<{ name: string; spec: string }>(
    "info",
    (a) =>
      `${a.name}${a.spec ? ` ${a.spec}` : ""} is not pinned to one version; not matched (pin it with == to check it)`,
  ),
  URL_REQUIREMENT: spec<{ name: string; url: string }>(
    "info",
    (a) => `${a.name} @ ${a.url}: no version in the URL's file name; not matched`,
  ),
  URL_REQUIREMENT_MATCHED: spec<{ name: string; version: string }>(
    "info",
    (a) =>
      `${a.name} @ URL: version ${a.version} read from the file name and checked against advisories (a URL is not a lock, so it is not counted as locked)`,
  ),
  CONSTRAINTS_FILE: spec<{ file: string }>(
    "info",
    (a) =>
      `constraints file ${a.file} recorded; constraints install nothing and are not scanned as requirements`,
  ),
  INCLUDE_MISSING: spec<{ file: string }>("error", (a) => `included file ${a.file} does not exist`),
  INCLUDE_OUTSIDE_ROOT: spec<{ file: string }>(
    "error",
    (a) => `included file ${a.file} lies outside the scan root; not read`,
  ),
  INCLUDE_CYCLE: spec<{ file: string }>("info", (a) => `include cycle: ${a.file} was already read`),
  OPTION_IGNORED: spec<{ option: string }>(
    "info",
    (a) => `option ${a.option} does not lock a package; ignored`,
  ),
  SYMLINK_OUTSIDE_ROOT: spec<{ target: string }>(
    "warning",
    (a) => `symbolic link points outside the scan root (${a.target}); not followed`,
  ),
  SYMLINK_LOOP: spec<Record<string, never>>("warning", () => "symbolic link loop; not followed"),
  PATH_OUTSIDE_ROOT: spec<{ target: string }>(
    "error",
    (a) => `${a.target} lies outside the scan root; not read`,
  ),
  INSTALLED_TREE_SKIPPED: spec<{ tree: string }>(
    "info",
    (a) => `installed environment ${a.tree} not scanned; use --installed`,
  ),
  NO_LOCKFILE: spec<{ manifest: string }>(
    "info",
    (a) => `no lockfile next to ${a.manifest}: versions not locked`,
  ),
  NO_DEPENDENCIES_DECLARED: spec<{ manifest: string }>(
    "info",
    (a) => `${a.manifest} declares no registry dependencies and has no lockfile: nothing to check`,
  ),
  NO_PACKAGES_LOCKED: spec<{ detail: string }>(
    "info",
    (a) => `locks no packages${a.detail ? ` (${a.detail})` : ""}: nothing to check`,
  ),
  DECLARED_RANGE: spec<{ name: string; range: string }>(
    "info",
    (a) => `${a.name} ${a.range}: declared range, not locked`,
  ),
  ADVISORY_INVALID: spec<{ reason: string }>("error", (a) => `invalid advisory record: ${a.reason}`),
  DATABASE_UNREADABLE: spec<{ reason: string }>(
    "error",
    (a) => `cannot read the advisory database: ${a.reason}`,
  ),
  RANGE_UNPARSABLE: spec<{ advisory: string; reason: string }>(
    "warning",
    (a) => `advisory ${a.advisory}: ${a.reason}; that range is matched by exact versions only`,
  ),
  ACTION_UNPINNED: spec<{ action: string; ref: string }>(
    "info",
    (a) => `${a.action}@${a.ref} is pinned to a mutable tag; pin third-party actions to a full commit SHA`,
  ),
  IGNORE_EXPIRED: spec<{ id: string; expires: string; finding: string }>(
    "warning",
    (a) => `ignore of ${a.id} expired on ${a.expires}; ${a.finding} is reported and gates again`,
  ),
  IGNORE_UNUSED: spec<{ id: string }>("warning", (a) => `unused ignore: ${a.id} matched no finding`),
  CONFIG_INVALID: spec<{ key: string; reason: string }>("error", (a) => `config ${a.key}: ${a.reason}`),
  CONFIG_NESTED_IGNORED: spec<Record<string, never>>(
    "warning",
    () => "nested config file ignored: only the working directory's .lockwarden.yml (or --config) applies",
  ),
  BASELINE_INVALID: spec<{ reason: string }>("error", (a) => `cannot read baseline: ${a.reason}`),
  DB_STALE: spec<{ age: number; max: number; newest: string }>(
    "warning",
    (a) =>
      `user advisory database is ${a.age} days old (newest record ${a.newest}; limit ${a.max} days): run \`lockwarden db update\``,
  ),
  VERSION_MISSING: spec<{ name: string; entry: string }>(
    "warning",
    (a) => `${a.name} (${a.entry}): no version recorded; only advisories that cover every version can match`,
  ),
  ADVISORY_DUPLICATE: spec<{ id: string; kept: string; dropped: string }>(
    "info",
    (a) =>
      `advisory ${a.id} is defined twice; using ${a.kept}, ignoring ${a.dropped} (the newer record wins, the first on a tie)`,
  ),
  LOCKFILE_INCONSISTENT: spec<{ entry: string; reason: string }>("warning", (a) => `${a.entry}: ${a.reason}`),
  GENERIC: spec<{ message: string }>("info", (a) => a.message),
  DB_INTEGRITY: spec<{ problem: string }>("error", (a) => `advisory database integrity: ${a.problem}`),
  DB_DOWNLOAD_FAILED: spec<{ url: string; reason: string }>(
    "error",
    (a) => `cannot download ${a.url}: ${a.reason}`,
  ),
  DB_SOURCE_UNREADABLE: spec<{ source: string; reason: string }>(
    "error",
    (a) => `cannot import ${a.source}: ${a.reason}`,
  ),
} as const;

export type DiagnosticCode = keyof typeof CODES;
type ArgsOf<C extends DiagnosticCode> = (typeof CODES)[C] extends CodeSpec<infer A> ? A : never;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: DiagnosticSeverity;
  message: string;
  location?: Location;
}

/** Builds a diagnostic from its code; the wording and default severity come from CODES. */
export function diagnostic<C extends DiagnosticCode>(
  code: C,
  args: ArgsOf<C>,
  location?: Location,
  severity?: DiagnosticSeverity,
): Diagnostic {
  const s = CODES[code] as unknown as CodeSpec<ArgsOf<C>>;
  const d: Diagnostic = { code, severity: severity ?? s.severity, message: s.text(args) };
  if (location) d.location = location;
  return d;
}

/** True when a diagnostic means some input was not scanned, so the scan cannot vouch for it. */
export function isIncomplete(d: Diagnostic): boolean {
  return d.severity === "error";
}
