import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTemp, tempDir } from "./test-kit.js";
import { readZip, type ZipEntry, ZipError } from "./zip.js";

afterAll(cleanupTemp);

function write(bytes: Uint8Array, name = "a.zip"): string {
  const path = join(tempDir("lockwarden-zip-"), name);
  writeFileSync(path, bytes);
  return path;
}

function entries(path: string): ZipEntry[] {
  return [...readZip(path)];
}

function text(e: ZipEntry | undefined): string {
  if (!e || "error" in e) throw new Error(`not data: ${JSON.stringify(e)}`);
  return e.data.toString("utf8");
}

/** Rewrites a zip's end record as ZIP64 (locator + ZIP64 end record, 32-bit fields saturated), as large exports have it. */
function asZip64(zip: Uint8Array): Uint8Array {
  const b = Buffer.from(zip);
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = b.readUInt16LE(eocd + 10);
  const cdSize = b.readUInt32LE(eocd + 12);
  const cdOffset = b.readUInt32LE(eocd + 16);
  const z64 = Buffer.alloc(56);
  z64.writeUInt32LE(0x06064b50, 0);
  z64.writeBigUInt64LE(44n, 4);
  z64.writeUInt16LE(45, 12);
  z64.writeUInt16LE(45, 14);
  z64.writeBigUInt64LE(BigInt(count), 24);
  z64.writeBigUInt64LE(BigInt(count), 32);
  z64.writeBigUInt64LE(BigInt(cdSize), 40);
  z64.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(eocd), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([b.subarray(0, eocd), z64, locator, end]);
}

describe("readZip", () => {
  it("reads deflated and stored entries in archive order and skips folders", () => {
    const zip = zipSync({
      "A-1.json": [strToU8('{"id":"A-1"}'), { level: 6 }],
      "folder/": new Uint8Array(0),
      "B-2.json": [strToU8('{"id":"B-2"}'), { level: 0 }],
    });
    const got = entries(write(zip));
    expect(got.map((e) => e.name)).toEqual(["A-1.json", "B-2.json"]);
    expect(got.map(text)).toEqual(['{"id":"A-1"}', '{"id":"B-2"}']);
  });

  it("reads an empty archive", () => {
    expect(entries(write(zipSync({})))).toEqual([]);
  });

  it("follows a ZIP64 end of central directory record", () => {
    const zip = zipSync({ "A-1.json": strToU8('{"id":"A-1"}'), "B-2.json": strToU8('{"id":"B-2"}') });
    expect(entries(write(asZip64(zip))).map(text)).toEqual(['{"id":"A-1"}', '{"id":"B-2"}']);
  });

  it("reads every entry of an archive whose 16-bit entry count wrapped (65,537 entries)", () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 65_537; i++) files[`R-${i}.json`] = strToU8(String(i));
    const got = entries(write(zipSync(files, { level: 0 })));
    expect(got).toHaveLength(65_537);
    expect(text(got.at(-1))).toBe("65536");
  });

  it("reports an entry whose bytes were damaged (CRC-32), and still reads the others", () => {
    const zip = Buffer.from(
      zipSync({ "A-1.json": [strToU8('{"id":"A-1"}'), { level: 0 }], "B-2.json": strToU8("{}") }),
    );
    const at = zip.indexOf('{"id":"A-1"}');
    zip[at + 3] = "X".charCodeAt(0);
    const got = entries(write(zip));
    expect(got[0]).toEqual({ name: "A-1.json", error: "CRC-32 mismatch (damaged or truncated archive)" });
    expect(text(got[1])).toBe("{}");
  });

  it("refuses a file that is not a zip, and a truncated download, before yielding anything", () => {
    expect(() => entries(write(strToU8('{"id": "not a zip"}'), "x.zip"))).toThrow(ZipError);
    const zip = zipSync({ "A-1.json": strToU8("x".repeat(2000)) });
    expect(() => entries(write(zip.subarray(0, zip.length - 30)))).toThrow(/not a zip file|truncated/);
  });
});
