// Package-manager caches (opt-in): an artifact that sits in a cache is one `install` away from
// running again, even after the lockfile was fixed.
//
// - pip (`<pip>/wheels/**`, `<pip>/http-v2/**`): files named like wheels or sdists are looked up
//   by name and version (the `malicious` callback, backed by the advisory database) and hashed
//   against artifact-hash indicators. pip's HTTP cache stores response bodies without names
//   (`http-v2/**/<key>.body`, pip ≥ 23.3): every body up to the size cap is hashed, so a cached
//   malicious wheel or sdist download is still recognised by its digest. The legacy `http/` cache
//   wraps bodies in a serialised response, so its digests never equal an artifact's: not hashed.
// - uv (`wheels-v*/`, `archive-v*/` unpacked wheels, `sdists-v*/`, `built-wheels-v*/`): artifact and
//   `.dist-info` names (including uv's `<wheel stem>.http|.msgpack|.rev` entries), file-name
//   indicators such as `litellm_init.pth` inside unpacked wheels, and hashes of artifacts and of
//   files that path/name indicators name.
// - npm (`_cacache/index-v5/**`): each line is `<sha1>\t<json>` with `key`
//   (`make-fetch-happen:request-cache:<tarball URL>`) and `integrity`; a key naming a malicious
//   package@version or an integrity equal to a hash indicator is reported at that line.
//
// Name matches are `malicious` findings (the advisory's id and aliases); hash matches are
// `indicator` findings. Files over the cap are counted and reported once as an info diagnostic.

import { homedir } from "node:os";
import { join, posix, resolve, win32 } from "node:path";
import { type Diagnostic, diagnostic } from "../core/diagnostics.js";
import { sriToHex } from "../core/text.js";
import type { Ecosystem, Finding } from "../core/types.js";
import { fingerprint, indicatorFinding, safeText } from "../indicators/finding.js";
import type { Indicator, IndicatorSet } from "../indicators/types.js";
import {
  type DistName,
  parseDistInfo,
  parseNpmTarballUrl,
  parsePythonArtifact,
  parseWheelName,
} from "./dist-names.js";
import {
  CACHE_FILE_LIMIT,
  displayPath,
  hashFile,
  INSTALLED_FILE_LIMIT,
  listDir,
  lstatOrUndefined,
  readTextAndHash,
} from "./fs-safe.js";
import { type CollectorResult, sortFindings } from "./installed.js";

export type MaliciousLookup = (
  ecosystem: Ecosystem,
  name: string,
  version: string,
) => { id: string; aliases: string[] } | undefined;

export interface CacheOptions {
  pipCache?: string;
  uvCache?: string;
  npmCache?: string;
  cwd: string;
  /** For `~` in reported paths; defaults to the user's home folder. */
  home?: string;
  /** Per-file hashing cap (default 64 MiB). */
  maxFileBytes?: number;
}

const MAX_DEPTH = 32;
const MAX_ENTRIES = 2_000_000;
const MAX_INDEX_LINE = 1024 * 1024;
const UV_SUFFIX = /\.(http|msgpack|rev)$/;

interface Ctx {
  set: IndicatorSet;
  malicious: MaliciousLookup;
  cwd: string;
  home: string;
  limit: number;
  findings: Finding[];
  diagnostics: Diagnostic[];
  entries: number;
  oversized: number;
}

/** Cache locations per OS, as pip, uv and npm compute them; environment overrides win. */
export function defaultCacheDirs(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  home: string,
): { pipCache: string; uvCache: string; npmCache: string } {
  const p = platform === "win32" ? win32 : posix;
  const get = (k: string) => {
    const v = env[k];
    return v !== undefined && v !== "" ? v : undefined;
  };
  // npm reads npm_config_* case-insensitively.
  const npmConfigCache =
    get("npm_config_cache") ??
    get("NPM_CONFIG_CACHE") ??
    Object.entries(env).find(([k, v]) => k.toLowerCase() === "npm_config_cache" && v)?.[1];
  if (platform === "win32") {
    const local = get("LOCALAPPDATA") ?? p.join(home, "AppData", "Local");
    return {
      pipCache: get("PIP_CACHE_DIR") ?? p.join(local, "pip", "Cache"),
      uvCache: get("UV_CACHE_DIR") ?? p.join(local, "uv", "cache"),
      npmCache: p.join(npmConfigCache ?? p.join(local, "npm-cache"), "_cacache"),
    };
  }
  const xdg = get("XDG_CACHE_HOME");
  const xdgCache = xdg && p.isAbsolute(xdg) ? xdg : p.join(home, ".cache");
  return {
    // pip (platformdirs) uses ~/Library/Caches on macOS and ignores XDG there.
    pipCache:
      get("PIP_CACHE_DIR") ??
      (platform === "darwin" ? p.join(home, "Library", "Caches", "pip") : p.join(xdgCache, "pip")),
    // uv uses the XDG location on macOS too (docs.astral.sh/uv/reference/storage).
    uvCache: get("UV_CACHE_DIR") ?? p.join(xdgCache, "uv"),
    npmCache: p.join(npmConfigCache ?? p.join(home, ".npm"), "_cacache"),
  };
}

function shown(ctx: Ctx, abs: string): string {
  return displayPath(abs, ctx.cwd, ctx.home);
}

function maliciousFinding(
  adv: { id: string; aliases: string[] },
  ecosystem: Ecosystem,
  dn: DistName,
  location: Finding["location"],
  how: string,
  cleanup: string,
): Finding {
  const name = safeText(dn.name, 214);
  const version = safeText(dn.version, 100);
  return {
    id: adv.id,
    aliases: [...adv.aliases],
    kind: "malicious",
    severity: "critical",
    summary: `${how} caches ${name}@${version}, a known-malicious release: ${cleanup}, and check every environment installed from this cache`,
    package: { ecosystem, name, version },
    location,
    fixed: [],
    fingerprint: fingerprint(adv.id, location.path, `${ecosystem}:${name}@${version}`),
  };
}

function hashHits(set: IndicatorSet, algorithm: string, value: string): Indicator[] {
  return set.byHash(value).filter((i) => i.kind === algorithm);
}

/** Depth-first walk of real directories (symlinks are never followed), names sorted. */
async function walk(
  ctx: Ctx,
  dir: string,
  depth: number,
  visit: (abs: string, name: string, isDir: boolean) => Promise<boolean | undefined>,
): Promise<void> {
  if (depth > MAX_DEPTH) return;
  const entries = await listDir(dir);
  if (!entries) return;
  for (const e of entries) {
    if (++ctx.entries > MAX_ENTRIES) return;
    const abs = join(dir, e.name);
    if (e.isDirectory()) {
      const descend = await visit(abs, e.name, true);
      if (descend !== false) await walk(ctx, abs, depth + 1, visit);
    } else if (e.isFile()) {
      await visit(abs, e.name, false);
    }
  }
}

/** Hashes one cached file and reports indicator hits; returns the ids reported. */
async function hashAndReport(ctx: Ctx, abs: string, what: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const h = await hashFile(abs, ctx.limit);
  if (!h.ok) {
    if (h.reason === "too-large") ctx.oversized++;
    return ids;
  }
  const where = shown(ctx, abs);
  for (const ind of hashHits(ctx.set, "sha256", h.sha256)) {
    ids.add(ind.advisory ?? ind.id);
    ctx.findings.push(
      indicatorFinding(
        ind,
        { path: where },
        { what: `${where} (${what}) has the sha256 of a known-malicious artifact` },
      ),
    );
  }
  return ids;
}

async function scanPip(ctx: Ctx, root: string): Promise<void> {
  await walk(ctx, root, 0, async (abs, name, isDir) => {
    // Legacy http/ wraps bodies in a serialised response (digests never equal); selfcheck/ is pip's own state.
    if (isDir) return abs !== join(root, "http") && abs !== join(root, "selfcheck");
    const dn = parsePythonArtifact(name);
    const isBody = name.endsWith(".body");
    if (!dn && !isBody) return;
    const hashIds = await hashAndReport(ctx, abs, isBody ? "cached HTTP download" : "cached artifact");
    if (!dn) return;
    const adv = ctx.malicious("PyPI", dn.name, dn.version);
    if (adv && !hashIds.has(adv.id)) {
      ctx.findings.push(
        maliciousFinding(
          adv,
          "PyPI",
          dn,
          { path: shown(ctx, abs) },
          "The pip cache",
          "run `pip cache purge` (or delete this file)",
        ),
      );
    }
  });
}

async function scanUv(ctx: Ctx, root: string): Promise<void> {
  const nameIndicators = ctx.set.byKind("file-name").filter((i) => !i.safe && i.scope === "site-packages");
  const hashNames = new Set<string>([
    ...nameIndicators.map((i) => i.value.toLowerCase()),
    ...ctx.set
      .byKind("file-path")
      .filter((i) => i.scope === "site-packages" && i.sha256?.length)
      .map((i) => (i.value.split("/").pop() ?? "").toLowerCase()),
  ]);
  const cleanup = "run `uv cache clean` (or `uv cache clean <package>`)";
  await walk(ctx, root, 0, async (abs, name, isDir) => {
    const where = shown(ctx, abs);
    if (isDir) {
      const di = parseDistInfo(name);
      const adv = di && ctx.malicious("PyPI", di.name, di.version);
      if (di && adv)
        ctx.findings.push(maliciousFinding(adv, "PyPI", di, { path: where }, "The uv cache", cleanup));
      return true;
    }
    const dn =
      parsePythonArtifact(name) ??
      (UV_SUFFIX.test(name) ? parseWheelName(name.replace(UV_SUFFIX, ""), true) : undefined);
    const lower = name.toLowerCase();
    let hashIds = new Set<string>();
    if (parsePythonArtifact(name) || hashNames.has(lower))
      hashIds = await hashAndReport(ctx, abs, "cached file");
    for (const ind of nameIndicators) {
      if (ind.value.toLowerCase() === lower && !hashIds.has(ind.advisory ?? ind.id))
        ctx.findings.push(
          indicatorFinding(ind, { path: where }, { what: `${where} (an unpacked wheel in the uv cache)` }),
        );
    }
    const adv = dn && ctx.malicious("PyPI", dn.name, dn.version);
    if (dn && adv && !hashIds.has(adv.id))
      ctx.findings.push(maliciousFinding(adv, "PyPI", dn, { path: where }, "The uv cache", cleanup));
    return undefined;
  });
}

const REQUEST_CACHE = "make-fetch-happen:request-cache:";

async function scanNpmIndexFile(ctx: Ctx, abs: string): Promise<void> {
  const r = await readTextAndHash(abs, INSTALLED_FILE_LIMIT);
  if (!r.ok) {
    if (r.reason === "too-large") ctx.oversized++;
    return;
  }
  const where = shown(ctx, abs);
  const seen = new Set<string>();
  const lines = r.text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const tab = line.indexOf("\t");
    if (tab === -1 || line.length > MAX_INDEX_LINE) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line.slice(tab + 1));
    } catch {
      continue; // a torn write: cacache itself skips such lines
    }
    if (typeof entry !== "object" || entry === null) continue;
    const { key, integrity } = entry as Record<string, unknown>;
    const location = { path: where, line: i + 1 };
    const dn =
      typeof key === "string" && key.startsWith(REQUEST_CACHE)
        ? parseNpmTarballUrl(key.slice(REQUEST_CACHE.length))
        : undefined;
    const ids = new Set<string>();
    if (typeof integrity === "string") {
      for (const h of sriToHex(integrity)) {
        for (const ind of hashHits(ctx.set, h.algorithm, h.value)) {
          const id = ind.advisory ?? ind.id;
          ids.add(id);
          if (seen.has(`${id}\u0000${h.value}`)) continue;
          seen.add(`${id}\u0000${h.value}`);
          const label = dn ? `${safeText(dn.name, 214)}@${safeText(dn.version, 100)}` : "a cached tarball";
          ctx.findings.push(
            indicatorFinding(ind, location, {
              what: `npm cache entry for ${label}: integrity ${h.algorithm} matches`,
            }),
          );
        }
      }
    }
    if (!dn) continue;
    const adv = ctx.malicious("npm", dn.name, dn.version);
    if (!adv || ids.has(adv.id) || seen.has(`${adv.id}\u0000${dn.name}@${dn.version}`)) continue;
    seen.add(`${adv.id}\u0000${dn.name}@${dn.version}`);
    ctx.findings.push(
      maliciousFinding(adv, "npm", dn, location, "The npm cache", "run `npm cache clean --force`"),
    );
  }
}

async function scanNpm(ctx: Ctx, root: string): Promise<void> {
  let index = join(root, "index-v5");
  if (!(await lstatOrUndefined(index))?.isDirectory()) {
    const nested = join(root, "_cacache", "index-v5"); // given the npm cache folder rather than _cacache
    if ((await lstatOrUndefined(nested))?.isDirectory()) index = nested;
    else return;
  }
  await walk(ctx, index, 0, async (abs, _name, isDir) => {
    if (!isDir) await scanNpmIndexFile(ctx, abs);
    return undefined;
  });
}

export async function scanCaches(
  opts: CacheOptions,
  set: IndicatorSet,
  malicious: MaliciousLookup,
): Promise<CollectorResult> {
  const ctx: Ctx = {
    set,
    malicious,
    cwd: resolve(opts.cwd),
    home: opts.home ?? homedir(),
    limit: opts.maxFileBytes ?? CACHE_FILE_LIMIT,
    findings: [],
    diagnostics: [],
    entries: 0,
    oversized: 0,
  };
  const jobs: Array<[string | undefined, (ctx: Ctx, root: string) => Promise<void>]> = [
    [opts.pipCache, scanPip],
    [opts.uvCache, scanUv],
    [opts.npmCache, scanNpm],
  ];
  for (const [dir, scan] of jobs) {
    if (dir === undefined) continue;
    const abs = resolve(ctx.cwd, dir);
    // A cache that does not exist is normal (that tool is not used here): nothing to report.
    if (!(await lstatOrUndefined(abs))?.isDirectory()) continue;
    await scan(ctx, abs);
  }
  if (ctx.entries > MAX_ENTRIES) {
    ctx.diagnostics.push(
      diagnostic(
        "GENERIC",
        { message: `cache scan stopped after ${MAX_ENTRIES} entries` },
        undefined,
        "warning",
      ),
    );
  }
  if (ctx.oversized > 0) {
    ctx.diagnostics.push(
      diagnostic("GENERIC", {
        message: `${ctx.oversized} cached file(s) larger than ${Math.round(ctx.limit / 1048576)} MiB were not hashed`,
      }),
    );
  }
  return { findings: sortFindings(ctx.findings), diagnostics: ctx.diagnostics };
}
