// Loading imported databases (manifest + index + packs) beside plain osv/ folders: only the wanted
// records are read, duplicates across folders resolve as they do for plain folders, counts and
// digests stay exact, and damage is reported, never silently skipped.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importIntoDatabase } from "./import.js";
import { loadDatabase } from "./load.js";
import { readManifest } from "./manifest.js";
import { cleanupTemp, record, SEED_DIR, tempDir, writeDb } from "./test-kit.js";

afterAll(cleanupTemp);

async function imported(records: unknown[]): Promise<string> {
  const src = join(tempDir("lockwarden-src-"), "r.jsonl");
  writeFileSync(src, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
  const db = join(tempDir(), "db");
  await importIntoDatabase(db, [{ path: src }], { tool: "test" });
  return db;
}

const pad = (id: string, name: string, modified: string, fixed = "2.0.0") =>
  record(
    id,
    "npm",
    name,
    { ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed }] }] },
    { modified },
  );

function manifestOf(db: string) {
  const m = readManifest(db);
  if (m.status !== "ok") throw new Error("no manifest");
  return m.manifest;
}

describe("loadDatabase with imported folders", () => {
  it("reads only the records of the wanted keys, and the rest on first lookup", async () => {
    const db = await imported([
      pad("A-1", "a", "2026-01-01T00:00:00Z"),
      pad("B-1", "b", "2026-01-01T00:00:00Z"),
    ]);
    const loaded = await loadDatabase([db], { wanted: [{ ecosystem: "npm", name: "a" }] });
    expect(loaded.records).toBe(2);
    expect(loaded.all().map((a) => a.id)).toEqual(["A-1"]);
    expect(loaded.lookup("npm", "b").map((a) => a.id)).toEqual(["B-1"]);
    expect(loaded.all().map((a) => a.id)).toEqual(["A-1", "B-1"]);
    expect(loaded.byId("A-1")?.source).toBe(`${db}/${manifestOf(db).packs[0]?.file}#A-1`);
  });

  it("digests several folders as sha256 over their digests, one per line, in the order given", async () => {
    const db = await imported([pad("A-1", "a", "2026-01-01T00:00:00Z")]);
    const seed = await loadDatabase([SEED_DIR]);
    const user = await loadDatabase([db]);
    expect(user.digest).toBe(manifestOf(db).digest);
    const both = await loadDatabase([SEED_DIR, db]);
    expect(both.digest).toBe(createHash("sha256").update(`${seed.digest}\n${user.digest}\n`).digest("hex"));
    expect((await loadDatabase([db, SEED_DIR])).digest).not.toBe(both.digest);
  });

  it("an id in a plain folder and an imported one: the newer wins, counted once, with a note", async () => {
    const plain = writeDb({ "npm/X-1.json": pad("X-1", "shared", "2025-01-01T00:00:00Z", "1.0.0") });
    const db = await imported([
      pad("X-1", "shared", "2026-01-01T00:00:00Z", "3.0.0"),
      pad("Y-1", "other", "2026-01-01T00:00:00Z"),
    ]);
    const loaded = await loadDatabase([plain, db], { wanted: [{ ecosystem: "npm", name: "shared" }] });
    expect(loaded.records).toBe(2);
    expect(loaded.countsByEcosystem).toEqual({ npm: 2 });
    expect(loaded.lookup("npm", "shared").map((a) => [a.id, a.modified])).toEqual([
      ["X-1", "2026-01-01T00:00:00Z"],
    ]);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(["ADVISORY_DUPLICATE"]);
  });

  it("a newer imported copy that no longer affects the package removes the plain record from that package", async () => {
    const plain = writeDb({ "npm/X-1.json": pad("X-1", "old-name", "2025-01-01T00:00:00Z") });
    const db = await imported([pad("X-1", "new-name", "2026-01-01T00:00:00Z")]);
    const loaded = await loadDatabase([plain, db], { wanted: [{ ecosystem: "npm", name: "old-name" }] });
    expect(loaded.lookup("npm", "old-name")).toEqual([]);
    expect(loaded.lookup("npm", "new-name").map((a) => a.id)).toEqual(["X-1"]);
    expect(loaded.records).toBe(1);
  });

  it("a tie keeps the earlier folder, whichever kind is read first", async () => {
    const same = "2026-01-01T00:00:00Z";
    const plain = writeDb({ "npm/X-1.json": pad("X-1", "p", same, "1.0.0") });
    const db = await imported([pad("X-1", "p", same, "9.0.0")]);
    const wanted = [{ ecosystem: "npm", name: "p" }];
    const plainFirst = await loadDatabase([plain, db], { wanted });
    expect(plainFirst.byId("X-1")?.source).toContain(`${plain}/osv/`);
    const importedFirst = await loadDatabase([db, plain], { wanted });
    expect(importedFirst.byId("X-1")?.source).toContain(`${db}/packs/`);
    expect(importedFirst.records).toBe(1);
  });

  it("two imported folders sharing ids count each id once and keep the newer", async () => {
    const a = await imported([
      pad("S-1", "s", "2025-01-01T00:00:00Z"),
      pad("A-1", "a", "2025-01-01T00:00:00Z"),
    ]);
    const b = await imported([
      pad("S-1", "s2", "2026-01-01T00:00:00Z"),
      pad("B-1", "b", "2025-01-01T00:00:00Z"),
    ]);
    const loaded = await loadDatabase([a, b], { wanted: [{ ecosystem: "npm", name: "s" }] });
    expect(loaded.records).toBe(3);
    // S-1's newer copy (in b) moved to package s2: s has no record any more.
    expect(loaded.lookup("npm", "s")).toEqual([]);
    expect(loaded.lookup("npm", "s2").map((x) => x.id)).toEqual(["S-1"]);
  });

  it("a record damaged on disk is reported against its pack and not used; the others still load", async () => {
    const db = await imported([
      pad("A-1", "a", "2026-01-01T00:00:00Z"),
      pad("B-1", "b", "2026-01-01T00:00:00Z"),
    ]);
    const pack = join(db, manifestOf(db).packs[0]?.file as string);
    const bytes = readFileSync(pack);
    const at = bytes.indexOf('"A-1"') + 2;
    bytes[at] = "Z".charCodeAt(0);
    writeFileSync(pack, bytes);
    const loaded = await loadDatabase([db], {
      wanted: [
        { ecosystem: "npm", name: "a" },
        { ecosystem: "npm", name: "b" },
      ],
    });
    expect(loaded.all().map((a) => a.id)).toEqual(["B-1"]);
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        code: "ADVISORY_INVALID",
        severity: "error",
        location: { path: pack },
        message: expect.stringContaining("does not match the index"),
      }),
    ]);
  });

  it("a missing index, an index of another manifest, or loose osv/ files are errors naming the file", async () => {
    const db = await imported([pad("A-1", "a", "2026-01-01T00:00:00Z")]);
    const m = manifestOf(db);
    rmSync(join(db, m.index.file));
    const missing = await loadDatabase([SEED_DIR, db], { wanted: [{ ecosystem: "npm", name: "a" }] });
    expect(missing.diagnostics.map((d) => [d.code, d.location?.path])).toEqual([
      ["DATABASE_UNREADABLE", `${db}/${m.index.file}`],
    ]);
    expect(missing.records).toBe(76);

    const other = await imported([pad("B-1", "b", "2026-01-01T00:00:00Z")]);
    const otherIndex = manifestOf(other).index.file;
    writeFileSync(join(db, m.index.file), readFileSync(join(other, otherIndex)));
    const mismatched = await loadDatabase([db], { wanted: [{ ecosystem: "npm", name: "a" }] });
    expect(mismatched.diagnostics[0]?.message).toContain("does not belong to this manifest");

    const loose = await imported([pad("C-1", "c", "2026-01-01T00:00:00Z")]);
    mkdirSync(join(loose, "osv", "npm"), { recursive: true });
    const l = await loadDatabase([loose], { wanted: [{ ecosystem: "npm", name: "c" }] });
    expect(l.diagnostics.map((d) => [d.code, d.location?.path])).toEqual([
      ["DATABASE_UNREADABLE", `${loose}/osv`],
    ]);
    expect(l.all().map((a) => a.id)).toEqual(["C-1"]);
  });

  it("a database classified by another version is read the slow way, and re-classified by the next import", async () => {
    const db = await imported([pad("A-1", "a", "2026-01-01T00:00:00Z")]);
    const m = manifestOf(db);
    const path = join(db, m.index.file);
    const bytes = readFileSync(path);
    const at = bytes.indexOf('"derived":1');
    bytes.write('"derived":0', at, "latin1");
    writeFileSync(path, bytes);
    const loaded = await loadDatabase([db], { wanted: [{ ecosystem: "npm", name: "a" }] });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.byId("A-1")).toMatchObject({ kind: "vulnerability", severity: "unknown" });

    const src = join(tempDir("lockwarden-src-"), "r.jsonl");
    writeFileSync(src, `${JSON.stringify(pad("B-1", "b", "2026-01-01T00:00:00Z"))}\n`);
    await importIntoDatabase(db, [{ path: src }], { tool: "test" });
    expect(readFileSync(join(db, manifestOf(db).index.file), "latin1")).toContain('"derived":1');
  });
});
