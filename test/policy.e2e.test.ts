// The CI policy end to end: config file, ignores with reason and expiry, the severity gate,
// --omit, baselines, and config errors, over small fixture projects and a test advisory.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { json, REPO, run } from "./harness.js";

const BUNDLED = join(REPO, "advisories");

/** A moderate vulnerability in left-pad < 1.3.1, in its own database folder. */
function testDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "lw-db-"));
  mkdirSync(join(dir, "osv", "npm"), { recursive: true });
  writeFileSync(
    join(dir, "osv", "npm", "GHSA-test-0001.json"),
    JSON.stringify({
      schema_version: "1.6.0",
      id: "GHSA-test-0001",
      aliases: ["CVE-2099-0001"],
      modified: "2026-01-01T00:00:00Z",
      summary: "Prototype pollution in left-pad",
      affected: [
        {
          package: { ecosystem: "npm", name: "left-pad" },
          ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.3.1" }] }],
        },
      ],
      database_specific: { severity: "MODERATE" },
    }),
  );
  return dir;
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lw-policy-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function lock(dev: boolean): string {
  return `${JSON.stringify(
    {
      name: "app",
      lockfileVersion: 3,
      packages: {
        "": { name: "app", [dev ? "devDependencies" : "dependencies"]: { "left-pad": "^1.3.0" } },
        "node_modules/left-pad": { version: "1.3.0", ...(dev ? { dev: true } : {}) },
      },
    },
    null,
    2,
  )}\n`;
}

const MALICIOUS = "litellm==1.82.8\n";

async function scan(dir: string, extra: string[] = []) {
  const db = testDb();
  return run(["scan", ".", "--format", "json", "--db", BUNDLED, "--db", db, ...extra], { cwd: dir });
}

describe("policy", () => {
  it("an ignore with a future expiry suppresses: exit 0, marked in JSON and in SARIF", async () => {
    const dir = project({
      "package-lock.json": lock(false),
      ".lockwarden.yml":
        "ignore:\n  - id: CVE-2099-0001\n    reason: not reachable\n    expires: 2999-12-31\n",
    });
    const r = await scan(dir, ["--format", "sarif=out.sarif"]);
    expect(r.code).toBe(0);
    const f = json(r).findings[0];
    expect(f).toMatchObject({ id: "GHSA-test-0001", suppressed: { reason: "not reachable" }, gating: false });
    const sarif = JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8")) as {
      runs: Array<{ results: Array<{ suppressions?: Array<{ kind: string; justification: string }> }> }>;
    };
    expect(sarif.runs[0]?.results[0]?.suppressions).toEqual([
      expect.objectContaining({ kind: "external", justification: "not reachable" }),
    ]);
  });

  it("an ignore past its expiry stops suppressing: exit 1 and a warning", async () => {
    const dir = project({
      "package-lock.json": lock(false),
      ".lockwarden.yml":
        "ignore:\n  - id: GHSA-test-0001\n    reason: accepted last year\n    expires: 2020-01-31\n",
    });
    const r = await scan(dir);
    expect(r.code).toBe(1);
    const report = json(r);
    expect(report.findings[0]?.suppressed).toBeUndefined();
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "IGNORE_EXPIRED",
        severity: "warning",
        location: { path: ".lockwarden.yml", line: 2 },
      }),
    );
  });

  it("an ignore that matches nothing warns", async () => {
    const dir = project({
      "requirements.txt": "requests==2.32.3\n",
      ".lockwarden.yml": "ignore:\n  - id: GHSA-nope-nope-nope\n    reason: old\n",
    });
    const r = await scan(dir);
    expect(r.code).toBe(0);
    expect(json(r).diagnostics).toContainEqual(
      expect.objectContaining({ code: "IGNORE_UNUSED", severity: "warning" }),
    );
  });

  it("failOn high lets a moderate vulnerability pass but never a malicious package", async () => {
    const moderate = project({ "package-lock.json": lock(false), ".lockwarden.yml": "failOn: high\n" });
    const r1 = await scan(moderate);
    expect(r1.code).toBe(0);
    expect(json(r1).findings).toEqual([
      expect.objectContaining({ id: "GHSA-test-0001", severity: "moderate", gating: false }),
    ]);
    const malicious = project({ "requirements.txt": MALICIOUS, ".lockwarden.yml": "failOn: high\n" });
    expect((await scan(malicious)).code).toBe(1);
    // The flag overrides the file.
    expect((await scan(moderate, ["--fail-on", "moderate"])).code).toBe(1);
  });

  it("a baseline holding the hit gives exit 0; a new hit still fails", async () => {
    const dir = project({ "package-lock.json": lock(false) });
    const first = await scan(dir, ["--write-baseline", "baseline.json"]);
    expect(first.code).toBe(1);
    const again = await scan(dir, ["--baseline", "baseline.json"]);
    expect(again.code).toBe(0);
    expect(json(again).findings[0]).toMatchObject({ baseline: true, gating: false });
    writeFileSync(join(dir, "requirements.txt"), MALICIOUS);
    const withNew = await scan(dir, ["--baseline", "baseline.json"]);
    expect(withNew.code).toBe(1);
    expect(
      json(withNew)
        .findings.filter((f) => f.gating)
        .map((f) => f.id),
    ).toEqual(["MAL-2026-2144"]);
  });

  it("a SARIF log works as a baseline too", async () => {
    const dir = project({ "package-lock.json": lock(false) });
    await scan(dir, ["--format", "sarif=base.sarif"]);
    expect((await scan(dir, ["--baseline", "base.sarif"])).code).toBe(0);
  });

  it("a bad config key exits 2 naming the key and its line", async () => {
    const dir = project({
      "package-lock.json": lock(false),
      ".lockwarden.yml": "failOn: high\nignores:\n  - id: x\n",
    });
    const r = await scan(dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      "lockwarden: .lockwarden.yml:2: ignores: unknown key (allowed: failOn, ignore, exclude, omit)",
    );
    const noReason = project({ ".lockwarden.yml": "ignore:\n  - id: GHSA-x\n" });
    const r2 = await scan(noReason);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/\.lockwarden\.yml:2: ignore\[0\]\.reason: is required/);
    const badDate = project({
      ".lockwarden.yml": "ignore:\n  - id: GHSA-x\n    reason: r\n    expires: next week\n",
    });
    expect((await scan(badDate)).stderr).toMatch(/ignore\[0\]\.expires: must be a date YYYY-MM-DD/);
  });

  it("--omit dev keeps a dev-only vulnerability out of the gate but in the report", async () => {
    const dir = project({ "package-lock.json": lock(true) });
    expect((await scan(dir)).code).toBe(1);
    const r = await scan(dir, ["--omit", "dev"]);
    expect(r.code).toBe(0);
    expect(json(r).findings).toEqual([
      expect.objectContaining({ id: "GHSA-test-0001", dev: true, gating: false }),
    ]);
  });

  it("a nested .lockwarden.yml is ignored with a warning", async () => {
    const dir = project({
      "package-lock.json": lock(false),
      "sub/.lockwarden.yml": "ignore:\n  - id: GHSA-test-0001\n    reason: sneaky\n",
    });
    const r = await scan(dir);
    expect(r.code).toBe(1);
    expect(json(r).diagnostics).toContainEqual(
      expect.objectContaining({ code: "CONFIG_NESTED_IGNORED", location: { path: "sub/.lockwarden.yml" } }),
    );
  });

  it("--no-fail reports without failing, but an incomplete scan still exits 2 unless --allow-incomplete", async () => {
    const dir = project({ "requirements.txt": MALICIOUS });
    expect((await scan(dir, ["--no-fail"])).code).toBe(0);
    writeFileSync(join(dir, "package-lock.json"), "{ broken");
    expect((await scan(dir, ["--no-fail"])).code).toBe(2);
    expect((await scan(dir, ["--no-fail", "--allow-incomplete"])).code).toBe(0);
    expect((await scan(dir, ["--allow-incomplete"])).code).toBe(1);
  });
});
