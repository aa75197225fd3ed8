import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { derivedOf, idProblem, parseRecordText, slugOf, toAdvisory, trustedAdvisory } from "./record.js";
import { cleanupTemp, pypaDatabase, record, SEED_DIR } from "./test-kit.js";

afterAll(cleanupTemp);

/** The full path (validate + classify) and the trusted path give the same advisory. */
function expectSame(text: string): void {
  const parsed = parseRecordText(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  const full = toAdvisory(parsed.record, "src");
  const trusted = trustedAdvisory(
    JSON.parse(text) as Record<string, unknown>,
    "src",
    derivedOf(parsed.record),
  );
  expect(trusted).toEqual(full);
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(dir, f));
}

describe("trustedAdvisory", () => {
  it("equals the validated advisory for every seeded record", () => {
    for (const file of jsonFiles(join(SEED_DIR, "osv"))) expectSame(readFileSync(file, "utf8"));
  });

  const pypa = pypaDatabase();
  it.skipIf("skip" in pypa)(
    `equals the validated advisory for every record of the real PyPA export${"skip" in pypa ? ` (skipped: ${pypa.skip})` : ""}`,
    () => {
      if ("skip" in pypa) return;
      const files = jsonFiles(join(pypa.dir, "osv"));
      expect(files.length).toBe(2661);
      for (const file of files) expectSame(readFileSync(file, "utf8"));
    },
  );

  it("treats null like absent, as the validator does, and keeps only the event key", () => {
    expectSame(
      JSON.stringify({
        id: "X-1",
        modified: "2026-01-01T00:00:00Z",
        summary: null,
        details: null,
        aliases: null,
        published: null,
        database_specific: null,
        references: null,
        affected: [
          {
            package: { ecosystem: "PyPI", name: "x" },
            versions: null,
            database_specific: { last_known_good: "1.0" },
            ranges: [
              { type: "ECOSYSTEM", repo: null, events: [{ introduced: "0", note: "extra" }, { fixed: "2" }] },
            ],
          },
        ],
      }),
    );
    expectSame(
      JSON.stringify(record("X-2", "npm", "x", { versions: ["1"] }, { aliases: ["X-2", "CVE-1", "CVE-1"] })),
    );
  });
});

describe("record names", () => {
  it("slugs ecosystems as advisories/README.md describes", () => {
    expect(slugOf("GitHub Actions")).toBe("GitHub-Actions");
    expect(slugOf("Debian:11")).toBe("Debian-11");
    expect(slugOf(undefined)).toBe("none");
  });

  it("accepts real OSV ids and refuses ones that could break a path or a line", () => {
    for (const id of [
      "PYSEC-2021-335",
      "GHSA-5mg7-485q-xm76",
      "RHSA-2022:1234",
      "openSUSE-SU-2024:12345-1",
      "MAL-2026-2144",
    ]) {
      expect(idProblem(id)).toBeUndefined();
    }
    for (const id of ["../x", "a/b", "a\nb", "", " x", "x".repeat(201)]) expect(idProblem(id)).toBeDefined();
  });
});
