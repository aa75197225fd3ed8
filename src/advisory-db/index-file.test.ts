import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildIndex,
  type Combo,
  fnv1a,
  IndexError,
  type IndexRecordInput,
  openIndex,
  openIndexFile,
} from "./index-file.js";
import { cleanupTemp, tempDir } from "./test-kit.js";

afterAll(cleanupTemp);

const COMBOS: Combo[] = [
  { kind: "vulnerability", withdrawn: false, ecosystems: ["PyPI"] },
  { kind: "malicious", withdrawn: false, ecosystems: ["npm"] },
];

function rec(id: string, keys: string[], extra: Partial<IndexRecordInput> = {}): IndexRecordInput {
  return {
    id,
    keys,
    pack: 0,
    combo: 0,
    offset: 100,
    length: 42,
    crc32: 0xdeadbeef,
    severity: "high",
    score: 7.5,
    modified: Date.parse("2024-01-02T03:04:05Z"),
    sha256: createHash("sha256").update(id).digest(),
    ...extra,
  };
}

function referenceFnv(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, "utf8")) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

describe("fnv1a", () => {
  it("hashes the UTF-8 bytes, whatever the characters (ASCII, accents, CJK, emoji, lone surrogates)", () => {
    for (const s of ["", "npm\0left-pad", "PyPI\0café", "npm\0日本語", "npm\0📦-pkg", "x\uD800y", "\uDC00"]) {
      expect(fnv1a(s)).toBe(referenceFnv(s));
    }
  });
});

describe("index file", () => {
  const mal = rec("MAL-2026-1", ["npm\0@scope/naïve"], {
    pack: 1,
    combo: 1,
    offset: 1.5e10,
    severity: "critical",
  });
  delete mal.score;
  const records = [
    rec("PYSEC-2021-335", ["PyPI\0accesscontrol"]),
    rec("PYSEC-2021-370", ["PyPI\0accesscontrol"], { offset: 200 }),
    rec("GHSA-aaaa-bbbb-cccc", ["PyPI\0accesscontrol", "PyPI\0zope"], {
      offset: 300,
      score: 9.8,
      severity: "critical",
    }),
    mal,
    rec("NOPKG-1", [], { offset: 400 }),
  ];
  const packs = ["packs/PyPI-g.jsonl", "packs/npm-g.jsonl"];
  const bytes = buildIndex(records, packs, COMBOS, "d".repeat(64), 1);

  it("finds the refs of every record of a key, and nothing for absent keys", () => {
    for (const reader of [openIndex(bytes), openIndexFile(writeTemp(bytes))]) {
      expect(reader.meta).toMatchObject({ records: 5, keys: 3, digest: "d".repeat(64), derived: 1 });
      const found = reader.findKeys(["PyPI\0accesscontrol", "npm\0@scope/naïve", "npm\0absent"]);
      expect([...found.keys()].sort()).toEqual(["PyPI\0accesscontrol", "npm\0@scope/naïve"]);
      expect(
        found
          .get("PyPI\0accesscontrol")
          ?.map((r) => r.offset)
          .sort(),
      ).toEqual([100, 200, 300]);
      expect(found.get("npm\0@scope/naïve")).toEqual([
        { pack: 1, combo: 1, offset: 1.5e10, length: 42, crc32: 0xdeadbeef, severity: "critical" },
      ]);
      expect(found.get("PyPI\0accesscontrol")?.find((r) => r.offset === 300)).toMatchObject({ score: 9.8 });
      expect(reader.combos[1]).toEqual(COMBOS[1]);
    }
  });

  it("finds records by id, including one that affects no package, with their sha256 and modified time", () => {
    const reader = openIndexFile(writeTemp(bytes));
    const found = reader.findIds(["NOPKG-1", "GHSA-aaaa-bbbb-cccc", "ABSENT-1"]);
    expect([...found.keys()].sort()).toEqual(["GHSA-aaaa-bbbb-cccc", "NOPKG-1"]);
    expect(found.get("NOPKG-1")).toMatchObject({ offset: 400, modified: Date.parse("2024-01-02T03:04:05Z") });
    expect(found.get("NOPKG-1")?.sha256.equals(createHash("sha256").update("NOPKG-1").digest())).toBe(true);
  });

  it("lists every record once and every key with its refs, from memory and from a file", () => {
    for (const reader of [openIndex(bytes), openIndexFile(writeTemp(bytes))]) {
      const ids: string[] = [];
      reader.forEachRecord((r) => ids.push(`${r.id}@${r.offset}`));
      expect(ids.sort()).toEqual(records.map((r) => `${r.id}@${r.offset}`).sort());
      const keys = new Map<string, number[]>();
      reader.forEachKey((k, refs) => keys.set(k, refs.map((r) => r.offset).sort()));
      expect(keys.get("PyPI\0zope")).toEqual([300]);
      expect(keys.get("")).toEqual([400]);
    }
  });

  it("streams the key section when many keys are wanted, with the same answers", () => {
    const many = Array.from({ length: 3000 }, (_, i) => rec(`R-${i}`, [`npm\0pkg-${i}`], { offset: i }));
    const path = writeTemp(buildIndex(many, packs, COMBOS, "d".repeat(64), 1));
    const wanted = Array.from({ length: 1500 }, (_, i) => `npm\0pkg-${i * 2}`);
    const found = openIndexFile(path).findKeys([...wanted, "npm\0missing"]);
    expect(found.size).toBe(1500);
    expect(found.get("npm\0pkg-2998")?.[0]?.offset).toBe(2998);
  });

  it("gives the same bytes for the same records in the same order", () => {
    expect(buildIndex(records, packs, COMBOS, "d".repeat(64), 1)).toEqual(bytes);
  });

  it("handles an empty database", () => {
    const reader = openIndex(buildIndex([], [], [], "e".repeat(64), 1));
    expect(reader.findKeys(["npm\0x"]).size).toBe(0);
    expect(reader.findIds(["X-1"]).size).toBe(0);
  });

  it("refuses files that are not an index, or are damaged", () => {
    expect(() => openIndex(Buffer.from("not an index at all"))).toThrow(IndexError);
    expect(() => openIndex(bytes.subarray(0, 20))).toThrow(IndexError);
    expect(() => openIndex(bytes.subarray(0, bytes.length - 8))).toThrow(IndexError);
    // A bucket directory entry pointing past the end is caught when the bucket is read.
    const damaged = Buffer.from(bytes);
    const reader = openIndex(damaged);
    damaged.writeUInt32LE(0xfffffff0, reader.meta.keySection.dir);
    expect(() => reader.forEachKey(() => {})).toThrow(IndexError);
  });
});

function writeTemp(bytes: Buffer): string {
  const path = join(tempDir("lockwarden-index-"), "index.bin");
  writeFileSync(path, bytes);
  return path;
}
