import { execSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDatabase } from "./index.js";
import { cleanupTemp, record, SEED_DIR, TEAMPCP_RECORDS, tempDir, writeDb } from "./test-kit.js";

afterAll(cleanupTemp);

describe("loadDatabase on the seeded advisories/", () => {
  it("loads all 76 TeamPCP records with no diagnostics", async () => {
    const db = await loadDatabase([SEED_DIR]);
    expect(db.diagnostics).toEqual([]);
    expect(db.records).toBe(76);
    // A record counts once for every ecosystem it affects: GHSA-69fq covers Go and two GitHub actions.
    expect(db.countsByEcosystem).toEqual({ "GitHub Actions": 3, Go: 1, OpenVSX: 2, PyPI: 4, npm: 67 });
    expect(db.countsByKind).toEqual({ malicious: 72, vulnerability: 4 });
    expect(db.withdrawn).toBe(0);
    expect(db.newestModified).toBe("2026-11-25T00:38:48Z");
    expect(db.paths).toEqual([SEED_DIR]);
  });

  it("classifies kind and severity from the records themselves", async () => {
    const db = await loadDatabase([SEED_DIR]);
    const litellm = db.byId("MAL-2026-2144");
    expect(litellm).toMatchObject({
      kind: "malicious",
      severity: "critical",
      lastKnownGood: "1.82.6",
      aliases: ["PYSEC-2026-2", "GHSA-5mg7-485q-xm76", "GHSA-92x9-889m-jgmw"],
      source: `${SEED_DIR}/osv/PyPI/MAL-2026-2144.json`,
    });
    // GHSA-69fq is a reviewed GitHub advisory: CWE-506 makes it malware; its CVSS v4 vector gives no score.
    const trivy = db.byId("GHSA-69fq-xp46-6x23");
    expect(trivy?.kind).toBe("malicious");
    expect(trivy?.severity).toBe("critical");
    expect(trivy?.score).toBeUndefined();
    // Placeholders for the Checkmarx actions carry no MAL id, no CWE and no severity.
    expect(db.byId("LOCAL-TEAMPCP-0002")).toMatchObject({ kind: "vulnerability", severity: "unknown" });
  });

  it("indexes by ecosystem and normalised name", async () => {
    const db = await loadDatabase([SEED_DIR]);
    expect(db.lookup("PyPI", "LiteLLM").map((a) => a.id)).toEqual(["MAL-2026-2144"]);
    expect(db.lookup("PyPI", "Telnyx").map((a) => a.id)).toEqual(["MAL-2026-2254"]);
    expect(db.lookup("npm", "@teale.io/eslint-config").map((a) => a.id)).toEqual(["MAL-2026-2066"]);
    // npm names are exact; the wrong ecosystem finds nothing.
    expect(db.lookup("npm", "@Teale.io/eslint-config")).toEqual([]);
    expect(db.lookup("npm", "litellm")).toEqual([]);
    // Other ecosystems are kept for other matchers; GitHub owner/repo is case-insensitive.
    expect(db.lookup("GitHub Actions", "AquaSecurity/Trivy-Action").map((a) => a.id)).toEqual([
      "GHSA-69fq-xp46-6x23",
    ]);
    expect(db.lookup("OpenVSX", "checkmarx.ast-results").map((a) => a.id)).toEqual(["LOCAL-TEAMPCP-0003"]);
    expect(db.all().map((a) => a.id)).toEqual(
      db
        .all()
        .map((a) => a.id)
        .sort(),
    );
  });

  it("digests like `find osv -name '*.json' | sort | xargs sha256sum | sha256sum`", async () => {
    const db = await loadDatabase([SEED_DIR]);
    let expected: string;
    try {
      expected = execSync(
        "find osv -name '*.json' -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum",
        { cwd: SEED_DIR, encoding: "utf8", shell: "/bin/sh" },
      ).split(" ")[0] as string;
    } catch {
      console.warn("skipped: find/sort/sha256sum not available");
      return;
    }
    expect(db.digest).toBe(expected);
  });

  it.skipIf(!existsSync(TEAMPCP_RECORDS))("holds every source record verbatim", async () => {
    const source = JSON.parse(readFileSync(TEAMPCP_RECORDS, "utf8")) as Array<{ id: string }>;
    const db = await loadDatabase([SEED_DIR]);
    expect(db.records).toBe(source.length);
    for (const r of source) {
      const a = db.byId(r.id);
      expect(a, r.id).toBeDefined();
      expect(JSON.parse(readFileSync(a?.source as string, "utf8"))).toEqual(r);
    }
  });
});

describe("loadDatabase with bad input", () => {
  const good = record("MAL-2026-0001", "npm", "left-pad-evil", { versions: ["1.0.0"] });

  it("reports each bad file once, by name and field, and still loads the rest", async () => {
    const dir = writeDb({
      "npm/MAL-2026-0001.json": good,
      "npm/broken.json": '{"id": "MAL-2026-0002", "modified": ',
      "npm/no-id.json": { modified: "2026-03-24T11:15:14Z", affected: [] },
      "npm/bad-event.json": record("MAL-2026-0003", "npm", "x", {
        ranges: [{ type: "SEMVER", events: [{ introduced: "0", fixed: "1.0.0" }] }],
      }),
      "npm/array.json": "[]",
      "npm/notes.txt": "not a record, not read",
    });
    const db = await loadDatabase([dir]);
    expect(db.records).toBe(1);
    expect(db.byId("MAL-2026-0001")).toBeDefined();
    const byFile = Object.fromEntries(
      db.diagnostics.map((d) => [d.location?.path.slice(dir.length + 1), [d.code, d.severity, d.message]]),
    );
    expect(Object.keys(byFile).sort()).toEqual([
      "osv/npm/array.json",
      "osv/npm/bad-event.json",
      "osv/npm/broken.json",
      "osv/npm/no-id.json",
    ]);
    expect(byFile["osv/npm/broken.json"]?.[0]).toBe("ADVISORY_INVALID");
    expect(byFile["osv/npm/broken.json"]?.[2]).toMatch(/^invalid advisory record: not valid JSON/);
    expect(byFile["osv/npm/no-id.json"]?.[2]).toBe("invalid advisory record: id is missing");
    expect(byFile["osv/npm/bad-event.json"]?.[2]).toMatch(
      /MAL-2026-0003: affected\[0\]\.ranges\[0\]\.events\[0\] must have exactly one of/,
    );
    expect(byFile["osv/npm/array.json"]?.[2]).toMatch(/must be a JSON object, not an array/);
    expect(db.diagnostics.every((d) => d.severity === "error")).toBe(true);
  });

  it("locates a JSON syntax error on its line", async () => {
    const dir = writeDb({
      "PyPI/X.json": '{\n  "id": "PYSEC-1",\n  "modified": "2026-01-01T00:00:00Z",,\n}',
    });
    const db = await loadDatabase([dir]);
    expect(db.diagnostics).toHaveLength(1);
    expect(db.diagnostics[0]?.location?.line).toBe(3);
  });

  it("reports a missing directory as DATABASE_UNREADABLE and loads the others", async () => {
    const dir = writeDb({ "npm/MAL-2026-0001.json": good });
    const missing = join(tempDir(), "nope");
    const db = await loadDatabase([missing, dir]);
    expect(db.records).toBe(1);
    expect(db.diagnostics).toHaveLength(1);
    expect(db.diagnostics[0]).toMatchObject({ code: "DATABASE_UNREADABLE", severity: "error" });
    expect(db.diagnostics[0]?.message).toContain(`${missing}/osv does not exist`);
  });

  it("reports a folder without osv/ the same way", async () => {
    const db = await loadDatabase([tempDir()]);
    expect(db.records).toBe(0);
    expect(db.diagnostics.map((d) => d.code)).toEqual(["DATABASE_UNREADABLE"]);
  });

  it("keeps the newer of two records with one id, and says so", async () => {
    const older = writeDb({ "npm/A.json": { ...good, summary: "old" } });
    const newer = writeDb({ "npm/A.json": { ...good, summary: "new", modified: "2026-04-01T00:00:00Z" } });
    for (const dirs of [
      [older, newer],
      [newer, older],
    ]) {
      const db = await loadDatabase(dirs);
      expect(db.records).toBe(1);
      expect(db.byId("MAL-2026-0001")?.summary).toBe("new");
      expect(db.diagnostics.map((d) => [d.code, d.location?.path])).toEqual([
        ["ADVISORY_DUPLICATE", `${older}/osv/npm/A.json`],
      ]);
    }
  });

  it("digests content, not just names", async () => {
    const a = await loadDatabase([writeDb({ "npm/A.json": good })]);
    const b = await loadDatabase([writeDb({ "npm/A.json": good })]);
    const c = await loadDatabase([writeDb({ "npm/A.json": { ...good, summary: "changed" } })]);
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(c.digest);
    expect(a.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps withdrawn records (they never match) and counts them", async () => {
    const db = await loadDatabase([
      writeDb({
        "npm/A.json": { ...good, withdrawn: "2026-04-01T00:00:00Z" },
        "npm/B.json": { ...good, id: "B-1" },
      }),
    ]);
    expect(db.records).toBe(2);
    expect(db.withdrawn).toBe(1);
    expect(db.byId("MAL-2026-0001")?.withdrawn).toBe("2026-04-01T00:00:00Z");
  });
});

describe("severity and kind derivation", () => {
  async function one(extra: Record<string, unknown>, id = "GHSA-aaaa-bbbb-cccc") {
    const db = await loadDatabase([
      writeDb({ "npm/A.json": record(id, "npm", "a", { versions: ["1.0.0"] }, extra) }),
    ]);
    expect(db.diagnostics).toEqual([]);
    return db.byId(id);
  }

  it.each<[string, Record<string, unknown>, string, number | undefined]>([
    [
      "CVSS v3 9.8 → critical",
      { severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }] },
      "critical",
      9.8,
    ],
    [
      "CVSS v3 7.5 → high",
      { severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N" }] },
      "high",
      7.5,
    ],
    [
      "CVSS v3 6.1 → moderate",
      { severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N" }] },
      "moderate",
      6.1,
    ],
    [
      "CVSS v3 1.6 → low",
      { severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N" }] },
      "low",
      1.6,
    ],
    [
      "the CVSS score wins over the database label",
      {
        severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N" }],
        database_specific: { severity: "HIGH" },
      },
      "moderate",
      6.1,
    ],
    ["GHSA label MODERATE", { database_specific: { severity: "MODERATE" } }, "moderate", undefined],
    ["GHSA label MEDIUM", { database_specific: { severity: "medium" } }, "moderate", undefined],
    ["GHSA label LOW", { database_specific: { severity: "LOW" } }, "low", undefined],
    [
      "CVSS v4 only: label, no score",
      {
        severity: [
          { type: "CVSS_V4", score: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" },
        ],
        database_specific: { severity: "HIGH" },
      },
      "high",
      undefined,
    ],
    ["nothing → unknown", {}, "unknown", undefined],
  ])("%s", async (_label, extra, severity, score) => {
    const a = await one(extra);
    expect(a?.kind).toBe("vulnerability");
    expect(a?.severity).toBe(severity);
    expect(a?.score).toBe(score);
  });

  it.each<[string, string, Record<string, unknown>]>([
    ["a MAL- id", "MAL-2026-9", {}],
    ["a MAL- alias", "PYSEC-2026-9", { aliases: ["MAL-2026-9"] }],
    ["CWE-506 in cwe_ids", "GHSA-aaaa-bbbb-cccc", { database_specific: { cwe_ids: ["CWE-506"] } }],
    [
      "CWE-506 as an ossf cwes object",
      "GHSA-aaaa-bbbb-cccc",
      { database_specific: { cwes: [{ cweId: "CWE-506", name: "Embedded Malicious Code" }] } },
    ],
    ["the GitHub malware summary", "GHSA-aaaa-bbbb-cccc", { summary: "Malicious code in a (npm)" }],
  ])("malicious because of %s → critical", async (_label, id, extra) => {
    const a = await one(
      { ...extra, database_specific: { severity: "LOW", ...(extra["database_specific"] ?? {}) } },
      id,
    );
    expect(a?.kind).toBe("malicious");
    expect(a?.severity).toBe("critical");
  });

  it("is not fooled by other CWEs", async () => {
    const a = await one({ database_specific: { cwe_ids: ["CWE-79"], severity: "LOW" } });
    expect(a?.kind).toBe("vulnerability");
    expect(a?.severity).toBe("low");
  });
});
