// Runs scripts/sarif-validate.mjs (Microsoft's SARIF multitool with GitHub's rules) over the golden
// SARIF files plus a few generated edge cases. Zero error/warning results is the acceptance bar.
// Skipped only where the linux-x64 multitool binary is not installed.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { renderSarif, sarif } from "./sarif.js";
import { finding, options, scanResult, TRIVY_ACTION, teampcpResult } from "./test-kit.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const script = join(root, "scripts", "sarif-validate.mjs");
const available =
  process.platform === "linux" &&
  process.arch === "x64" &&
  existsSync(join(root, "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"));

const dir = mkdtempSync(join(tmpdir(), "lockwarden-sarif-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(files: string[]): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, [script, ...files], { encoding: "utf8", cwd: root });
  return { status: run.status, stdout: run.stdout };
}

describe.skipIf(!available)("SARIF multitool (rules Sarif;Gh)", () => {
  // One run (the .NET start-up is slow): the golden files and two generated edge cases must come
  // out clean, and a deliberately broken file must be caught, proving the check can fail.
  it("passes the golden files and edge cases, and catches a file GitHub would reject", {
    timeout: 180_000,
  }, () => {
    const truncated = join(dir, "truncated.sarif");
    writeFileSync(
      truncated,
      renderSarif(teampcpResult(), options(), { maxResults: 2, maxGzipBytes: 10_000_000 }),
    );
    const noLine = join(dir, "no-line.sarif");
    const whole = finding({ ...TRIVY_ACTION, location: { path: "a dir/ci.yml" } });
    writeFileSync(
      noLine,
      sarif(scanResult({ findings: [whole] }), options({ sarifCategory: "lockwarden-ci" })),
    );
    const log = JSON.parse(sarif(teampcpResult(), options()));
    delete log.runs[0].tool.driver.rules[0].help;
    const bad = join(dir, "bad.sarif");
    writeFileSync(bad, JSON.stringify(log));

    const { status, stdout } = validate([truncated, noLine, bad]);
    for (const name of ["clean", "hostile", "teampcp"])
      expect(stdout).toContain(`test/golden/${name}.sarif: ok`);
    expect(stdout).toMatch(/truncated\.sarif: ok/);
    expect(stdout).toMatch(/no-line\.sarif: ok/);
    expect(stdout).toMatch(/bad\.sarif\(\d+,\d+\): error GH2012/);
    expect(stdout).toMatch(/bad\.sarif: 1 error\/warning result\(s\)/);
    expect(status).toBe(1);
  });
});
