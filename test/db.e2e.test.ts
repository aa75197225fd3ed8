// The advisory database commands end to end, through the real CLI: `db import` of the real PyPA
// export (2,661 records, GIT ranges before ECOSYSTEM ranges, withdrawn and multi-range records),
// `db stats`, `db verify`, scans against the imported database (explicit --db and the default
// user database), the combined digest, staleness, and imports with bad records and JSON lines.

import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDatabase } from "../src/advisory-db/index.js";
import { json, REPO, type RunResult, run, SHARED } from "./harness.js";

const ZIP = join(SHARED, "osv-data", "PyPI-all.zip");
const HAVE_ZIP = existsSync(ZIP);
const BUNDLED = join(REPO, "advisories");
const temp = mkdtempSync(join(tmpdir(), "lockwarden-db-e2e-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A project folder holding one requirements.txt. */
function project(requirements: string): string {
  const dir = mkdtempSync(join(temp, "project-"));
  writeFileSync(join(dir, "requirements.txt"), requirements);
  return dir;
}

function manifestOf(
  db: string,
): { digest: string; builtAt: string; packs: Array<{ file: string }> } & Record<string, unknown> {
  return JSON.parse(readFileSync(join(db, "manifest.json"), "utf8"));
}

function osv(
  id: string,
  name: string,
  fixed: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    modified: "2026-02-01T00:00:00Z",
    summary: `Test advisory for ${name}`,
    affected: [
      {
        package: { ecosystem: "PyPI", name },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed }] }],
      },
    ],
    ...extra,
  };
}

describe.skipIf(!HAVE_ZIP)(
  `db import of the real PyPA export${HAVE_ZIP ? "" : ` (skipped: ${ZIP} is absent; the data lives outside the repository)`}`,
  () => {
    const db = join(temp, "user-db");
    let imported: RunResult;

    beforeAll(async () => {
      imported = await run(["db", "import", ZIP, "--db-dir", db]);
    });

    it("imports all 2,661 records and says so", () => {
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain("2,661 records read: 2,661 added, 0 updated, 0 unchanged");
      expect(imported.stdout).toContain("0 invalid");
      expect(imported.stdout).toContain(
        `database ${db}: 2,661 records (PyPI 2,661), digest sha256:${manifestOf(db).digest}`,
      );
    });

    it("db stats counts them, by ecosystem, kind and withdrawn, beside the bundled database", async () => {
      const r = await run(["db", "stats", "--db-dir", db, "--json"]);
      expect(r.code).toBe(0);
      const stats = JSON.parse(r.stdout) as {
        records: number;
        databases: Array<{
          type: string;
          records: number;
          ecosystems: Record<string, number>;
          withdrawn: number;
          digest: string;
        }>;
      };
      const user = stats.databases.find((d) => d.type === "user");
      expect(user).toMatchObject({
        records: 2661,
        ecosystems: { PyPI: 2661 },
        digest: manifestOf(db).digest,
      });
      expect(user?.withdrawn).toBeGreaterThan(0);
      expect(stats.databases.find((d) => d.type === "bundled")?.records).toBe(76);
      expect(stats.records).toBe(2661 + 76);
      const text = await run(["db", "stats", "--db-dir", db]);
      expect(text.stdout).toMatch(
        /^user .*: 2,661 records \(PyPI 2,661\), digest sha256:[0-9a-f]{64}; built /m,
      );
    });

    it("a scan reports accesscontrol==4.2 under the alias group's canonical id, on its line", async () => {
      const dir = project("# pinned\naccesscontrol==4.2\n");
      const r = await run(["scan", dir, "--format", "json", "--db", BUNDLED, "--db", db]);
      expect(r.code).toBe(1);
      const report = json(r);
      expect(report.findings).toHaveLength(1);
      // PYSEC-2021-335 and PYSEC-2021-370 alias the same GHSA/CVE ids: one group, canonical PYSEC-2021-335.
      expect(report.findings[0]).toMatchObject({
        id: "PYSEC-2021-335",
        kind: "vulnerability",
        package: { name: "accesscontrol", version: "4.2" },
        location: { line: 2 },
        fixed: ["4.3", "5.2"],
      });
      expect(report.findings[0]?.aliases).toEqual(
        expect.arrayContaining(["PYSEC-2021-370", "CVE-2021-32807"]),
      );
    });

    it("the first fixed version (accesscontrol==4.3) is not reported", async () => {
      const r = await run([
        "scan",
        project("AccessControl==4.3\n"),
        "--format",
        "json",
        "--db",
        BUNDLED,
        "--db",
        db,
      ]);
      expect(r.code).toBe(0);
      expect(json(r).findings).toEqual([]);
    });

    it("a withdrawn record (PYSEC-2023-141, pynetbox) is not reported for a version inside its range", async () => {
      const loaded = await loadDatabase([db], { wanted: [{ ecosystem: "PyPI", name: "pynetbox" }] });
      const rec = loaded.byId("PYSEC-2023-141");
      expect(rec?.withdrawn).toBe("2023-08-22T06:23:00Z");
      expect(rec?.affected[0]?.versions).toContain("2.0.3");
      const r = await run([
        "scan",
        project("pynetbox==2.0.3\n"),
        "--format",
        "json",
        "--db",
        BUNDLED,
        "--db",
        db,
      ]);
      expect(
        json(r).findings.filter((f) => f.id === "PYSEC-2023-141" || f.aliases.includes("PYSEC-2023-141")),
      ).toEqual([]);
    });

    it("re-importing the same export changes nothing: same digest, no record written", async () => {
      const before = manifestOf(db).digest;
      const again = await run(["db", "import", ZIP, "--db-dir", db]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("0 added, 0 updated, 2,661 unchanged");
      expect(again.stdout).toContain("no record changed");
      expect(manifestOf(db).digest).toBe(before);
    });

    it("db verify passes on the import, and fails with exit 2 naming the file and record after one byte changes", async () => {
      const ok = await run(["db", "verify", "--db-dir", db]);
      expect(ok.code).toBe(0);
      expect(ok.stdout.trim().split("\n")).toHaveLength(1);
      expect(ok.stdout).toMatch(
        /^ok: .*: 2,661 records in 1 pack, 664 index keys, .* digest sha256:[0-9a-f]{64}\n$/,
      );

      const copy = join(temp, "tampered-db");
      cpSync(db, copy, { recursive: true });
      const pack = manifestOf(copy).packs[0]?.file as string;
      const bytes = readFileSync(join(copy, pack));
      const at = bytes.indexOf('"id":"PYSEC-2021-335"');
      const lineStart = bytes.lastIndexOf(10, at) + 1;
      const target = bytes.indexOf("Zope", lineStart);
      bytes[target] = "z".charCodeAt(0);
      writeFileSync(join(copy, pack), bytes);
      const bad = await run(["db", "verify", "--db-dir", copy]);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toContain(
        `error: ${pack}: advisory database integrity: record PYSEC-2021-335 (osv/PyPI/PYSEC-2021-335.json`,
      );
      expect(bad.stdout).toContain(
        `error: ${pack}: advisory database integrity: does not match the sha256 in the manifest`,
      );
      expect(bad.stderr).toMatch(/integrity problems; rebuild it with `lockwarden db update --fresh`/);
      // A scan does not use the damaged record, and says so.
      const scan = await run([
        "scan",
        project("accesscontrol==4.2\n"),
        "--format",
        "json",
        "--db",
        BUNDLED,
        "--db",
        copy,
      ]);
      expect(scan.code).toBe(2);
      expect(json(scan).diagnostics).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: "ADVISORY_INVALID", location: { path: `${copy}/${pack}` } }),
        ]),
      );
    });

    it("the default scan (no --db) uses the bundled database plus the user database from LOCKWARDEN_DB_DIR", async () => {
      const dir = project("accesscontrol==4.2\nlitellm==1.82.8\n");
      const r = await run(["scan", dir, "--format", "json"], { env: { LOCKWARDEN_DB_DIR: db } });
      expect(r.code).toBe(1);
      expect(
        json(r)
          .findings.map((f) => f.id)
          .sort(),
      ).toEqual(["MAL-2026-2144", "PYSEC-2021-335"]);
      expect(json(r).diagnostics.filter((d) => d.code === "DB_STALE")).toEqual([]);
    });

    it("the JSON and SARIF digest covers bundled + user database, deterministically", async () => {
      const dir = project("accesscontrol==4.3\n");
      const bundledOnly = await run(["scan", dir, "--format", "json", "--db", BUNDLED]);
      const bundledDigest = (JSON.parse(bundledOnly.stdout) as { database: { digest: string } }).database
        .digest;
      const combined = await run(["scan", dir, "--format", "json"], { env: { LOCKWARDEN_DB_DIR: db } });
      const digest = (JSON.parse(combined.stdout) as { database: { digest: string; records: number } })
        .database;
      const expected = createHash("sha256")
        .update(`${bundledDigest}\n${manifestOf(db).digest}\n`)
        .digest("hex");
      expect(digest).toMatchObject({ digest: expected, records: 2661 + 76 });
      const sarif = await run(["scan", dir, "--format", "sarif"], { env: { LOCKWARDEN_DB_DIR: db } });
      expect(JSON.parse(sarif.stdout).runs[0].properties.databaseDigest).toBe(expected);
      const again = await run(["scan", dir, "--format", "json"], { env: { LOCKWARDEN_DB_DIR: db } });
      expect((JSON.parse(again.stdout) as { database: { digest: string } }).database.digest).toBe(expected);
    });

    it("a user database older than --max-db-age warns (DB_STALE); --fail-on-stale exits 2", async () => {
      const stale = join(temp, "stale-db");
      cpSync(db, stale, { recursive: true });
      const m = manifestOf(stale);
      m.builtAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
      writeFileSync(join(stale, "manifest.json"), JSON.stringify(m, null, 2));
      const dir = project("accesscontrol==4.3\n");
      const env = { LOCKWARDEN_DB_DIR: stale };

      const warned = await run(["scan", dir, "--format", "json"], { env });
      expect(warned.code).toBe(0);
      expect(json(warned).diagnostics).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: "DB_STALE",
            severity: "warning",
            message: expect.stringMatching(
              /^user advisory database is 30 days old .*limit 7 days.*lockwarden db update/,
            ),
          }),
        ]),
      );
      const failed = await run(["scan", dir, "--format", "json", "--fail-on-stale"], { env });
      expect(failed.code).toBe(2);
      expect(json(failed).diagnostics.find((d) => d.code === "DB_STALE")?.severity).toBe("error");
      const allowed = await run(["scan", dir, "--format", "json", "--max-db-age", "60", "--fail-on-stale"], {
        env,
      });
      expect(allowed.code).toBe(0);
      expect(json(allowed).diagnostics.filter((d) => d.code === "DB_STALE")).toEqual([]);
      // An explicit --db is what the caller chose: no staleness check.
      const explicit = await run([
        "scan",
        dir,
        "--format",
        "json",
        "--fail-on-stale",
        "--db",
        BUNDLED,
        "--db",
        stale,
      ]);
      expect(explicit.code).toBe(0);
    });
  },
);

describe("db import of other sources", () => {
  it("a zip with one invalid record imports the rest, naming the bad entry, with a count", async () => {
    const src = join(mkdtempSync(join(temp, "src-")), "bad.zip");
    writeFileSync(
      src,
      zipSync({
        "TEST-1.json": strToU8(JSON.stringify(osv("TEST-1", "flask-thing", "2.0"), null, 2)),
        "TEST-2.json": strToU8(JSON.stringify(osv("TEST-2", "other-thing", "1.5"), null, 2)),
        "BAD-1.json": strToU8(
          JSON.stringify({
            id: "BAD-1",
            modified: "2026-02-01T00:00:00Z",
            affected: [{ package: { name: "x" } }],
          }),
        ),
      }),
    );
    const db = join(temp, "zip-db");
    const r = await run(["db", "import", src, "--db-dir", db]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "warning: bad.zip!BAD-1.json: invalid advisory record: BAD-1: affected[0].package.ecosystem is missing\n",
    );
    expect(r.stdout).toContain(
      "3 records read: 2 added, 0 updated, 0 unchanged, 0 older than the database's, 1 invalid",
    );
    expect(r.stdout).toContain("1 invalid record skipped (listed on stderr)");
    const scan = await run(["scan", project("flask-thing==1.0\n"), "--format", "json", "--db", db]);
    expect(json(scan).findings.map((f) => f.id)).toEqual(["TEST-1"]);
    expect((await run(["db", "verify", "--db-dir", db])).code).toBe(0);
  });

  it("imports a JSON-lines file, and a newer record for an id replaces the older one", async () => {
    const dir = mkdtempSync(join(temp, "src-"));
    const first = join(dir, "first.jsonl");
    writeFileSync(
      first,
      `${JSON.stringify(osv("JL-1", "jl-pkg", "2.0"))}\n\n${JSON.stringify(osv("JL-2", "jl-other", "1.0"))}\n`,
    );
    const db = join(temp, "jsonl-db");
    const r = await run(["db", "import", first, "--db-dir", db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`imported ${first} (jsonl): 2 records read: 2 added`);
    const pinned = project("jl-pkg==2.5\n");
    expect(json(await run(["scan", pinned, "--format", "json", "--db", db])).findings).toEqual([]);

    const newer = join(dir, "newer.jsonl");
    writeFileSync(
      newer,
      `${JSON.stringify(osv("JL-1", "jl-pkg", "3.0", { modified: "2026-03-01T00:00:00Z" }))}\n`,
    );
    const r2 = await run(["db", "import", newer, "--db-dir", db]);
    expect(r2.stdout).toContain("1 record read: 0 added, 1 updated");
    const found = json(await run(["scan", pinned, "--format", "json", "--db", db])).findings;
    expect(found.map((f) => [f.id, f.fixed])).toEqual([["JL-1", ["3.0"]]]);
  });

  it("an unreadable source exits 2 with one line; an empty folder has no valid record", async () => {
    const db = join(temp, "missing-db");
    const r = await run(["db", "import", join(temp, "nope.zip"), "--db-dir", db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `lockwarden: cannot import ${join(temp, "nope.zip")}: ${join(temp, "nope.zip")}: no such file or directory\n`,
    );
    const empty = mkdtempSync(join(temp, "empty-"));
    const r2 = await run(["db", "import", empty, "--db-dir", db]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("no valid OSV record");
  });

  it("db verify of a folder without an imported database exits 2", async () => {
    const dir = mkdtempSync(join(temp, "nodb-"));
    mkdirSync(join(dir, "x"));
    const r = await run(["db", "verify", "--db-dir", dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      "error: manifest.json: advisory database integrity: no imported database here",
    );
  });
});
