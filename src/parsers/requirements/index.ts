// pip requirements files. Only exact pins (`name==1.2.3`, `name===x`) lock a version; everything
// else is reported as a diagnostic rather than guessed. `-r` includes are followed through
// readRelated (once per file), `-c` constraint files are recorded but not read (they install
// nothing). See README.md for the format's quirks.

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import type {
  ArtifactHash,
  Location,
  LockfileParser,
  PackageRef,
  PackageSource,
  ParseContext,
  ParseResult,
} from "../../core/types.js";
import {
  eggName,
  fileNameOf,
  fragmentHashes,
  parseDistFileName,
  parseHash,
} from "../../ecosystems/pypi-dist.js";
import { logicalLines } from "./logical-lines.js";
import { requirementsMeta } from "./meta.js";
import { parseOptions, splitArgsOptions } from "./options.js";
import { parseRequirement, pinnedVersion, specifierText } from "./pep508.js";

interface Walk {
  ctx: ParseContext;
  packages: PackageRef[];
  unlocked: PackageRef[];
  diagnostics: Diagnostic[];
  related: string[];
  /** Files already read (repo-relative), so each is read once and cycles end. */
  seen: Set<string>;
}

const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const VCS_SCHEME = /^(?:git|hg|svn|bzr)\+/i;
const ARCHIVE = /\.(?:whl|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip)$/i;

/** Keeps a diagnostic's quoted line short: a hostile file can hold one megabyte-long line. */
function clip(text: string): string {
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/** Several lines that read as exact PEP 508 pins, and few that read as nothing pip accepts. */
function sniff(content: string): boolean {
  let pins = 0;
  let bad = 0;
  for (const { text } of logicalLines(content.slice(0, 64 * 1024)).slice(0, 200)) {
    const { args } = splitArgsOptions(text);
    if (args === "") continue;
    const r = parseRequirement(args);
    if (!r.ok) bad++;
    else if (pinnedVersion(r.requirement) !== undefined) pins++;
  }
  return pins >= 2 && bad * 4 <= pins;
}

function parse(ctx: ParseContext): ParseResult {
  const walk: Walk = {
    ctx,
    packages: [],
    unlocked: [],
    diagnostics: [],
    related: [],
    seen: new Set([ctx.path]),
  };
  readFile(walk, ctx.path, ctx.content);
  // Comments, blank lines and options pip accepts but that pin nothing: a file that requires nothing.
  if (
    walk.packages.length === 0 &&
    walk.unlocked.length === 0 &&
    walk.diagnostics.length === 0 &&
    ctx.content.trim() !== ""
  ) {
    walk.diagnostics.push(
      diagnostic("NO_PACKAGES_LOCKED", { detail: "no requirement lines" }, { path: ctx.path }),
    );
  }
  const result: ParseResult = { packages: walk.packages, diagnostics: walk.diagnostics };
  if (walk.related.length > 0) result.related = walk.related;
  if (walk.unlocked.length > 0) result.unlocked = walk.unlocked;
  return result;
}

function readFile(walk: Walk, path: string, content: string): void {
  for (const { line, text } of logicalLines(content)) {
    const at: Location = { path, line };
    const { args, options } = splitArgsOptions(text);
    if (args === "") readOptionLine(walk, options, at);
    else readRequirementLine(walk, args, options, at);
  }
}

function readOptionLine(walk: Walk, options: string, at: Location): void {
  let warned = false;
  for (const option of parseOptions(options)) {
    const { name, value } = option;
    if (!option.known) {
      // pip refuses the whole file on an option it does not know; whatever this meant, it pins
      // nothing we can read. Said once per line; the options pip knows on it are still read.
      if (!warned) {
        const reason = `${clip(name)} is neither a requirement nor an option pip knows`;
        walk.diagnostics.push(diagnostic("ENTRY_SKIPPED", { entry: clip(options), reason }, at, "warning"));
      }
      warned = true;
      continue;
    }
    if (name !== "--requirement" && name !== "--constraint" && name !== "--editable") continue;
    if (value === undefined || value === "") {
      // pip refuses the whole file here; whatever the option meant to add is unknown to us.
      walk.diagnostics.push(
        diagnostic("ENTRY_SKIPPED", { entry: clip(options), reason: `${name} needs a value` }, at),
      );
    } else if (name === "--requirement") {
      include(walk, value, at);
    } else if (name === "--constraint") {
      walk.diagnostics.push(diagnostic("CONSTRAINTS_FILE", { file: value }, at));
    } else {
      editable(walk, value, at);
    }
  }
}

function include(walk: Walk, target: string, at: Location): void {
  if (URL_SCHEME.test(target)) {
    // A remote include cannot be read offline, and pip would fetch whatever it serves today.
    walk.diagnostics.push(diagnostic("INCLUDE_OUTSIDE_ROOT", { file: target }, at));
    return;
  }
  const file = walk.ctx.readRelated(at.path, target);
  if (!file.ok) {
    walk.diagnostics.push({ ...file.diagnostic, location: at });
    return;
  }
  if (walk.seen.has(file.path)) {
    walk.diagnostics.push(diagnostic("INCLUDE_CYCLE", { file: file.path }, at));
    return;
  }
  walk.seen.add(file.path);
  walk.related.push(file.path);
  readFile(walk, file.path, file.content);
}

/** `-e <path or VCS URL>`: a package only when `#egg=` names it; never versioned. */
function editable(walk: Walk, target: string, at: Location): void {
  const name = eggName(target);
  if (name === undefined) {
    walk.diagnostics.push(diagnostic("OPTION_IGNORED", { option: `-e ${target}` }, at));
    return;
  }
  const source: PackageSource = VCS_SCHEME.test(target) ? "git" : "path";
  walk.packages.push({ ecosystem: "PyPI", name, source, resolved: target, location: at });
}

function readRequirementLine(walk: Walk, args: string, options: string, at: Location): void {
  const hashes = lineHashes(options);
  const first = args.split(/[ \t]/, 1)[0] ?? args;
  if (URL_SCHEME.test(first) || /^file:/i.test(first) || looksLikePath(first)) {
    bareReference(walk, first, hashes, at);
    return;
  }
  const parsed = parseRequirement(args);
  if (!parsed.ok) {
    walk.diagnostics.push(diagnostic("ENTRY_SKIPPED", { entry: clip(args), reason: parsed.reason }, at));
    return;
  }
  const req = parsed.requirement;
  if (req.url !== undefined) {
    directReference(walk, req.name, req.url, hashes, at);
    return;
  }
  const version = pinnedVersion(req);
  if (version === undefined) {
    walk.diagnostics.push(diagnostic("VERSION_NOT_PINNED", { name: req.name, spec: specifierText(req) }, at));
    return;
  }
  walk.packages.push(
    withHashes({ ecosystem: "PyPI", name: req.name, version, source: "registry", location: at }, hashes),
  );
}

/** pip treats a first word with a path separator, a leading "." or an archive suffix as a path. */
function looksLikePath(word: string): boolean {
  if (word.startsWith(".") || word.startsWith("/") || word.startsWith("~")) return true;
  if (/^[A-Za-z]:[\\/]/.test(word)) return true;
  if (word.includes("@")) return false;
  return word.includes("/") || word.includes("\\") || ARCHIVE.test(word);
}

/** `name @ url`: versioned only when the URL names a wheel or an sdist of that project. */
function directReference(walk: Walk, name: string, url: string, hashes: ArtifactHash[], at: Location): void {
  if (VCS_SCHEME.test(url)) {
    walk.diagnostics.push(diagnostic("URL_REQUIREMENT", { name, url }, at));
    return;
  }
  const dist = parseDistFileName(fileNameOf(url), name);
  const allHashes = [...hashes, ...fragmentHashes(url)];
  if (/^file:/i.test(url)) {
    const pkg: PackageRef = { ecosystem: "PyPI", name, source: "path", resolved: url, location: at };
    if (dist) pkg.version = dist.version;
    walk.packages.push(withHashes(pkg, allHashes));
    return;
  }
  if (dist === undefined) {
    walk.diagnostics.push(diagnostic("URL_REQUIREMENT", { name, url }, at));
    return;
  }
  // Matched, but kept out of the locked inventory: a URL names an artifact, it does not lock a release.
  walk.unlocked.push(
    withHashes(
      { ecosystem: "PyPI", name, version: dist.version, source: "url", resolved: url, location: at },
      allHashes,
    ),
  );
  walk.diagnostics.push(diagnostic("URL_REQUIREMENT_MATCHED", { name, version: dist.version }, at));
}

/** A bare URL or path (no `name @`): the name comes from `#egg=` or a wheel file name. */
function bareReference(walk: Walk, target: string, hashes: ArtifactHash[], at: Location): void {
  const egg = eggName(target);
  const dist = parseDistFileName(fileNameOf(target), egg);
  const name = egg ?? dist?.name;
  const remote = URL_SCHEME.test(target) && !/^file:/i.test(target);
  if (!remote) {
    if (name === undefined) {
      walk.diagnostics.push(diagnostic("OPTION_IGNORED", { option: target }, at));
      return;
    }
    const pkg: PackageRef = { ecosystem: "PyPI", name, source: "path", resolved: target, location: at };
    if (dist) pkg.version = dist.version;
    walk.packages.push(withHashes(pkg, [...hashes, ...fragmentHashes(target)]));
    return;
  }
  if (name === undefined) {
    walk.diagnostics.push(diagnostic("URL_REQUIREMENT", { name: "(unnamed)", url: target }, at));
    return;
  }
  directReference(walk, name, target, hashes, at);
}

function lineHashes(options: string): ArtifactHash[] {
  if (options === "") return [];
  const out: ArtifactHash[] = [];
  for (const option of parseOptions(options)) {
    if (option.name !== "--hash" || option.value === undefined) continue;
    const hash = parseHash(option.value);
    if (hash) out.push(hash);
  }
  return out;
}

function withHashes(pkg: PackageRef, hashes: ArtifactHash[]): PackageRef {
  if (hashes.length > 0) pkg.hashes = hashes;
  return pkg;
}

export const requirementsParser: LockfileParser = {
  ...requirementsMeta,
  sniff,
  parse,
};
