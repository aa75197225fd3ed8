// Runs whole processes and records wall time (measured here, around the spawn), peak RSS and CPU
// time (reported by the child through rusage-preload.mjs). Each measured command gets the same
// preload, so the floors and lockwarden pay the same start-up.

import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const PRELOAD = pathToFileURL(join(import.meta.dirname, "rusage-preload.mjs")).href;

/**
 * @typedef {{ args: string[], cwd: string, env?: Record<string, string>, expectCodes?: number[], check?: (report: unknown) => string | undefined }} Command
 * @typedef {{ wallMs: number, cpuMs: number, maxRssKb: number, code: number }} Sample
 */

let counter = 0;

/** Runs `node <args>` once. `stdout: "pipe"` returns the output (for checking a result once). */
export function runOnce(cmd, scratch, stdout = "ignore") {
  const file = join(scratch, `rusage-${process.pid}-${counter++}.json`);
  const env = { ...process.env, ...cmd.env, LW_BENCH_RUSAGE: file };
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", PRELOAD, ...cmd.args], {
    cwd: cmd.cwd,
    env,
    stdio: ["ignore", stdout, "pipe"],
    maxBuffer: 1024 * 1024 * 1024,
    encoding: stdout === "pipe" ? "utf8" : undefined,
  });
  const wallMs = performance.now() - t0;
  let usage = { maxRssKb: Number.NaN, cpuUs: Number.NaN };
  try {
    usage = JSON.parse(readFileSync(file, "utf8"));
    rmSync(file);
  } catch {
    // The child died before its exit hook (a crash): the sample is reported with NaN figures.
  }
  const code = r.status ?? -1;
  const expected = cmd.expectCodes ?? [0];
  if (!expected.includes(code)) {
    const err = String(r.stderr ?? "").slice(0, 2000);
    throw new Error(`node ${cmd.args.join(" ")} exited ${code} (expected ${expected.join("/")}):\n${err}`);
  }
  return {
    sample: { wallMs, cpuMs: usage.cpuUs / 1000, maxRssKb: usage.maxRssKb, code },
    stdout: stdout === "pipe" ? r.stdout : undefined,
  };
}

export function median(values) {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * Runs every command `runs` times, interleaved round by round (A B C, A B C, …) so a change in the
 * machine's load hits every command alike instead of biasing whichever ran during the spike.
 */
export function measureAll(commands, runs, scratch, onProgress) {
  const samples = new Map(Object.keys(commands).map((k) => [k, []]));
  for (let round = 0; round < runs; round++) {
    for (const [id, cmd] of Object.entries(commands)) {
      // The first run of a command with a check also captures its output: a fast wrong answer
      // must not pass for a fast right one. Piping a small JSON report costs nothing measurable.
      const checked = round === 0 && typeof cmd.check === "function";
      const { sample, stdout } = runOnce(cmd, scratch, checked ? "pipe" : "ignore");
      if (checked) {
        const problem = cmd.check(JSON.parse(stdout));
        if (problem)
          throw new Error(`result check failed for \`${cmd.args.slice(1).join(" ")}\`: ${problem}`);
      }
      samples.get(id).push(sample);
      onProgress?.(round, id);
    }
  }
  const out = {};
  for (const [id, list] of samples) {
    out[id] = {
      runs: list.length,
      wallMs: median(list.map((s) => s.wallMs)),
      minWallMs: Math.min(...list.map((s) => s.wallMs)),
      cpuMs: median(list.map((s) => s.cpuMs)),
      maxRssKb: median(list.map((s) => s.maxRssKb)),
    };
  }
  return out;
}
