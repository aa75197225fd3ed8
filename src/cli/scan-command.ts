// `lockwarden scan`: options → config/policy → scan → reports → exit code.

import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Chalk } from "chalk";
import { type Diagnostic, diagnostic, isIncomplete } from "../core/diagnostics.js";
import { type GlobCompiler, loadGlobCompiler } from "../core/glob.js";
import { applyPolicy, type IgnoreRule, type Policy, todayUtc } from "../core/policy.js";
import { DEFAULT_MAX_FILE_SIZE, scan } from "../core/scan.js";
import type { ScanResult } from "../core/types.js";
import { type FormatName, REPORTERS } from "../reporters/index.js";
import { sanitize } from "../reporters/sanitize.js";
import { readBaseline } from "./baseline.js";
import type { Config } from "./config.js";
import { defaultDbDirs, staleness } from "./db-paths.js";
import { exitCodes, UsageError } from "./exit.js";
import { type Io, useColor } from "./io.js";
import { writeOutput } from "./main.js";
import { startProgress } from "./progress.js";
import { resolveManifests } from "./resolve.js";
import { toolVersion } from "./version.js";

export interface ScanCliOptions {
  format?: string[];
  output?: string;
  allPackages?: boolean;
  db?: string[];
  config?: string;
  failOn?: string;
  ignoreFile?: string;
  exclude?: string[];
  omit?: Array<"dev" | "optional">;
  baseline?: string;
  writeBaseline?: string;
  fail: boolean;
  allowIncomplete?: boolean;
  installed?: boolean;
  resolve?: boolean;
  caches?: boolean;
  pipCache?: string;
  uvCache?: string;
  npmCache?: string;
  host?: boolean;
  home?: string;
  strictActions?: boolean;
  maxFileSize: string;
  maxDbAge: string;
  failOnStale?: boolean;
  sarifCategory?: string;
  sarifTimestamps?: boolean;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
}

interface OutputSpec {
  format: FormatName;
  file?: string;
}

const FAIL_ON = ["critical", "high", "moderate", "low", "none"] as const;

export async function runScan(paths: string[], opts: ScanCliOptions, io: Io): Promise<number> {
  const outputs = parseOutputs(opts.format, opts.output);
  const maxFileSize = positiveInt(opts.maxFileSize, "--max-file-size") ?? DEFAULT_MAX_FILE_SIZE;
  const maxDbAge = positiveInt(opts.maxDbAge, "--max-db-age") ?? 7;
  const config = await loadConfig(opts, io);
  const failOn = opts.failOn ?? config.failOn ?? "low";
  if (!FAIL_ON.includes(failOn as (typeof FAIL_ON)[number])) {
    throw new UsageError(`--fail-on takes ${FAIL_ON.join(", ")}, not "${failOn}"`);
  }
  const ignore: IgnoreRule[] = [...config.ignore];
  if (opts.ignoreFile) ignore.push(...(await readIgnoreFile(opts.ignoreFile, io)));
  const excludeGlobs = [...config.exclude, ...(opts.exclude ?? [])];
  const glob: GlobCompiler | undefined =
    excludeGlobs.length > 0 || ignore.some((r) => r.path !== undefined)
      ? await loadGlobCompiler()
      : undefined;
  const excludeMatch = glob && excludeGlobs.length > 0 ? glob(excludeGlobs) : undefined;
  const dbDirs = opts.db?.map((d) => resolve(io.cwd, d)) ?? defaultDbDirs(io.env, io.platform);
  const extraDiagnostics: Diagnostic[] = [...config.diagnostics];
  if (!opts.db) {
    const stale = staleness(dbDirs, maxDbAge);
    if (stale)
      extraDiagnostics.push(diagnostic("DB_STALE", stale, undefined, opts.failOnStale ? "error" : "warning"));
  }

  const progress = startProgress(io, opts.quiet === true);
  let scanned: ScanResult;
  try {
    const scanOpts: Parameters<typeof scan>[0] = {
      paths,
      cwd: io.cwd,
      dbDirs,
      toolVersion: toolVersion(),
      installed: opts.installed === true,
      caches: opts.caches === true,
      host: opts.host === true,
      strictActions: opts.strictActions === true,
      maxFileSize,
      allPackages: opts.allPackages === true,
      onProgress: progress.update,
    };
    if (excludeMatch) scanOpts.exclude = excludeMatch;
    if (opts.home) scanOpts.home = resolve(io.cwd, opts.home);
    const cacheDirs: { pipCache?: string; uvCache?: string; npmCache?: string } = {};
    if (opts.pipCache) cacheDirs.pipCache = resolve(io.cwd, opts.pipCache);
    if (opts.uvCache) cacheDirs.uvCache = resolve(io.cwd, opts.uvCache);
    if (opts.npmCache) cacheDirs.npmCache = resolve(io.cwd, opts.npmCache);
    scanOpts.cacheDirs = cacheDirs;
    const out = await scan(scanOpts);
    scanned = out.result;
    if (opts.resolve) scanned = await resolveManifests(scanned, out.db, io);
  } finally {
    progress.stop();
  }
  scanned = { ...scanned, diagnostics: [...extraDiagnostics, ...scanned.diagnostics] };

  const policy: Policy = {
    failOn: failOn as Policy["failOn"],
    ignore,
    omit: [...config.omit, ...(opts.omit ?? [])],
    today: todayUtc(),
  };
  if (glob) policy.glob = glob;
  if (opts.baseline) {
    const b = readBaseline(resolve(io.cwd, opts.baseline));
    if (!b.ok) throw new UsageError(`${opts.baseline}: ${b.reason}`);
    policy.baseline = b.fingerprints;
  }
  const { result, gating } = applyPolicy(scanned, policy);

  const incomplete = result.diagnostics.some(isIncomplete);
  let exitCode: 0 | 1 | 2 = exitCodes.clean;
  if (incomplete && !opts.allowIncomplete) exitCode = exitCodes.incomplete;
  else if (gating > 0 && opts.fail) exitCode = exitCodes.findings;

  for (const spec of outputs) {
    const toFile = spec.file !== undefined;
    const color = !toFile && useColor(opts.color, io.stdoutIsTTY, io.env);
    const reportOpts: Parameters<(typeof REPORTERS)[FormatName]>[1] = { color, scanPaths: paths, exitCode };
    if (opts.quiet) reportOpts.quiet = true;
    if (opts.verbose) reportOpts.verbose = true;
    if (opts.sarifCategory) reportOpts.sarifCategory = opts.sarifCategory;
    if (opts.sarifTimestamps) reportOpts.sarifTimestamps = true;
    const text = REPORTERS[spec.format](result, reportOpts);
    if (spec.file) await writeOutput(resolve(io.cwd, spec.file), text);
    else io.stdout(text);
  }
  if (opts.writeBaseline)
    await writeOutput(
      resolve(io.cwd, opts.writeBaseline),
      REPORTERS.json(result, { color: false, scanPaths: paths, exitCode }),
    );

  // Errors also go to stderr as one line each, so CI logs show why a scan exits 2 even with --format json.
  const stderrColor = useColor(opts.color, io.stderrIsTTY, io.env);
  const red = new Chalk({ level: stderrColor ? 1 : 0 }).red;
  const writesTableToStdout = outputs.some((o) => o.format === "table" && o.file === undefined);
  if (!writesTableToStdout) {
    for (const d of result.diagnostics) {
      if (d.severity !== "error") continue;
      // Paths and messages carry scanned bytes: neutralise control and bidi characters like every report.
      const where = d.location
        ? `${sanitize(d.location.path)}${d.location.line ? `:${d.location.line}` : ""}: `
        : "";
      io.stderr(`${red("error")} ${where}${sanitize(d.message)}\n`);
    }
  }
  return exitCode;
}

function parseOutputs(formats: string[] | undefined, output: string | undefined): OutputSpec[] {
  const specs: OutputSpec[] = [];
  let outputUsed = false;
  for (const raw of formats?.length ? formats : ["table"]) {
    const eq = raw.indexOf("=");
    const name = (eq === -1 ? raw : raw.slice(0, eq)).trim();
    if (!(name in REPORTERS)) {
      throw new UsageError(`unknown format "${name}" (use one of ${Object.keys(REPORTERS).join(", ")})`);
    }
    const spec: OutputSpec = { format: name as FormatName };
    if (eq !== -1) {
      const file = raw.slice(eq + 1).trim();
      if (!file) throw new UsageError(`--format ${raw}: missing file name after "="`);
      spec.file = file;
    } else if (output && !outputUsed) {
      spec.file = output;
      outputUsed = true;
    }
    specs.push(spec);
  }
  if (specs.filter((s) => s.file === undefined).length > 1) {
    throw new UsageError("only one --format can write to stdout; give the others a file (FORMAT=FILE)");
  }
  return specs;
}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0)
    throw new UsageError(`${flag} takes a positive whole number, not "${v}"`);
  return Number(v);
}

// The config reader (and the YAML library) is loaded only when there is a config to read.
async function loadConfig(opts: ScanCliOptions, io: Io): Promise<Config & { diagnostics: Diagnostic[] }> {
  const explicit = opts.config !== undefined;
  const file = resolve(io.cwd, opts.config ?? ".lockwarden.yml");
  const shown = opts.config ?? ".lockwarden.yml";
  if (!existsSync(file)) {
    if (explicit) throw new UsageError(`${shown}: config file not found`);
    return { ignore: [], exclude: [], omit: [], diagnostics: [] };
  }
  const { ConfigError, parseConfig } = await import("./config.js");
  try {
    return { ...parseConfig(readFileSync(file, "utf8"), shown), diagnostics: [] };
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw new UsageError(`${shown}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function readIgnoreFile(file: string, io: Io): Promise<IgnoreRule[]> {
  const abs = resolve(io.cwd, file);
  if (!existsSync(abs)) throw new UsageError(`${file}: ignore file not found`);
  const text = readFileSync(abs, "utf8");
  const { ConfigError, parseConfig } = await import("./config.js");
  // An ignore file is a config holding only `ignore:` (or a bare list of entries).
  const wrapped =
    /^\s*-/m.test(text) && !/^ignore\s*:/m.test(text) ? `ignore:\n${text.replace(/^/gm, "  ")}` : text;
  try {
    return parseConfig(wrapped, file).ignore;
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}
