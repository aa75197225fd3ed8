// Installed trees: Python site-packages and node_modules, checked against file indicators.
//
// site-packages (each given directory, not recursive): every `*.pth` — Python's site module runs
// each of its lines that starts with "import " at every interpreter start, which is how litellm
// 1.82.8 persisted. A .pth whose sha256 or name matches an indicator is reported under the
// indicator's advisory (MAL-2026-2144); any other .pth with an executable line that uses exec(),
// base64 or subprocess gets the generic LOCKWARDEN-PTH-EXEC finding. Files named by
// `<site-packages>/…` path indicators (litellm/proxy/proxy_server.py, telnyx/_client.py) are
// hashed: those paths are legitimate, only the published malicious digests count.
//
// node_modules (recursively: `<nm>/<pkg>`, `<nm>/@scope/<pkg>`, nested node_modules, pnpm's
// `.pnpm/<id>/node_modules`): files named by `<node_modules>/<pkg>/…` path indicators (index.js,
// deploy.js) are hashed; and the file an install script runs (`"postinstall": "node index.js"`, also
// preinstall/install) is hashed and searched for the node-modules content markers (findNpmTokens,
// BASE64_PAYLOAD, …). Marker hits are high (content heuristics), hash hits follow the confidence.
// Directory symlinks are never descended (pnpm's links point into .pnpm, which is walked anyway;
// workspace links point at source, not installed code); file symlinks are followed only inside.

import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { type Diagnostic, diagnostic } from "../core/diagnostics.js";
import type { Finding } from "../core/types.js";
import { indicatorFinding, RULE_PTH_EXEC, ruleFinding, safeText } from "../indicators/finding.js";
import type { Indicator, IndicatorSet } from "../indicators/types.js";
import {
  displayPath,
  hashFile,
  INSTALLED_FILE_LIMIT,
  listDir,
  lstatOrUndefined,
  readDiagnostic,
  readTextAndHash,
  resolveInside,
} from "./fs-safe.js";

const MAX_DEPTH = 40;
const MAX_PACKAGES = 500_000;
const PACKAGE_JSON_LIMIT = 1024 * 1024;
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall"] as const;
/** The exact shape CanisterWorm used: `node <file.js>` (optionally ./), nothing else in the script. */
const NODE_SCRIPT = /^\s*node\s+(?:\.\/)?([A-Za-z0-9_@.\-/]+\.[cm]?js)\s*$/;
const PTH_RISKY = /\bexec\s*\(|\bbase64\b|\bsubprocess\b/;

export interface InstalledOptions {
  sitePackages: string[];
  nodeModules: string[];
  cwd: string;
  /** For `~` in reported paths; defaults to the user's home folder. */
  home?: string;
}

export interface CollectorResult {
  findings: Finding[];
  diagnostics: Diagnostic[];
}

interface Ctx {
  set: IndicatorSet;
  cwd: string;
  home: string;
  findings: Finding[];
  diagnostics: Diagnostic[];
  packages: number;
}

function shown(ctx: Ctx, abs: string): string {
  return displayPath(abs, ctx.cwd, ctx.home);
}

/** `<prefix>/rest` path indicators → rest, for one scope prefix. */
function relativeIndicators(set: IndicatorSet, prefix: string): Array<{ ind: Indicator; rel: string }> {
  return set
    .byKind("file-path")
    .filter((i) => !i.safe && i.value.startsWith(prefix))
    .map((ind) => ({ ind, rel: ind.value.slice(prefix.length) }))
    .filter(
      ({ rel }) => rel !== "" && !rel.split("/").some((s) => s === ".." || s === "." || /^<.*>$/.test(s)),
    );
}

function sha256Hits(set: IndicatorSet, sha: string): Indicator[] {
  return set.byHash(sha).filter((i) => i.kind === "sha256");
}

// --- site-packages -------------------------------------------------------------------------------

async function scanPth(ctx: Ctx, dir: string, name: string): Promise<void> {
  const abs = join(dir, name);
  const where = shown(ctx, abs);
  const r = await resolveInside(dir, abs, where);
  if (!r.ok) {
    if (r.diagnostic) ctx.diagnostics.push(r.diagnostic);
    return;
  }
  if (!r.stats.isFile()) return;
  const nameHits = ctx.set
    .byKind("file-name")
    .filter((i) => !i.safe && i.scope === "site-packages" && i.value.toLowerCase() === name.toLowerCase());
  const read = await readTextAndHash(r.path, INSTALLED_FILE_LIMIT);
  if (!read.ok) {
    const d = readDiagnostic(read, where, INSTALLED_FILE_LIMIT);
    if (d) ctx.diagnostics.push(d);
    // The name alone still convicts a known startup hook.
    for (const ind of nameHits)
      ctx.findings.push(
        indicatorFinding(ind, { path: where }, { what: `${where} (a known-malicious .pth name)` }),
      );
    return;
  }
  const hashHits = sha256Hits(ctx.set, read.sha256);
  if (hashHits.length > 0) {
    for (const ind of hashHits)
      ctx.findings.push(
        indicatorFinding(ind, { path: where }, { what: `${where} has the sha256 of a known-malicious file` }),
      );
    return;
  }
  if (nameHits.length > 0) {
    for (const ind of nameHits) {
      const differs = ind.sha256?.length ? " (content differs from the published sample)" : "";
      ctx.findings.push(
        indicatorFinding(
          ind,
          { path: where },
          { what: `${where} is a known-malicious .pth startup hook${differs}` },
        ),
      );
    }
    return;
  }
  if (!name.toLowerCase().endsWith(".pth")) return;
  const lines = read.text.split(/\r?\n/);
  const idx = lines.findIndex((l) => /^import[ \t]/.test(l) && PTH_RISKY.test(l));
  if (idx !== -1) {
    const line = idx + 1;
    const used = [/\bexec\s*\(/, /\bbase64\b/, /\bsubprocess\b/]
      .filter((re) => re.test(lines[idx] ?? ""))
      .map((re) => re.source.replaceAll("\\b", "").replace("\\s*\\(", "("));
    ctx.findings.push(
      ruleFinding(
        RULE_PTH_EXEC,
        { path: where, line },
        {
          summary: `${where} line ${line}: a .pth line that Python runs at every interpreter start uses ${used.join(", ")}; this is how the litellm 1.82.8 payload persisted. Inspect the file (do not run Python in this environment until you have)`,
          kind: "file-name",
          value: name,
        },
      ),
    );
  }
}

async function scanSitePackagesDir(ctx: Ctx, dir: string, rels: Array<{ ind: Indicator; rel: string }>) {
  const where = shown(ctx, dir);
  const st = await lstatOrUndefined(dir);
  if (!st) {
    ctx.diagnostics.push(diagnostic("FILE_NOT_FOUND", {}, { path: where }));
    return;
  }
  if (!st.isDirectory()) return;
  const entries = await listDir(dir);
  if (!entries) {
    ctx.diagnostics.push(diagnostic("FILE_UNREADABLE", { reason: "cannot list directory" }, { path: where }));
    return;
  }
  for (const e of entries) {
    if (e.name.toLowerCase().endsWith(".pth") && (e.isFile() || e.isSymbolicLink()))
      await scanPth(ctx, dir, e.name);
  }
  for (const { ind, rel } of rels) await checkRelativeFile(ctx, dir, rel, ind);
}

/** A file named by a path indicator inside a package tree: existence (if it says so) or hash. */
/** Returns true when the file was reported. */
async function checkRelativeFile(ctx: Ctx, root: string, rel: string, ind: Indicator): Promise<boolean> {
  const abs = join(root, ...rel.split("/"));
  const where = shown(ctx, abs);
  const r = await resolveInside(root, abs, where);
  if (!r.ok) {
    if (r.diagnostic) ctx.diagnostics.push(r.diagnostic);
    return false;
  }
  if (ind.matchExistence) {
    ctx.findings.push(indicatorFinding(ind, { path: where }, { what: `${where} exists` }));
    return true;
  }
  if (!r.stats.isFile()) return false;
  const h = await hashFile(r.path, INSTALLED_FILE_LIMIT);
  if (!h.ok) return false; // larger than any published sample, or unreadable: cannot match
  const hits = sha256Hits(ctx.set, h.sha256);
  for (const hit of hits) {
    ctx.findings.push(
      indicatorFinding(hit, { path: where }, { what: `${where} has the sha256 of a known-malicious file` }),
    );
  }
  if (hits.length === 0 && ind.sha256?.includes(h.sha256)) {
    ctx.findings.push(
      indicatorFinding(ind, { path: where }, { what: `${where} matches a published malicious digest` }),
    );
    return true;
  }
  return hits.length > 0;
}

// --- node_modules --------------------------------------------------------------------------------

interface PackageInfo {
  name?: string;
  version?: string;
  scripts: Array<{ script: string; target: string }>;
}

async function readPackageJson(pkgDir: string): Promise<PackageInfo> {
  const info: PackageInfo = { scripts: [] };
  const r = await readTextAndHash(join(pkgDir, "package.json"), PACKAGE_JSON_LIMIT);
  if (!r.ok) return info;
  let pj: unknown;
  try {
    pj = JSON.parse(r.text);
  } catch {
    return info;
  }
  if (typeof pj !== "object" || pj === null) return info;
  const o = pj as Record<string, unknown>;
  if (typeof o.name === "string" && o.name.length <= 214) info.name = o.name;
  if (typeof o.version === "string" && o.version.length <= 256) info.version = o.version;
  const scripts = o.scripts;
  if (typeof scripts === "object" && scripts !== null) {
    for (const s of INSTALL_SCRIPTS) {
      const cmd = (scripts as Record<string, unknown>)[s];
      if (typeof cmd !== "string") continue;
      const m = NODE_SCRIPT.exec(cmd);
      const target = m?.[1];
      if (target && !target.split("/").some((seg) => seg === ".." || seg === ""))
        info.scripts.push({ script: s, target });
    }
  }
  return info;
}

async function scanPackage(
  ctx: Ctx,
  pkgDir: string,
  rels: Array<{ ind: Indicator; rel: string }>,
  depth: number,
) {
  if (++ctx.packages > MAX_PACKAGES) return;
  const before = ctx.findings.length;
  const reported = new Set<string>();
  for (const { ind, rel } of rels) if (await checkRelativeFile(ctx, pkgDir, rel, ind)) reported.add(rel);
  const info = await readPackageJson(pkgDir);
  const pkg =
    info.name !== undefined && info.version !== undefined
      ? { ecosystem: "npm" as const, name: safeText(info.name, 214), version: safeText(info.version, 100) }
      : undefined;

  const markers = ctx.set.byKind("string").filter((i) => !i.safe && i.scope === "node-modules");
  for (const { script, target } of info.scripts) {
    if (reported.has(target)) continue; // already convicted by its hash
    const abs = join(pkgDir, ...target.split("/"));
    const where = shown(ctx, abs);
    const r = await resolveInside(pkgDir, abs, where);
    if (!r.ok) {
      if (r.diagnostic) ctx.diagnostics.push(r.diagnostic);
      continue;
    }
    if (!r.stats.isFile()) continue;
    const read = await readTextAndHash(r.path, INSTALLED_FILE_LIMIT);
    if (!read.ok) continue;
    const run = `"${script}": "node ${safeText(target, 120)}"`;
    const hits = sha256Hits(ctx.set, read.sha256);
    for (const ind of hits) {
      const f = indicatorFinding(
        ind,
        { path: where },
        { what: `${where}, run by ${run}, has the sha256 of a known-malicious file` },
      );
      if (pkg) f.package = pkg;
      ctx.findings.push(f);
    }
    if (hits.length > 0) continue;
    const found = markers.filter((m) => read.text.includes(m.value));
    const first = found[0];
    if (first) {
      const f = indicatorFinding(
        first,
        { path: where },
        {
          what: `${where}, run by ${run} at install time, contains ${found.map((m) => m.value).join(", ")}`,
          severity: "high",
        },
      );
      if (pkg) f.package = pkg;
      ctx.findings.push(f);
    }
  }
  if (pkg) for (const f of ctx.findings.slice(before)) f.package ??= pkg;
  await walkNodeModules(ctx, join(pkgDir, "node_modules"), rels, depth + 1);
}

async function walkNodeModules(
  ctx: Ctx,
  nm: string,
  rels: Array<{ ind: Indicator; rel: string }>,
  depth: number,
) {
  if (depth > MAX_DEPTH) return;
  const st = await lstatOrUndefined(nm);
  if (!st?.isDirectory()) return;
  const entries = await listDir(nm);
  if (!entries) {
    ctx.diagnostics.push(
      diagnostic("FILE_UNREADABLE", { reason: "cannot list directory" }, { path: shown(ctx, nm) }),
    );
    return;
  }
  for (const e of entries) {
    if (!e.isDirectory()) continue; // symlinks and files are not packages to descend into
    const p = join(nm, e.name);
    if (e.name === ".pnpm") {
      for (const id of (await listDir(p)) ?? []) {
        if (id.isDirectory()) await walkNodeModules(ctx, join(p, id.name, "node_modules"), rels, depth + 1);
      }
    } else if (e.name.startsWith("@")) {
      for (const s of (await listDir(p)) ?? [])
        if (s.isDirectory()) await scanPackage(ctx, join(p, s.name), rels, depth);
    } else if (!e.name.startsWith(".")) {
      await scanPackage(ctx, p, rels, depth);
    }
  }
}

export async function scanInstalledFiles(
  opts: InstalledOptions,
  set: IndicatorSet,
): Promise<CollectorResult> {
  const ctx: Ctx = {
    set,
    cwd: resolve(opts.cwd),
    home: opts.home ?? homedir(),
    findings: [],
    diagnostics: [],
    packages: 0,
  };
  const siteRels = relativeIndicators(set, "<site-packages>/");
  for (const dir of opts.sitePackages) await scanSitePackagesDir(ctx, resolve(ctx.cwd, dir), siteRels);

  const nodeRels = relativeIndicators(set, "<node_modules>/<pkg>/");
  for (const dir of opts.nodeModules) {
    const abs = resolve(ctx.cwd, dir);
    if (!(await lstatOrUndefined(abs))) {
      ctx.diagnostics.push(diagnostic("FILE_NOT_FOUND", {}, { path: shown(ctx, abs) }));
      continue;
    }
    await walkNodeModules(ctx, abs, nodeRels, 0);
  }
  if (ctx.packages > MAX_PACKAGES) {
    ctx.diagnostics.push(
      diagnostic(
        "GENERIC",
        { message: `node_modules scan stopped after ${MAX_PACKAGES} packages` },
        undefined,
        "warning",
      ),
    );
  }
  return { findings: sortFindings(ctx.findings), diagnostics: ctx.diagnostics };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : 0) ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
