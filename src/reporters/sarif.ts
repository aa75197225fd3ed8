// SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer). Shape:
// - one run; tool.driver with one rule per advisory group (id = canonical advisory id), sorted;
// - one result per finding, located at the lockfile line, with a line-independent
//   partialFingerprints["lockwarden/v1"] so alerts survive edits that shift lines;
// - diagnostics become invocations[0].toolExecutionNotifications; an incomplete scan (exit 2) is
//   executionSuccessful: false;
// - GitHub's upload limits are enforced here: at most 25,000 results per run and 10 MB gzipped;
//   lower-severity results are dropped first and a notification says how many;
// - deterministic bytes: everything sorted, no timestamps unless asked.
// Human-facing text (messages, descriptions, help) is sanitised; properties keep data verbatim,
// and escapeJsonUnsafe keeps raw bidi/C1 characters out of the bytes.

import { gzipSync } from "node:zlib";
import type { Diagnostic } from "../core/diagnostics.js";
import type { Finding, FindingKind, Location, ScanResult, Severity } from "../core/types.js";
import {
  advisoryUrl,
  cmp,
  compareFindings,
  findingMessage,
  isGating,
  isSafeUrl,
  type Level,
  levelOf,
  securitySeverity,
  sortDiagnostics,
  sortFindings,
} from "./finding-text.js";
import { mdCode, mdLink, mdText } from "./markdown-text.js";
import type { ReportOptions } from "./options.js";
import { escapeJsonUnsafe, sanitize, truncate } from "./sanitize.js";

export const SARIF_SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const INFORMATION_URI = "https://github.com/lockwarden/lockwarden";
export const FINGERPRINT_KEY = "lockwarden/v1";

export interface SarifLimits {
  /** GitHub code scanning accepts at most 25,000 results per run. */
  maxResults: number;
  /** GitHub rejects uploads over 10 MB once gzipped. */
  maxGzipBytes: number;
}

export const SARIF_LIMITS: SarifLimits = { maxResults: 25_000, maxGzipBytes: 10_000_000 };

// Minimal SARIF object types: only what we emit, with key order fixed by construction.
type SarifLevel = Level;
interface Message {
  text: string;
  markdown?: string;
}
interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId: string };
  region?: { startLine: number; endLine?: number };
}
interface Rule {
  id: string;
  name: string;
  shortDescription: Message;
  fullDescription: Message;
  defaultConfiguration: { level: SarifLevel };
  help: Message;
  helpUri: string;
  properties: Record<string, unknown>;
}
interface Suppression {
  kind: "external";
  justification: string;
  properties?: Record<string, unknown>;
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: Message;
  locations: Array<{ physicalLocation: PhysicalLocation }>;
  partialFingerprints: Record<string, string>;
  baselineState?: "new" | "unchanged";
  suppressions?: Suppression[];
  properties: Record<string, unknown>;
}
interface Notification {
  level: SarifLevel;
  message: Message;
  descriptor: { id: string };
  locations?: Array<{ physicalLocation: PhysicalLocation }>;
}

const RULE_NAME: Record<FindingKind, string> = {
  malicious: "MaliciousPackageRelease",
  vulnerability: "VulnerableDependency",
  indicator: "CompromiseIndicator",
};

const KIND_PHRASE: Record<FindingKind, string> = {
  malicious: "Malicious package release (malware): installing or importing it runs attacker code",
  vulnerability: "Known vulnerability in a dependency",
  indicator: "Indicator of compromise from a supply-chain campaign",
};

const LEVEL_RANK: Record<SarifLevel, number> = { error: 2, warning: 1, note: 0 };
const KIND_RANK: Record<FindingKind, number> = { malicious: 2, indicator: 1, vulnerability: 0 };
const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, moderate: 2, low: 1, unknown: 0 };

/**
 * A repo-relative POSIX path as a URI reference: every byte outside RFC 3986 "unreserved" and
 * "/" is percent-encoded (so spaces, `%`, `#`, `?`, `:` and controls are inert), and lone
 * surrogates, which have no UTF-8 form, become U+FFFD first.
 */
export function pathToUri(path: string): string {
  const wellFormed = path.replace(/\p{Cs}/gu, "\ufffd");
  return encodeURIComponent(wellFormed)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, "/");
}

/** Plain text for a SARIF message: sanitised, `[`/`]` escaped so data never forms an embedded link. */
function sarifText(raw: string): string {
  return sanitize(raw).replace(/[[\]]/g, (c) => `\\${c}`);
}

/** GitHub wants descriptions and messages to be sentences: end with a period. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** A location; `requireRegion` (results) points a whole-file finding at line 1, as GitHub requires a start line. */
function physicalLocation(loc: Location, requireRegion: boolean): PhysicalLocation {
  const pl: PhysicalLocation = { artifactLocation: { uri: pathToUri(loc.path), uriBaseId: "%SRCROOT%" } };
  const line = loc.line !== undefined && Number.isInteger(loc.line) && loc.line >= 1 ? loc.line : undefined;
  if (line === undefined && !requireRegion) return pl;
  pl.region = { startLine: line ?? 1 };
  if (
    line !== undefined &&
    loc.endLine !== undefined &&
    Number.isInteger(loc.endLine) &&
    loc.endLine >= line
  ) {
    pl.region.endLine = loc.endLine;
  }
  return pl;
}

function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(cmp);
}

function ruleFor(id: string, group: readonly Finding[]): Rule {
  const first = group[0] as Finding;
  const kind = group.reduce<FindingKind>(
    (k, f) => (KIND_RANK[f.kind] > KIND_RANK[k] ? f.kind : k),
    first.kind,
  );
  const level = group.reduce<SarifLevel>((l, f) => {
    const fl = levelOf(f);
    return LEVEL_RANK[fl] > LEVEL_RANK[l] ? fl : l;
  }, "note");
  const score = group.reduce((m, f) => Math.max(m, securitySeverity(f)), 0);
  const severity = group.reduce<Severity>(
    (sv, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[sv] ? f.severity : sv),
    first.severity,
  );
  const aliases = uniqueSorted(group.flatMap((f) => f.aliases)).filter((a) => a !== id);
  const references: string[] = [];
  for (const f of group) for (const r of f.references ?? []) if (!references.includes(r)) references.push(r);
  const fixed = uniqueSorted(group.flatMap((f) => (f.kind === "malicious" ? [] : f.fixed)));
  const lastGood = uniqueSorted(
    group.flatMap((f) => (f.lastKnownGood === undefined ? [] : [f.lastKnownGood])),
  );
  const affected = new Map<string, Set<string>>();
  for (const f of group) {
    const key = f.package
      ? `${f.package.name} (${f.package.ecosystem})`
      : f.indicator
        ? f.indicator.kind
        : "";
    const value = f.package ? f.package.version : (f.indicator?.value ?? "");
    if (key === "") continue;
    const s = affected.get(key) ?? new Set<string>();
    s.add(value);
    affected.set(key, s);
  }
  const affectedLines = [...affected.keys()]
    .sort(cmp)
    .map((k) => [k, uniqueSorted(affected.get(k) ?? [])] as const);
  const ecosystems = uniqueSorted(group.flatMap((f) => (f.package ? [f.package.ecosystem] : [])));
  const summary = first.summary.trim() === "" ? `${KIND_PHRASE[kind]} (${id})` : first.summary;

  const fixLine =
    fixed.length > 0
      ? `Fixed in: ${fixed.join(", ")}.`
      : lastGood.length > 0
        ? `Remove the affected versions or pin the last known-good version: ${lastGood.join(", ")}.`
        : kind === "vulnerability"
          ? "No fixed version is published yet."
          : "Remove the affected package or artifact.";
  const severityLine = `Severity: ${severity} (security-severity ${score.toFixed(1)}).`;

  const text = [
    `${id}: ${summary}`,
    "",
    `${KIND_PHRASE[kind]}.`,
    severityLine,
    ...(aliases.length > 0 ? [`Aliases: ${aliases.join(", ")}.`] : []),
    "",
    "Affected (as found by this scan):",
    ...affectedLines.map(([k, vs]) => `- ${k}: ${vs.join(", ")}`),
    "",
    fixLine,
    ...(references.length > 0 ? ["", "References:", ...references.map((r) => `- ${r}`)] : []),
  ]
    .map(sanitize)
    .join("\n");

  const md = [
    `**${mdText(id)}**: ${mdText(summary)}`,
    "",
    `${mdText(KIND_PHRASE[kind])}. ${mdText(severityLine)}`,
    ...(aliases.length > 0 ? ["", `Aliases: ${aliases.map(mdText).join(", ")}.`] : []),
    "",
    "Affected (as found by this scan):",
    "",
    ...affectedLines.map(([k, vs]) => `- ${mdText(k)}: ${vs.map(mdCode).join(", ")}`),
    "",
    mdText(fixLine),
    ...(references.length > 0
      ? [
          "",
          "References:",
          "",
          ...references.map((r) => `- ${isSafeUrl(r) ? mdLink(mdText(r), r) : mdText(r)}`),
        ]
      : []),
  ].join("\n");

  const tags = ["security", "supply-chain", kind, ...ecosystems];
  const confidences = group.flatMap((f) => (f.indicator ? [f.indicator.confidence] : []));
  const precision =
    kind !== "indicator" ? "very-high" : confidences.includes("confirmed") ? "high" : "medium";

  return {
    id,
    name: RULE_NAME[kind],
    shortDescription: { text: sentence(truncate(sanitize(summary.trim()), 200)) },
    fullDescription: {
      text: sentence(
        sanitize(
          `${summary.trim().replace(/[.!?]+$/, "")}. ${KIND_PHRASE[kind]}${aliases.length > 0 ? `. Aliases: ${aliases.join(", ")}` : ""}`,
        ),
      ),
    },
    defaultConfiguration: { level },
    help: { text, markdown: md },
    helpUri: advisoryUrl({ id, references }) ?? INFORMATION_URI,
    properties: { tags, precision, "security-severity": score.toFixed(1) },
  };
}

function resultFor(f: Finding, ruleIndex: number, withBaseline: boolean): Result {
  const properties: Record<string, unknown> = { kind: f.kind, severity: f.severity };
  if (f.package) properties["package"] = f.package;
  if (f.indicator) properties["indicator"] = f.indicator;
  properties["aliases"] = f.aliases;
  if (f.paths) properties["paths"] = f.paths;
  if (f.direct !== undefined) properties["direct"] = f.direct;
  if (f.dev !== undefined) properties["dev"] = f.dev;
  if (f.optional !== undefined) properties["optional"] = f.optional;
  properties["fixed"] = f.fixed;
  if (f.lastKnownGood !== undefined) properties["lastKnownGood"] = f.lastKnownGood;
  if (f.baseline !== undefined) properties["baseline"] = f.baseline;
  properties["gating"] = isGating(f);
  if (f.suppressed) properties["suppressed"] = f.suppressed;

  const r: Result = {
    ruleId: f.id,
    ruleIndex,
    level: levelOf(f),
    message: { text: sentence(sarifText(findingMessage(f))) },
    locations: [{ physicalLocation: physicalLocation(f.location, true) }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties,
  };
  if (withBaseline) r.baselineState = f.baseline ? "unchanged" : "new";
  if (f.suppressed) {
    const suppression: Suppression = { kind: "external", justification: sanitize(f.suppressed.reason) };
    if (f.suppressed.expires !== undefined) suppression.properties = { expires: f.suppressed.expires };
    r.suppressions = [suppression];
  }
  return r;
}

const NOTE_LEVEL: Record<Diagnostic["severity"], SarifLevel> = {
  error: "error",
  warning: "warning",
  info: "note",
};

function notificationFor(d: Diagnostic): Notification {
  const n: Notification = {
    level: NOTE_LEVEL[d.severity],
    message: { text: sentence(sarifText(d.message)) },
    descriptor: { id: d.code },
  };
  if (d.location) n.locations = [{ physicalLocation: physicalLocation(d.location, false) }];
  return n;
}

/** `lockwarden/<sorted scan paths joined by +>/`, or the --sarif-category value (always ending in "/"). */
export function automationId(options: ReportOptions): string {
  if (options.sarifCategory !== undefined && options.sarifCategory !== "") {
    return options.sarifCategory.endsWith("/") ? options.sarifCategory : `${options.sarifCategory}/`;
  }
  const paths = options.scanPaths.map((p) => (p.length > 1 ? p.replace(/\/+$/, "") : p)).sort(cmp);
  return paths.length === 0 ? "lockwarden/" : `lockwarden/${paths.join("+")}/`;
}

interface Dropped {
  forCount: number;
  forSize: number;
}

function build(
  result: ScanResult,
  options: ReportOptions,
  kept: Finding[],
  dropped: Dropped,
  limits: SarifLimits,
): string {
  const findings = sortFindings(kept);
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = groups.get(f.id);
    if (g) g.push(f);
    else groups.set(f.id, [f]);
  }
  const ruleIds = [...groups.keys()].sort(cmp);
  const rules = ruleIds.map((id) => ruleFor(id, groups.get(id) ?? []));
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const withBaseline = result.findings.some((f) => f.baseline !== undefined);
  const results = findings.map((f) => resultFor(f, index.get(f.id) ?? 0, withBaseline));

  const notifications = sortDiagnostics(result.diagnostics).map(notificationFor);
  if (dropped.forCount > 0) {
    notifications.push({
      level: "warning",
      message: {
        text: `${dropped.forCount} lower-severity results were left out to stay within GitHub code scanning's limit of ${limits.maxResults} results per run; see the JSON report for all findings.`,
      },
      descriptor: { id: "RESULTS_TRUNCATED" },
    });
  }
  if (dropped.forSize > 0) {
    notifications.push({
      level: "warning",
      message: {
        text: `${dropped.forSize} lower-severity results were left out to keep this file under GitHub code scanning's limit of ${limits.maxGzipBytes} bytes gzipped; see the JSON report for all findings.`,
      },
      descriptor: { id: "RESULTS_TRUNCATED" },
    });
  }

  const version = result.tool.version;
  const driver: Record<string, unknown> = { name: "lockwarden", version };
  if (/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version))
    driver["semanticVersion"] = version;
  driver["informationUri"] = INFORMATION_URI;
  driver["rules"] = rules;

  const invocation: Record<string, unknown> = { executionSuccessful: options.exitCode !== 2 };
  if (notifications.length > 0) invocation["toolExecutionNotifications"] = notifications;
  if (options.sarifTimestamps === true) invocation["endTimeUtc"] = new Date().toISOString();

  const run: Record<string, unknown> = {
    tool: { driver },
    automationDetails: { id: automationId(options) },
    invocations: [invocation],
    results,
  };
  const properties: Record<string, unknown> = { databaseRecords: result.database.records };
  const digest = result.database["digest"];
  if (digest !== undefined) properties["databaseDigest"] = digest;
  run["properties"] = properties;

  const log = { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] };
  return `${escapeJsonUnsafe(JSON.stringify(log, null, 2))}\n`;
}

function fitsGzip(text: string, limit: number): boolean {
  // gzip never grows text by more than a few dozen bytes, so small files skip the compression.
  if (Buffer.byteLength(text) + 64 <= limit) return true;
  return gzipSync(text).length <= limit;
}

/** The SARIF reporter with explicit limits (tests use small ones). */
export function renderSarif(result: ScanResult, options: ReportOptions, limits: SarifLimits): string {
  // Priority for the caps: highest security-severity first, then report order.
  const byPriority = [...result.findings].sort(
    (a, b) => securitySeverity(b) - securitySeverity(a) || compareFindings(a, b),
  );
  const count = Math.min(limits.maxResults, byPriority.length);
  const forCount = byPriority.length - count;
  const full = build(result, options, byPriority.slice(0, count), { forCount, forSize: 0 }, limits);
  if (fitsGzip(full, limits.maxGzipBytes)) return full;

  // Binary search for the largest prefix that fits once gzipped.
  let lo = 0;
  let hi = count - 1;
  let best = build(result, options, [], { forCount, forSize: count }, limits);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const text = build(result, options, byPriority.slice(0, mid), { forCount, forSize: count - mid }, limits);
    if (fitsGzip(text, limits.maxGzipBytes)) {
      best = text;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

export function sarif(result: ScanResult, options: ReportOptions): string {
  return renderSarif(result, options, SARIF_LIMITS);
}
