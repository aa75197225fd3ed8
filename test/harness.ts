// Runs the real CLI in-process with captured stdout/stderr, a chosen working directory and an
// environment that cannot see the machine's user database or colour settings.

import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../src/cli/main.js";

export const REPO = resolve(import.meta.dirname, "..");
export const SHARED = resolve(REPO, "../shared");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const emptyUserDb = mkdtempSync(join(tmpdir(), "lockwarden-nouserdb-"));

export async function run(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "lockwarden", ...args], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: { LOCKWARDEN_DB_DIR: emptyUserDb, ...opts.env },
    cwd: opts.cwd ?? REPO,
    platform: process.platform,
  });
  return { code, stdout, stderr };
}

/** Runs the built binary as a real process (needs `npm run build`). */
export function runBin(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const r = spawnSync(process.execPath, [join(REPO, "bin", "lockwarden.js"), ...args], {
    cwd: opts.cwd ?? REPO,
    env: { PATH: process.env["PATH"] ?? "", LOCKWARDEN_DB_DIR: emptyUserDb, ...opts.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface JsonReport {
  files: Array<{ path: string; parser: string; packages: number }>;
  findings: Array<{
    id: string;
    aliases: string[];
    kind: string;
    severity: string;
    package?: { name: string; version: string };
    location: { path: string; line?: number };
    fixed: string[];
    lastKnownGood?: string;
    fingerprint: string;
    paths?: string[][];
    direct?: boolean;
    dev?: boolean;
    suppressed?: { reason: string };
    baseline?: boolean;
    gating?: boolean;
  }>;
  diagnostics: Array<{
    code: string;
    severity: string;
    message: string;
    location?: { path: string; line?: number };
  }>;
  packages?: Array<{
    name: string;
    version?: string;
    source: string;
    location: { path: string; line?: number };
  }>;
}

export function json(r: RunResult): JsonReport {
  return JSON.parse(r.stdout) as JsonReport;
}

/** 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i === -1) throw new Error(`"${needle}" not found`);
  return i + 1;
}
