// The scan pipeline: walk → read → parse → load the advisory database for the names seen →
// match packages, artifact hashes, workflows (and, opt-in, installed trees, caches, host) →
// dependency paths → one sorted ScanResult. It owns file I/O; it never prints or exits.

import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type AdvisoryDatabase, loadDatabase } from "../advisory-db/index.js";
import { loadIndicators } from "../indicators/load.js";
import { matchHashes } from "../indicators/match-hashes.js";
import type { IndicatorSet } from "../indicators/types.js";
import { isWorkflowPath } from "../indicators/workflow-path.js";
import { matchPackages } from "../matchers/packages.js";
import { parserFor, sniffParser } from "../parsers/index.js";
import { graphOf, PathFinder } from "./dependency-paths.js";
import { type Diagnostic, diagnostic } from "./diagnostics.js";
import { decodeText, nulLine } from "./read-text.js";
import { errorReason } from "./text.js";
import type {
  Finding,
  LockfileParser,
  PackageRef,
  ParseResult,
  RelatedFile,
  ScannedFile,
  ScanResult,
} from "./types.js";
import { isInside, toRel, type WalkTarget, walk } from "./walk.js";

export { DEFAULT_MAX_FILE_SIZE } from "./limits.js";

import { DEFAULT_MAX_FILE_SIZE } from "./limits.js";

export interface ScanOptions {
  paths: string[];
  cwd: string;
  /** Advisory database folders (each holding osv/ and ioc/). */
  dbDirs: string[];
  toolVersion: string;
  installed?: boolean;
  caches?: boolean;
  cacheDirs?: { pipCache?: string; uvCache?: string; npmCache?: string };
  host?: boolean;
  home?: string;
  systemRoot?: string;
  strictActions?: boolean;
  maxFileSize?: number;
  allPackages?: boolean;
  exclude?: (relPath: string) => boolean;
  /** Progress callback for the CLI spinner (never called by tests that do not care). */
  onProgress?: (event: { phase: "walk" | "parse" | "match"; done: number; total: number }) => void;
}

export interface ScanOutput {
  result: ScanResult;
  /** The loaded advisory database, for callers that need more than the envelope (db stats, policy). */
  db: AdvisoryDatabase;
  indicators: IndicatorSet;
}

interface ParsedFile {
  target: WalkTarget;
  parser: LockfileParser;
  result: ParseResult;
}

const WORKFLOW_KIND = "workflow";
const CONFIG_KIND = "config";

function isConfigPath(path: string): boolean {
  return /(^|\/)\.lockwarden\.ya?ml$/.test(path);
}

export async function scan(options: ScanOptions): Promise<ScanOutput> {
  const cwd = options.cwd;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const diagnostics: Diagnostic[] = [];
  const walkOpts: Parameters<typeof walk>[1] = {
    cwd,
    installed: options.installed ?? false,
    parserFor,
    extraKinds: [
      { kind: WORKFLOW_KIND, matches: isWorkflowPath },
      { kind: CONFIG_KIND, matches: isConfigPath },
    ],
  };
  if (options.exclude) walkOpts.exclude = options.exclude;
  const walked = await walk(options.paths, walkOpts);
  diagnostics.push(...walked.diagnostics);
  // Only the working directory's config applies; one deeper in the tree must not silently suppress.
  const targets = walked.targets.filter((t) => {
    if (t.kind !== CONFIG_KIND) return true;
    if (t.rel.includes("/")) diagnostics.push(diagnostic("CONFIG_NESTED_IGNORED", {}, { path: t.rel }));
    return false;
  });
  options.onProgress?.({ phase: "walk", done: targets.length, total: targets.length });

  const parsed: ParsedFile[] = [];
  const workflows: Array<{ target: WalkTarget; text: string }> = [];
  let done = 0;
  let turn = performance.now();
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i] as WalkTarget;
    // Reading and parsing are synchronous: give the event loop a turn now and then, so a terminal
    // spinner keeps moving through a long scan.
    if (options.onProgress && performance.now() - turn > 80) {
      await new Promise<void>((r) => setImmediate(r));
      turn = performance.now();
    }
    // Read just before parsing, so only one file's text is held at a time.
    const read = readChecked(target.abs, target.rel, maxFileSize);
    done++;
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    if (target.kind === WORKFLOW_KIND) {
      workflows.push({ target, text: read.text });
      continue;
    }
    const parser = target.parser ? await target.parser.load() : await sniffParser(read.text);
    if (!parser) {
      diagnostics.push(diagnostic("FORMAT_UNKNOWN", {}, { path: target.rel }));
      continue;
    }
    const result = await runParser(parser, target, read.text, maxFileSize, cwd);
    parsed.push({ target, parser, result });
    options.onProgress?.({ phase: "parse", done, total: targets.length });
  }

  // Installed node_modules trees (arborist, read-only) join the parsed inventory.
  if (options.installed && walked.installed.nodeModules.length > 0) {
    for (const nm of walked.installed.nodeModules) {
      const { loadInstalledNodeModules } = await import("./installed-npm.js");
      const r = await loadInstalledNodeModules(nm, cwd);
      diagnostics.push(...r.diagnostics);
      if (r.file) parsed.push({ target: r.target, parser: r.parser, result: r.file });
    }
  }

  const packages: PackageRef[] = [];
  const unlocked: PackageRef[] = [];
  const files: ScannedFile[] = [];
  for (const p of parsed) {
    for (const d of p.result.diagnostics) diagnostics.push(withPath(d, p.target.rel));
    packages.push(...p.result.packages);
    if (p.result.unlocked) unlocked.push(...p.result.unlocked);
    const f: ScannedFile = { path: p.target.rel, parser: p.parser.id, packages: p.result.packages.length };
    if (p.result.variant) f.variant = p.result.variant;
    files.push(f);
  }
  for (const w of workflows) files.push({ path: w.target.rel, parser: "github-workflow", packages: 0 });

  options.onProgress?.({ phase: "match", done: 0, total: packages.length });
  // URL requirements are checked like locked packages but never counted in the inventory.
  const checked = unlocked.length > 0 ? [...packages, ...unlocked] : packages;
  const wanted = uniqueNames(checked);
  const [db, indicators] = await Promise.all([
    loadDatabase(options.dbDirs, { wanted }),
    loadIndicators(options.dbDirs),
  ]);
  diagnostics.push(...db.diagnostics, ...indicators.diagnostics);

  const matched = matchPackages(checked, db);
  diagnostics.push(...matched.diagnostics);
  const findings: Finding[] = [...matched.findings, ...matchHashes(checked, indicators)];

  // The YAML library comes with the workflow scanner, loaded only when a workflow was found.
  const { scanWorkflow } =
    workflows.length > 0 ? await import("../indicators/workflows.js") : { scanWorkflow: undefined };
  for (const w of workflows) {
    if (!scanWorkflow) break;
    const r = scanWorkflow(w.target.rel, w.text, indicators, {
      strictActions: options.strictActions ?? false,
    });
    findings.push(...r.findings);
    diagnostics.push(...r.diagnostics);
    const f = files.find((x) => x.path === w.target.rel);
    if (f) f.packages = r.refs;
  }

  // The opt-in collectors are loaded only when asked for, so a plain scan does not pay for them.
  if (options.installed) {
    const { scanInstalledFiles } = await import("../collectors/installed.js");
    const r = await scanInstalledFiles(
      { sitePackages: walked.installed.sitePackages, nodeModules: walked.installed.nodeModules, cwd },
      indicators,
    );
    findings.push(...r.findings);
    diagnostics.push(...r.diagnostics);
  }
  if (options.caches) {
    const { scanCaches } = await import("../collectors/caches.js");
    const r = await scanCaches(
      { ...(options.cacheDirs ?? {}), cwd },
      indicators,
      (ecosystem, name, version) => maliciousLookup(db, ecosystem, name, version),
    );
    findings.push(...r.findings);
    diagnostics.push(...r.diagnostics);
  }
  if (options.host) {
    const { scanHost } = await import("../collectors/host.js");
    const hostOpts: Parameters<typeof scanHost>[0] = {
      home: options.home ?? process.env["HOME"] ?? "~",
      cwd,
    };
    if (options.systemRoot) hostOpts.systemRoot = options.systemRoot;
    const r = await scanHost(hostOpts, indicators);
    findings.push(...r.findings);
    diagnostics.push(...r.diagnostics);
  }

  addDependencyPaths(findings, parsed);

  const result: ScanResult = {
    schemaVersion: 1,
    tool: { name: "lockwarden", version: options.toolVersion },
    database: {
      path: options.dbDirs.map((d) => displayPath(cwd, d)).join(", "),
      records: db.records,
      digest: db.digest,
      ecosystems: db.countsByEcosystem,
      kinds: db.countsByKind,
      indicators: indicators.countsByKind,
      ...(db.newestModified ? { newestModified: db.newestModified } : {}),
    },
    files: files.sort((a, b) => cmp(a.path, b.path)),
    findings: sortFindings(dedupeFindings(findings)),
    diagnostics: sortDiagnostics(dedupeDiagnostics(diagnostics)),
  };
  if (options.allPackages) result.packages = sortPackages(packages);
  return { result, db, indicators };
}

function maliciousLookup(
  db: AdvisoryDatabase,
  ecosystem: "npm" | "PyPI",
  name: string,
  version: string,
): { id: string; aliases: string[] } | undefined {
  const probe: PackageRef = { ecosystem, name, version, source: "registry", location: { path: "" } };
  const hit = matchPackages([probe], db).findings.find((f) => f.kind === "malicious");
  return hit ? { id: hit.id, aliases: hit.aliases } : undefined;
}

type ReadOutcome = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

// Synchronous: reads are sequential anyway (each file is parsed before the next is read), and for
// thousands of small lockfiles a thread-pool round trip per stat and read costs more than the I/O.
// The stat comes first so a FIFO or device named like a lockfile is refused, never opened.
function readChecked(abs: string, rel: string, maxFileSize: number): ReadOutcome {
  try {
    const st = statSync(abs);
    if (!st.isFile())
      return {
        ok: false,
        diagnostic: diagnostic("FILE_UNREADABLE", { reason: "not a regular file" }, { path: rel }),
      };
    if (st.size > maxFileSize) {
      return {
        ok: false,
        diagnostic: diagnostic("FILE_TOO_LARGE", { size: st.size, limit: maxFileSize }, { path: rel }),
      };
    }
    if (rel.endsWith(".lockb")) return { ok: true, text: "" }; // binary by design: its parser explains what to do
    const decoded = decodeText(readFileSync(abs));
    if (!decoded.ok) {
      const loc: { path: string; line?: number } = { path: rel };
      const line = nulLine(decoded.reason);
      if (line !== undefined) loc.line = line;
      return { ok: false, diagnostic: diagnostic("LOCKFILE_UNPARSABLE", { reason: decoded.reason }, loc) };
    }
    return { ok: true, text: decoded.text };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, diagnostic: diagnostic("FILE_NOT_FOUND", {}, { path: rel }) };
    return {
      ok: false,
      diagnostic: diagnostic("FILE_UNREADABLE", { reason: String(code ?? errorReason(err)) }, { path: rel }),
    };
  }
}

async function runParser(
  parser: LockfileParser,
  target: WalkTarget,
  text: string,
  maxFileSize: number,
  cwd: string,
): Promise<ParseResult> {
  // readRelated serves -r includes and sibling manifests; it refuses anything outside the root.
  const cache = new Map<string, RelatedFile>();
  const relatedSync = (from: string, relative: string): RelatedFile => {
    const abs = resolve(cwd, dirname(from), relative);
    const rel = toRel(cwd, abs);
    const hit = cache.get(abs);
    if (hit) return hit;
    let out: RelatedFile;
    if (!isInside(target.root, abs)) {
      out = { ok: false, diagnostic: diagnostic("INCLUDE_OUTSIDE_ROOT", { file: relative }, { path: from }) };
    } else {
      out = readRelatedNow(abs, rel, relative, from, target.root, maxFileSize);
    }
    cache.set(abs, out);
    return out;
  };
  const exists = (from: string, relative: string): boolean => {
    const abs = resolve(cwd, dirname(from), relative);
    if (!isInside(target.root, abs)) return false;
    try {
      return statSync(abs).isFile() && isInside(target.root, realpathSync(abs));
    } catch {
      return false;
    }
  };
  try {
    return await parser.parse({ path: target.rel, content: text, readRelated: relatedSync, exists });
  } catch (err) {
    // Parsers should not throw; if one does, the file is reported as unparsed rather than crashing the scan.
    return {
      packages: [],
      diagnostics: [
        diagnostic(
          "LOCKFILE_UNPARSABLE",
          { reason: `internal parser error: ${errorReason(err)}` },
          { path: target.rel },
        ),
      ],
    };
  }
}

// Parsers are synchronous by contract, so related files are read synchronously (they are few and small).
function readRelatedNow(
  abs: string,
  rel: string,
  asWritten: string,
  from: string,
  root: string,
  maxFileSize: number,
): RelatedFile {
  try {
    const real = realpathSync(abs);
    if (!isInside(root, real)) {
      return {
        ok: false,
        diagnostic: diagnostic("INCLUDE_OUTSIDE_ROOT", { file: asWritten }, { path: from }),
      };
    }
    const st = statSync(real);
    if (!st.isFile())
      return { ok: false, diagnostic: diagnostic("INCLUDE_MISSING", { file: asWritten }, { path: from }) };
    if (st.size > maxFileSize) {
      return {
        ok: false,
        diagnostic: diagnostic("FILE_TOO_LARGE", { size: st.size, limit: maxFileSize }, { path: rel }),
      };
    }
    const decoded = decodeText(readFileSync(real));
    if (!decoded.ok)
      return {
        ok: false,
        diagnostic: diagnostic("LOCKFILE_UNPARSABLE", { reason: decoded.reason }, { path: rel }),
      };
    return { ok: true, path: rel, content: decoded.text };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      return { ok: false, diagnostic: diagnostic("INCLUDE_MISSING", { file: asWritten }, { path: from }) };
    }
    return {
      ok: false,
      diagnostic: diagnostic("FILE_UNREADABLE", { reason: String(code ?? errorReason(err)) }, { path: rel }),
    };
  }
}

function withPath(d: Diagnostic, path: string): Diagnostic {
  if (d.location) return d;
  return { ...d, location: { path } };
}

function uniqueNames(packages: readonly PackageRef[]): Array<{ ecosystem: string; name: string }> {
  // A set of names per ecosystem, not of "ecosystem\0name" strings: no string built per package.
  const seen = new Map<string, Set<string>>();
  const out: Array<{ ecosystem: string; name: string }> = [];
  for (const p of packages) {
    let names = seen.get(p.ecosystem);
    if (names === undefined) {
      names = new Set();
      seen.set(p.ecosystem, names);
    }
    if (names.has(p.name)) continue;
    names.add(p.name);
    out.push({ ecosystem: p.ecosystem, name: p.name });
  }
  return out;
}

/** Adds dependency chains, direct and dev flags to package findings, from the graph of the file they came from. */
function addDependencyPaths(findings: Finding[], parsed: readonly ParsedFile[]): void {
  const byPath = new Map<string, ParsedFile>();
  for (const p of parsed) {
    byPath.set(p.target.rel, p);
    // Installed trees locate each package at its own package.json, not at the tree's path.
    if (p.parser.id === "node-modules") for (const pkg of p.result.packages) byPath.set(pkg.location.path, p);
  }
  const finders = new Map<string, PathFinder>();
  const nodeOf = new Map<string, Map<string, PackageRef>>();
  for (const f of findings) {
    if (!f.package) continue;
    const file = byPath.get(f.location.path);
    if (!file) continue;
    let index = nodeOf.get(f.location.path);
    if (!index) {
      index = new Map();
      for (const p of file.result.packages)
        index.set(packageKey(p.name, p.version ?? "", p.location.line), p);
      nodeOf.set(f.location.path, index);
    }
    const pkg = index.get(packageKey(f.package.name, f.package.version, f.location.line));
    if (!pkg) continue;
    f.dev = pkg.groups?.includes("dev") ?? false;
    if (pkg.groups?.includes("optional")) f.optional = true;
    if (pkg.direct !== undefined) f.direct = pkg.direct;
    if (!file.result.graph || !pkg.nodeId) continue;
    let finder = finders.get(f.location.path);
    if (finder === undefined) {
      const graph = graphOf(file.result);
      if (!graph) continue;
      finder = new PathFinder(graph, file.result.packages);
      finders.set(f.location.path, finder);
    }
    const info = finder.find(pkg.nodeId);
    if (info.paths.length > 0) f.paths = info.paths;
    if (f.direct === undefined) f.direct = info.direct;
  }
}

function packageKey(name: string, version: string, line: number | undefined): string {
  return `${name}\0${version}\0${line ?? ""}`;
}

function displayPath(cwd: string, abs: string): string {
  return isInside(cwd, abs) ? toRel(cwd, abs) : abs;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const k = `${f.fingerprint}\0${f.location.line ?? ""}`;
    if (!seen.has(k)) seen.set(k, f);
  }
  return [...seen.values()];
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      cmp(a.location.path, b.location.path) ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      cmp(a.id, b.id) ||
      cmp(a.package?.name ?? "", b.package?.name ?? "") ||
      cmp(a.fingerprint, b.fingerprint),
  );
}

function dedupeDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}\0${d.location?.path ?? ""}\0${d.location?.line ?? ""}\0${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      cmp(a.location?.path ?? "", b.location?.path ?? "") ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

function sortPackages(ps: PackageRef[]): PackageRef[] {
  return ps.sort(
    (a, b) =>
      cmp(a.location.path, b.location.path) ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      cmp(a.name, b.name) ||
      cmp(a.version ?? "", b.version ?? ""),
  );
}
