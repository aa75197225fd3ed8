import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { json, lineOf, REPO, run, runBin } from "./harness.js";

const DEMO = join(REPO, "fixtures", "demo");

describe("lockwarden scan, end to end", () => {
  it("reports litellm 1.82.8 and a nested CanisterWorm package at their lines, exit 1", async () => {
    const r = await run(["scan", "fixtures/demo", "--format", "json"]);
    expect(r.code).toBe(1);
    const report = json(r);
    const litellm = report.findings.find((f) => f.package?.name === "litellm");
    expect(litellm).toMatchObject({
      id: "MAL-2026-2144",
      kind: "malicious",
      severity: "critical",
      package: { name: "litellm", version: "1.82.8" },
      location: { path: "fixtures/demo/api/requirements.txt", line: 4 },
      lastKnownGood: "1.82.6",
    });
    expect(litellm?.aliases).toContain("PYSEC-2026-2");
    const lock = readFileSync(join(DEMO, "web", "package-lock.json"), "utf8");
    const worm = report.findings.find((f) => f.package?.name === "react-leaflet-heatmap-layer");
    expect(worm).toMatchObject({
      id: "MAL-2026-2072",
      kind: "malicious",
      package: { version: "2.0.1" },
      location: {
        path: "fixtures/demo/web/package-lock.json",
        line: lineOf(lock, '"node_modules/map-widgets/node_modules/react-leaflet-heatmap-layer"'),
      },
      direct: false,
    });
    expect(worm?.paths).toEqual([["demo-web", "map-widgets", "react-leaflet-heatmap-layer"]]);
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("exits 0 on a clean real-world project", async () => {
    const r = await run(["scan", "fixtures/clean", "--format", "json"]);
    expect(r.code).toBe(0);
    const report = json(r);
    expect(report.findings).toEqual([]);
    expect(report.files).toEqual([
      {
        path: "fixtures/clean/package-lock.json",
        parser: "package-lock",
        packages: 51,
        variant: expect.any(String),
      },
    ]);
  });

  it("exits 2 when a lockfile is truncated, names it in one line, and still reports the other hit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lw-trunc-"));
    cpSync(join(DEMO, "api"), join(dir, "api"), { recursive: true });
    const full = readFileSync(join(DEMO, "web", "package-lock.json"), "utf8");
    writeFileSync(join(dir, "package-lock.json"), full.slice(0, Math.floor(full.length / 2)));
    const r = await run(["scan", ".", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(2);
    const report = json(r);
    expect(report.findings.map((f) => `${f.id} ${f.location.path}:${f.location.line}`)).toEqual([
      "MAL-2026-2144 api/requirements.txt:4",
    ]);
    const errors = r.stderr.trim().split("\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error package-lock\.json:\d+: cannot parse: /);
  });

  it("the table names each finding and ends with a summary; the binary exits with the same code", () => {
    const r = runBin(["scan", "fixtures/demo", "--no-color"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("MAL-2026-2144");
    expect(r.stdout).toContain("litellm");
    expect(r.stdout.includes("\u001b[")).toBe(false);
  });

  it("usage errors exit 2 with one line and no stack trace", async () => {
    const r = await run(["scan", "--format", "yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format "yaml"/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    const bad = await run(["scan", "--definitely-not-an-option"]);
    expect(bad.code).toBe(2);
  });

  it("--version and --help exit 0; help shows examples and the formats", async () => {
    const v = await run(["--version"]);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const h = await run(["scan", "--help"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("Examples:");
    expect(h.stdout).toContain("package-lock.json");
  });
});
