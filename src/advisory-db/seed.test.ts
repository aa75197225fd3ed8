// scripts/seed-advisories.mjs: advisories/osv/ must be exactly what the script produces from the
// campaign record set, and the script must be deterministic.

import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTemp, REPO, SEED_DIR, TEAMPCP_RECORDS, tempDir } from "./test-kit.js";

afterAll(cleanupTemp);

const SCRIPT = join(REPO, "scripts/seed-advisories.mjs");

function run(args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8", stdio: "pipe" });
    return { status: 0, stdout, stderr: "" };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile())
      out[join(e.parentPath, e.name).slice(dir.length + 1)] = readFileSync(
        join(e.parentPath, e.name),
        "utf8",
      );
  }
  return out;
}

describe.skipIf(!existsSync(TEAMPCP_RECORDS))("seed-advisories.mjs", () => {
  it("reports the committed advisories/ as up to date", () => {
    const r = run([TEAMPCP_RECORDS, "--out", SEED_DIR, "--check"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/76 records up to date/);
  });

  it("writes the same bytes on every run, one pretty-printed record per file", () => {
    const a = tempDir("lockwarden-seed-");
    const b = tempDir("lockwarden-seed-");
    expect(run([TEAMPCP_RECORDS, "--out", a]).status).toBe(0);
    expect(run([TEAMPCP_RECORDS, "--out", b]).status).toBe(0);
    const ta = tree(a);
    expect(ta["seed-manifest.txt"]?.split("\n").filter((l) => l.startsWith("osv/"))).toHaveLength(76);
    delete ta["seed-manifest.txt"];
    for (const t of [a, b])
      expect(tree(t)["seed-manifest.txt"]).toBe(readFileSync(join(SEED_DIR, "seed-manifest.txt"), "utf8"));
    const tb = tree(b);
    delete tb["seed-manifest.txt"];
    expect(ta).toEqual(tb);
    // …and the same bytes as the committed advisories/osv/.
    expect(ta).toEqual(
      Object.fromEntries(Object.entries(tree(SEED_DIR)).filter(([k]) => k.startsWith("osv/"))),
    );
    const source = JSON.parse(readFileSync(TEAMPCP_RECORDS, "utf8")) as Array<{ id: string }>;
    expect(Object.keys(ta)).toHaveLength(source.length);
    const litellm = ta["osv/PyPI/MAL-2026-2144.json"] as string;
    expect(litellm.startsWith('{\n  "schema_version": "1.6.0",\n  "id": "MAL-2026-2144",')).toBe(true);
    expect(litellm.endsWith("}\n")).toBe(true);
    expect(Object.keys(ta).filter((k) => k.startsWith("osv/GitHub-Actions/"))).toEqual([
      "osv/GitHub-Actions/LOCAL-TEAMPCP-0001.json",
      "osv/GitHub-Actions/LOCAL-TEAMPCP-0002.json",
    ]);
  });

  it("fails --check on a stale or edited tree, and a plain run repairs it without touching other files", () => {
    const out = tempDir("lockwarden-seed-");
    expect(run([TEAMPCP_RECORDS, "--out", out, "--check"]).status).toBe(1);
    expect(run([TEAMPCP_RECORDS, "--out", out]).status).toBe(0);
    // A record the source no longer has (listed in the manifest), an edited record, and a record
    // from another source (not in the manifest, so not the script's to delete).
    appendFileSync(join(out, "seed-manifest.txt"), "osv/npm/MAL-0000-DROPPED.json\n");
    writeFileSync(join(out, "osv/npm/MAL-0000-DROPPED.json"), "{}\n");
    appendFileSync(join(out, "osv/PyPI/MAL-2026-2144.json"), " ");
    writeFileSync(join(out, "osv/npm/GHSA-other.json"), "{}\n");
    const check = run([TEAMPCP_RECORDS, "--out", out, "--check"]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("stale osv/npm/MAL-0000-DROPPED.json");
    expect(check.stderr).toContain("differs osv/PyPI/MAL-2026-2144.json");
    expect(check.stderr).not.toContain("GHSA-other");
    expect(run([TEAMPCP_RECORDS, "--out", out]).stdout).toMatch(/1 written, 1 stale removed/);
    expect(run([TEAMPCP_RECORDS, "--out", out, "--check"]).status).toBe(0);
    expect(existsSync(join(out, "osv/npm/MAL-0000-DROPPED.json"))).toBe(false);
    expect(existsSync(join(out, "osv/npm/GHSA-other.json"))).toBe(true);
  });
});
