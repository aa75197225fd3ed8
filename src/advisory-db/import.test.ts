import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { ImportError, type ImportOptions, importIntoDatabase } from "./import.js";
import { loadDatabase } from "./load.js";
import { readManifest } from "./manifest.js";
import { cleanupTemp, record, tempDir, writeDb } from "./test-kit.js";
import { verifyDatabase } from "./verify.js";

afterAll(cleanupTemp);

function options(invalid: Array<[string, string]> = []): ImportOptions {
  return {
    tool: "lockwarden test",
    now: () => new Date("2026-03-25T12:00:00Z"),
    onInvalid: (entry, reason) => invalid.push([entry, reason]),
  };
}

const leftPad = (modified: string, fixed = "1.3.1", extra: Record<string, unknown> = {}) =>
  record(
    "GHSA-test-0001",
    "npm",
    "left-pad",
    { ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed }] }] },
    { modified, ...extra },
  );

function jsonl(records: unknown[], name = "records.jsonl"): string {
  const path = join(tempDir("lockwarden-src-"), name);
  writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
  return path;
}

function packFiles(db: string): string[] {
  return readdirSync(join(db, "packs")).sort();
}

describe("importIntoDatabase", () => {
  it("imports a JSON-lines file into manifest + index + one pack per ecosystem, readable by the loader", async () => {
    const db = join(tempDir(), "db");
    const src = jsonl([
      leftPad("2026-01-01T00:00:00Z"),
      record("PYSEC-1", "PyPI", "Django", { versions: ["1.0"] }),
      record("MAL-1", "npm", "evil-pkg", { ranges: [{ type: "SEMVER", events: [{ introduced: "0" }] }] }),
    ]);
    const r = await importIntoDatabase(db, [{ path: src }], options());
    expect(r.sources).toEqual([
      expect.objectContaining({ type: "jsonl", records: 3, added: 3, invalid: 0, updated: 0, unchanged: 0 }),
    ]);
    expect(r.changed).toBe(true);
    const m = readManifest(db);
    expect(m.status).toBe("ok");
    if (m.status !== "ok") return;
    expect(m.manifest).toMatchObject({
      format: "lockwarden-db",
      records: 3,
      ecosystems: { PyPI: 1, npm: 2 },
      kinds: { malicious: 1, vulnerability: 2 },
      builtAt: "2026-03-25T12:00:00.000Z",
      newestModified: "2026-03-24T11:15:14Z",
    });
    expect(m.manifest.packs.map((p) => [p.file.replace(/-\w+\.jsonl$/, ""), p.records])).toEqual([
      ["packs/PyPI", 1],
      ["packs/npm", 2],
    ]);
    expect(m.manifest.sources).toEqual([
      expect.objectContaining({
        source: src,
        type: "jsonl",
        records: 3,
        added: 3,
        importedAt: "2026-03-25T12:00:00.000Z",
      }),
    ]);
    // A JSON-lines record is stored byte for byte.
    const npmPack = readFileSync(join(db, m.manifest.packs[1]?.file as string), "utf8");
    expect(npmPack.split("\n")).toContain(JSON.stringify(leftPad("2026-01-01T00:00:00Z")));

    const loaded = await loadDatabase([db], { wanted: [{ ecosystem: "PyPI", name: "django" }] });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.records).toBe(3);
    expect(loaded.digest).toBe(r.digest);
    expect(loaded.all().map((a) => a.id)).toEqual(["PYSEC-1"]);
    // A lookup outside `wanted` is served on demand.
    expect(loaded.lookup("npm", "left-pad").map((a) => a.id)).toEqual(["GHSA-test-0001"]);
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("reads folders (recursively), JSON arrays and single-record JSON files, pretty-printed or not", async () => {
    const folder = tempDir("lockwarden-src-");
    mkdirSync(join(folder, "npm", "deep"), { recursive: true });
    writeFileSync(
      join(folder, "npm", "deep", "A.json"),
      JSON.stringify(record("A-1", "npm", "a", { versions: ["1"] }), null, 2),
    );
    writeFileSync(join(folder, "README.md"), "not a record");
    const array = join(tempDir("lockwarden-src-"), "list.json");
    writeFileSync(
      array,
      JSON.stringify([
        record("B-1", "npm", "b", { versions: ["1"] }),
        record("C-1", "npm", "c", { versions: ["1"] }),
      ]),
    );
    const db = join(tempDir(), "db");
    const r = await importIntoDatabase(db, [{ path: folder }, { path: array }], options());
    expect(r.sources.map((s) => [s.type, s.added])).toEqual([
      ["folder", 1],
      ["json", 2],
    ]);
    expect(r.records).toBe(3);
    // Pretty-printed input is stored on one line.
    const m = readManifest(db);
    if (m.status !== "ok") throw new Error("no manifest");
    expect(readFileSync(join(db, m.manifest.packs[0]?.file as string), "utf8").split("\n")).toHaveLength(4);
  });

  it("reports each invalid record with where it came from and why, skips it, and imports the rest", async () => {
    const invalid: Array<[string, string]> = [];
    const zip = join(tempDir("lockwarden-src-"), "all.zip");
    writeFileSync(
      zip,
      zipSync({
        "GOOD-1.json": strToU8(
          JSON.stringify(record("GOOD-1", "PyPI", "good", { versions: ["1.0"] }), null, 2),
        ),
        "BAD-1.json": strToU8(
          JSON.stringify({ id: "BAD-1", modified: "2026-01-01T00:00:00Z", affected: [{}] }),
        ),
        "BAD-2.json": strToU8("{ not json"),
        "BAD-3.json": strToU8(JSON.stringify(record("../../etc/passwd", "PyPI", "x", { versions: ["1"] }))),
      }),
    );
    const db = join(tempDir(), "db");
    const r = await importIntoDatabase(db, [{ path: zip }], options(invalid));
    expect(r.sources[0]).toMatchObject({ type: "zip", records: 4, added: 1, invalid: 3 });
    expect(invalid).toEqual([
      ["all.zip!BAD-1.json", "BAD-1: affected[0].package is missing"],
      ["all.zip!BAD-2.json", expect.stringMatching(/^not valid JSON: /)],
      [
        "all.zip!BAD-3.json",
        expect.stringMatching(/^id "\.\.\/\.\.\/etc\/passwd" is not usable as a record name/),
      ],
    ]);
    expect((await loadDatabase([db])).records).toBe(1);
  });

  it("is idempotent: the same source again changes nothing and keeps the digest", async () => {
    const db = join(tempDir(), "db");
    const src = jsonl([
      leftPad("2026-01-01T00:00:00Z"),
      record("PYSEC-1", "PyPI", "django", { versions: ["1.0"] }),
    ]);
    const first = await importIntoDatabase(db, [{ path: src }], options());
    const packs = packFiles(db);
    const again = await importIntoDatabase(db, [{ path: src }], options());
    expect(again.changed).toBe(false);
    expect(again.digest).toBe(first.digest);
    expect(again.sources[0]).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    expect(packFiles(db)).toEqual(packs);
    const m = readManifest(db);
    expect(m.status === "ok" && m.manifest.sources.length).toBe(2);
  });

  it("keeps the newer `modified` of an id: a newer record replaces, an older one is ignored", async () => {
    const db = join(tempDir(), "db");
    await importIntoDatabase(db, [{ path: jsonl([leftPad("2026-01-01T00:00:00Z", "1.3.1")]) }], options());
    const older = await importIntoDatabase(
      db,
      [{ path: jsonl([leftPad("2025-01-01T00:00:00Z", "9.9.9")]) }],
      options(),
    );
    expect(older.sources[0]).toMatchObject({ older: 1, updated: 0 });
    const newer = await importIntoDatabase(
      db,
      [{ path: jsonl([leftPad("2026-02-01T00:00:00Z", "1.4.0")]) }],
      options(),
    );
    expect(newer.sources[0]).toMatchObject({ updated: 1 });
    const loaded = await loadDatabase([db], { wanted: [{ ecosystem: "npm", name: "left-pad" }] });
    expect(loaded.records).toBe(1);
    expect(loaded.byId("GHSA-test-0001")?.modified).toBe("2026-02-01T00:00:00Z");
    expect(JSON.stringify(loaded.byId("GHSA-test-0001")?.affected[0]?.ranges)).toContain("1.4.0");
    expect(verifyDatabase(db)).toMatchObject({ ok: true, records: 1 });
  });

  it("resolves an id repeated inside one source (newest wins) without leaving the loser in the pack", async () => {
    const db = join(tempDir(), "db");
    const r = await importIntoDatabase(
      db,
      [{ path: jsonl([leftPad("2026-01-01T00:00:00Z", "1.0.0"), leftPad("2026-03-01T00:00:00Z", "2.0.0")]) }],
      options(),
    );
    expect(r.sources[0]).toMatchObject({ added: 1, updated: 1 });
    const m = readManifest(db);
    if (m.status !== "ok") throw new Error("no manifest");
    const lines = readFileSync(join(db, m.manifest.packs[0]?.file as string), "utf8")
      .trimEnd()
      .split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("2.0.0");
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("moves a record whose first ecosystem changed, and drops the pack it left empty", async () => {
    const db = join(tempDir(), "db");
    await importIntoDatabase(
      db,
      [{ path: jsonl([record("X-1", "PyPI", "x", { versions: ["1"] })]) }],
      options(),
    );
    expect(packFiles(db)).toEqual([expect.stringMatching(/^PyPI-/)]);
    const moved = record("X-1", "npm", "x", { versions: ["1"] }, { modified: "2026-12-01T00:00:00Z" });
    await importIntoDatabase(db, [{ path: jsonl([moved]) }], options());
    expect(packFiles(db)).toEqual([expect.stringMatching(/^npm-/)]);
    const loaded = await loadDatabase([db], { wanted: [{ ecosystem: "npm", name: "x" }] });
    expect(loaded.countsByEcosystem).toEqual({ npm: 1 });
    expect(loaded.all().map((a) => a.id)).toEqual(["X-1"]);
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("keeps untouched packs byte for byte when another ecosystem changes", async () => {
    const db = join(tempDir(), "db");
    await importIntoDatabase(
      db,
      [
        {
          path: jsonl([
            record("P-1", "PyPI", "p", { versions: ["1"] }),
            record("N-1", "npm", "n", { versions: ["1"] }),
          ]),
        },
      ],
      options(),
    );
    const pypi = packFiles(db).find((f) => f.startsWith("PyPI-"));
    await importIntoDatabase(
      db,
      [{ path: jsonl([record("N-2", "npm", "m", { versions: ["1"] })]) }],
      options(),
    );
    expect(packFiles(db)).toContain(pypi);
    expect(packFiles(db)).toHaveLength(2);
    expect((await loadDatabase([db], { wanted: [{ ecosystem: "npm", name: "n" }] })).records).toBe(3);
  });

  it("--fresh refuses to replace the database with nothing when a source fails", async () => {
    const db = join(tempDir(), "db");
    await importIntoDatabase(
      db,
      [{ path: jsonl([record("OLD-1", "npm", "old", { versions: ["1"] })]) }],
      options(),
    );
    const digest = readManifest(db);
    await expect(
      importIntoDatabase(db, [{ path: join(tempDir(), "missing.zip") }], { ...options(), fresh: true }),
    ).rejects.toThrow(/--fresh: a source could not be read/);
    expect(readManifest(db)).toEqual(digest);
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("--fresh rebuilds from the given sources alone", async () => {
    const db = join(tempDir(), "db");
    await importIntoDatabase(
      db,
      [{ path: jsonl([record("OLD-1", "npm", "old", { versions: ["1"] })]) }],
      options(),
    );
    const r = await importIntoDatabase(
      db,
      [{ path: jsonl([record("NEW-1", "npm", "new", { versions: ["1"] })]) }],
      { ...options(), fresh: true },
    );
    expect(r.records).toBe(1);
    const loaded = await loadDatabase([db], {
      wanted: [
        { ecosystem: "npm", name: "old" },
        { ecosystem: "npm", name: "new" },
      ],
    });
    expect(loaded.all().map((a) => a.id)).toEqual(["NEW-1"]);
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("reports an unreadable source and still imports the others", async () => {
    const db = join(tempDir(), "db");
    const r = await importIntoDatabase(
      db,
      [
        { path: join(tempDir(), "missing.zip") },
        { path: jsonl([record("A-1", "npm", "a", { versions: ["1"] })]) },
      ],
      options(),
    );
    expect(r.sources[0]).toMatchObject({
      type: "unreadable",
      error: expect.stringMatching(/no such file or directory/),
    });
    expect(r.records).toBe(1);
  });

  it("refuses a folder of loose OSV files, a damaged manifest, and a folder another import holds", async () => {
    const plain = writeDb({ "npm/A-1.json": record("A-1", "npm", "a", { versions: ["1"] }) });
    await expect(importIntoDatabase(plain, [], options())).rejects.toThrow(/loose OSV files/);
    expect(readdirSync(plain)).toEqual(["osv"]);
    const damaged = tempDir();
    writeFileSync(join(damaged, "manifest.json"), "{");
    await expect(importIntoDatabase(damaged, [], options())).rejects.toThrow(/not valid JSON/);
    const locked = tempDir();
    writeFileSync(join(locked, ".lock"), `${process.pid}\n`);
    await expect(importIntoDatabase(locked, [], options())).rejects.toThrow(ImportError);
    // A lock left by a process that no longer exists is taken over.
    const stale = join(tempDir(), "db");
    mkdirSync(stale);
    writeFileSync(join(stale, ".lock"), "2147483646\n");
    const r = await importIntoDatabase(
      stale,
      [{ path: jsonl([record("A-1", "npm", "a", { versions: ["1"] })]) }],
      options(),
    );
    expect(r.records).toBe(1);
    expect(existsSync(join(stale, ".lock"))).toBe(false);
  });

  it("an interrupted import leaves the previous database usable, and the next import clears its leftovers", async () => {
    const db = join(tempDir(), "db");
    const first = await importIntoDatabase(
      db,
      [{ path: jsonl([leftPad("2026-01-01T00:00:00Z")]) }],
      options(),
    );
    // What a crash before the manifest rename leaves: a new pack, a new index, a temp manifest.
    writeFileSync(join(db, "packs", "npm-crashed1.jsonl.tmp"), '{"id":"half');
    writeFileSync(join(db, "packs", "npm-crashed1.jsonl"), "{}\n");
    writeFileSync(join(db, "index-crashed1.bin"), "partial");
    writeFileSync(join(db, "manifest.json.123.tmp"), "{");
    const loaded = await loadDatabase([db], { wanted: [{ ecosystem: "npm", name: "left-pad" }] });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.digest).toBe(first.digest);
    expect(loaded.all().map((a) => a.id)).toEqual(["GHSA-test-0001"]);
    expect(verifyDatabase(db).problems.map((p) => p.file)).toEqual([
      "index-crashed1.bin",
      "manifest.json.123.tmp",
      "packs/npm-crashed1.jsonl",
      "packs/npm-crashed1.jsonl.tmp",
    ]);
    await importIntoDatabase(
      db,
      [{ path: jsonl([record("A-1", "npm", "a", { versions: ["1"] })]) }],
      options(),
    );
    expect(verifyDatabase(db)).toMatchObject({ ok: true, records: 2 });
  });
});
