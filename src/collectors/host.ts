// Host persistence (opt-in), driven entirely by the IOC data: every `file-path` indicator written
// as `~/…` (the home folder), `/…` (under systemRoot, "/" by default; tests and mounted images
// point it elsewhere) or `%APPDATA%\…` (home/AppData/Roaming) is checked with lstat — links are not
// followed, contents are never read or printed. `<placeholder>` segments (e.g. a runner's
// `_actions/aquasecurity/trivy-action/<tag>/`) stand for any one real directory. A path whose
// existence is the indicator is reported when present; a path that also exists legitimately
// (`matchExistence: false`, e.g. a runner's entrypoint.sh) only when its sha256 matches. One
// finding per existing path, saying what to do.

import { join, resolve } from "node:path";
import type { Diagnostic } from "../core/diagnostics.js";
import type { Finding } from "../core/types.js";
import { indicatorFinding } from "../indicators/finding.js";
import type { Indicator, IndicatorSet } from "../indicators/types.js";
import { CACHE_FILE_LIMIT, displayPath, hashFile, listDir, lstatOrUndefined } from "./fs-safe.js";
import { type CollectorResult, sortFindings } from "./installed.js";

export interface HostOptions {
  home: string;
  /** Where absolute indicator paths are looked up; default "/". */
  systemRoot?: string;
  cwd: string;
}

const MAX_EXPANSION = 1000;

/** Base directory and path segments of a host indicator, or undefined when it is not a host path. */
export function hostPathParts(
  value: string,
  home: string,
  systemRoot: string,
): { base: string; segments: string[] } | undefined {
  const clean = (segs: string[]) => segs.filter((s) => s !== "" && s !== ".");
  let parts: { base: string; segments: string[] } | undefined;
  if (value.startsWith("~/")) parts = { base: home, segments: clean(value.slice(2).split("/")) };
  else if (/^%APPDATA%[\\/]/i.test(value))
    parts = { base: join(home, "AppData", "Roaming"), segments: clean(value.slice(10).split(/[\\/]/)) };
  else if (value.startsWith("/")) parts = { base: systemRoot, segments: clean(value.slice(1).split("/")) };
  if (!parts || parts.segments.length === 0 || parts.segments.includes("..")) return undefined;
  return parts;
}

/** Expands `<placeholder>` segments against real directories (no symlinks). */
async function expand(base: string, segments: string[]): Promise<string[]> {
  let current = [base];
  for (const seg of segments) {
    const next: string[] = [];
    for (const dir of current) {
      if (/^<[^>]*>$/.test(seg)) {
        for (const e of (await listDir(dir)) ?? []) {
          if (e.isDirectory() && next.length < MAX_EXPANSION) next.push(join(dir, e.name));
        }
      } else next.push(join(dir, seg));
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

function advice(value: string): string {
  const name = value.split(/[\\/]/).pop() ?? value;
  const rotate =
    "Then rotate every credential reachable from this host (cloud and registry tokens, SSH keys, .env and CI secrets, browser and wallet data) and treat the host as compromised";
  if (name.endsWith(".service")) {
    const user = value.startsWith("~/");
    const cmd = user ? `systemctl --user disable --now ${name}` : `sudo systemctl disable --now ${name}`;
    return `What to do: stop and disable the unit (${cmd}), remove the unit file and the program it starts, and run ${user ? "systemctl --user daemon-reload" : "sudo systemctl daemon-reload"}. ${rotate}`;
  }
  if (/\.exe(\.lock)?$/i.test(name))
    return `What to do: end the process, delete the file from the Startup folder (keep a copy for investigation if needed). ${rotate}`;
  return `What to do: stop any process running it (and its systemd unit, if any), remove the file (keep a copy for investigation if needed). ${rotate}`;
}

async function checkPath(
  ind: Indicator,
  abs: string,
  opts: { cwd: string; home: string; set: IndicatorSet },
  findings: Finding[],
): Promise<void> {
  const st = await lstatOrUndefined(abs);
  if (!st) return;
  const where = displayPath(abs, opts.cwd, opts.home);
  let hashMatch = false;
  if (st.isFile() && (ind.sha256?.length || !ind.matchExistence)) {
    const h = await hashFile(abs, CACHE_FILE_LIMIT);
    hashMatch =
      h.ok &&
      (ind.sha256?.includes(h.sha256) === true || opts.set.byHash(h.sha256).some((i) => i.kind === "sha256"));
  }
  if (!ind.matchExistence && !hashMatch) return;
  const kind = st.isSymbolicLink()
    ? "symbolic link"
    : st.isDirectory()
      ? "directory"
      : st.isFile()
        ? "file"
        : "special file";
  const what = hashMatch
    ? `${where} exists and its sha256 matches the published sample`
    : `${where} exists (${kind})`;
  findings.push(indicatorFinding(ind, { path: where }, { what, advice: advice(ind.value) }));
}

export async function scanHost(opts: HostOptions, set: IndicatorSet): Promise<CollectorResult> {
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  const home = resolve(opts.home);
  const systemRoot = resolve(opts.systemRoot ?? "/");
  const cwd = resolve(opts.cwd);
  const seen = new Set<string>();
  for (const ind of set.byKind("file-path")) {
    if (ind.safe || ind.windowOnly || (ind.scope !== undefined && ind.scope !== "host")) continue;
    const parts = hostPathParts(ind.value, home, systemRoot);
    if (!parts) continue;
    for (const abs of await expand(parts.base, parts.segments)) {
      const key = `${ind.id}\u0000${abs}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await checkPath(ind, abs, { cwd, home, set }, findings);
    }
  }
  return { findings: sortFindings(findings), diagnostics };
}
