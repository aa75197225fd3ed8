// Runs the composite action's own steps (from action.yml) with bash and a simulated GitHub Actions
// environment, the way the runner would: expressions substituted, inputs passed as env.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "./harness.js";

interface Step {
  name: string;
  id?: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
  "working-directory"?: string;
}

interface Action {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
}

function runAction(
  inputs: Record<string, string>,
  workspace: string,
): { code: number; output: string; summary: string; stdout: string } {
  const action = parse(readFileSync(join(REPO, "action.yml"), "utf8")) as Action;
  expect(action.runs.using).toBe("composite");
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) values[k] = inputs[k] ?? v.default;
  const temp = mkdtempSync(join(tmpdir(), "lw-action-"));
  const outputFile = join(temp, "output");
  const summaryFile = join(temp, "summary");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const expr = (s: string): string =>
    s.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_m, e: string) => {
      if (e === "github.action_path") return REPO;
      if (e === "github.workspace") return workspace;
      if (e.startsWith("inputs.")) return values[e.slice(7)] ?? "";
      throw new Error(`unexpected expression ${e}`);
    });
  let code = 0;
  let stdout = "";
  for (const step of action.runs.steps) {
    expect(step.shell).toBe("bash");
    const env: NodeJS.ProcessEnv = {
      PATH: process.env["PATH"] ?? "",
      HOME: temp,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: temp,
      LOCKWARDEN_DB_DIR: join(temp, "no-user-db"),
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expr(v);
    // The script itself must not contain expressions (inputs arrive only through env).
    expect(step.run).not.toMatch(/\$\{\{/);
    const r = spawnSync("bash", ["-e", "-c", step.run], {
      cwd: expr(step["working-directory"] ?? workspace),
      env,
      encoding: "utf8",
      timeout: 300_000,
    });
    stdout += r.stdout;
    code = r.status ?? -1;
    if (code !== 0) break;
  }
  return {
    code,
    output: readFileSync(outputFile, "utf8"),
    summary: readFileSync(summaryFile, "utf8"),
    stdout,
  };
}

describe("GitHub Action (action.yml)", () => {
  it("scans, writes SARIF for upload-sarif and a markdown job summary, and fails on a malicious hit", () => {
    const r = runAction({ paths: "fixtures/demo" }, REPO);
    expect(r.code).toBe(1);
    expect(r.output).toContain("exit-code=1");
    expect(r.output).toContain("sarif-file=lockwarden.sarif");
    const sarif = JSON.parse(readFileSync(join(REPO, "lockwarden.sarif"), "utf8")) as {
      runs: Array<{ results: Array<{ ruleId: string }> }>;
    };
    expect(sarif.runs[0]?.results.map((x) => x.ruleId)).toContain("MAL-2026-2144");
    expect(r.summary).toContain("MAL-2026-2144");
    // Default console format is GitHub workflow commands, so hits show inline on the PR.
    expect(r.stdout).toMatch(/^::error file=fixtures\/demo\/api\/requirements\.txt,line=4,/m);
  });

  it("exits 0 on a clean project and still writes the summary", () => {
    const r = runAction({ paths: "fixtures/clean", "sarif-file": "" }, REPO);
    expect(r.code).toBe(0);
    expect(r.output).toContain("exit-code=0");
    expect(r.output).not.toContain("sarif-file=");
    expect(r.summary.length).toBeGreaterThan(0);
  });
});
