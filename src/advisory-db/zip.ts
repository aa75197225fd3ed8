// Reads the entries of a ZIP archive such as osv.dev's `<Ecosystem>/all.zip`, one at a time, so a
// 300,000-entry export never sits in memory inflated. The central directory is the source of truth
// (local headers may defer sizes to data descriptors); ZIP64 is followed, because an export with
// more than 65,535 entries needs it, and the directory is walked by its byte size rather than its
// entry count, which 16-bit writers wrap. Every entry's CRC-32 is checked, so a truncated or
// corrupted download is reported, never imported. Entries are inflated with fflate.

import { closeSync, fstatSync, openSync } from "node:fs";
import { crc32 } from "node:zlib";
import { inflateSync } from "fflate";
import { ShortReadError, windowReader } from "./file-window.js";

/** A problem with the archive as a whole (not a zip, truncated): nothing can be read from it. */
export class ZipError extends Error {
  override name = "ZipError";
}

export type ZipEntry = { name: string; data: Buffer } | { name: string; error: string };

/** Inflated size above which an entry is refused: no OSV record comes close, a zip bomb does. */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError("ZIP64 value too large");
  return Number(v);
}

function findDirectory(
  read: (pos: number, len: number) => Buffer,
  size: number,
): { offset: number; size: number } {
  if (size < 22) throw new ZipError("not a zip file (too short)");
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = read(size - tailLen, tailLen);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at === -1) throw new ZipError("not a zip file (no end of central directory record)");
  const eocdPos = size - tailLen + at;
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (eocdPos >= 20) {
    const loc = read(eocdPos - 20, 20);
    if (loc.readUInt32LE(0) === EOCD64_LOCATOR) {
      const e64 = read(u64(loc, 8), 56);
      if (e64.readUInt32LE(0) !== EOCD64) throw new ZipError("damaged ZIP64 end of central directory");
      cdSize = u64(e64, 40);
      cdOffset = u64(e64, 48);
    }
  }
  if (cdOffset + cdSize > size)
    throw new ZipError("truncated zip file (the central directory lies past its end)");
  return { offset: cdOffset, size: cdSize };
}

function parseDirectory(cd: Buffer): CentralEntry[] {
  const out: CentralEntry[] = [];
  let p = 0;
  while (p + 46 <= cd.length) {
    if (cd.readUInt32LE(p) !== CENTRAL)
      throw new ZipError(`damaged central directory at entry ${out.length + 1}`);
    const flags = cd.readUInt16LE(p + 8);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length) throw new ZipError("damaged central directory");
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const entry: CentralEntry = {
      // Bit 11: UTF-8 name; otherwise CP437, whose ASCII range is all an OSV id uses.
      name: nameBytes.toString(flags & 0x800 ? "utf8" : "latin1"),
      flags,
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      compressed: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      offset: cd.readUInt32LE(p + 42),
    };
    if (entry.size === MAX32 || entry.compressed === MAX32 || entry.offset === MAX32) {
      // ZIP64 extended information: only the fields whose 32-bit value is saturated, in this order.
      for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen; ) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let f = e + 4;
          if (entry.size === MAX32) {
            entry.size = u64(cd, f);
            f += 8;
          }
          if (entry.compressed === MAX32) {
            entry.compressed = u64(cd, f);
            f += 8;
          }
          if (entry.offset === MAX32) entry.offset = u64(cd, f);
          break;
        }
        e += 4 + len;
      }
    }
    out.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function inflateEntry(e: CentralEntry, raw: Buffer): Buffer | string {
  if (e.flags & 1) return "encrypted entry";
  if (e.size > MAX_ENTRY_BYTES)
    return `entry is ${e.size} bytes inflated, over the ${MAX_ENTRY_BYTES}-byte limit`;
  let data: Buffer;
  if (e.method === 0)
    data = Buffer.from(raw); // the window is reused by the next read
  else if (e.method === 8) {
    try {
      const out = inflateSync(raw, { out: new Uint8Array(e.size) });
      data = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    } catch (err) {
      return `cannot inflate: ${err instanceof Error ? err.message : String(err)}`;
    }
  } else return `unsupported compression method ${e.method}`;
  if (data.length !== e.size || crc32(data) >>> 0 !== e.crc >>> 0)
    return "CRC-32 mismatch (damaged or truncated archive)";
  return data;
}

/**
 * Yields every file entry (directories skipped) in archive order. Throws ZipError before the first
 * entry when the file is not a readable zip; a damaged entry is yielded with an error and the rest go on.
 */
export function* readZip(path: string): Generator<ZipEntry> {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const read = windowReader(fd, size);
    const dir = findDirectory(read, size);
    const entries = parseDirectory(Buffer.from(read(dir.offset, dir.size))).sort(
      (a, b) => a.offset - b.offset,
    );
    for (const e of entries) {
      if (e.name.endsWith("/")) continue;
      let result: Buffer | string;
      try {
        const local = read(e.offset, 30);
        if (local.readUInt32LE(0) !== LOCAL) throw new ZipError("no local header where the directory points");
        const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
        result = inflateEntry(e, read(start, e.compressed));
      } catch (err) {
        if (!(err instanceof ZipError || err instanceof ShortReadError)) throw err;
        result = err.message;
      }
      yield typeof result === "string" ? { name: e.name, error: result } : { name: e.name, data: result };
    }
  } finally {
    closeSync(fd);
  }
}

/** True when the file starts like a zip (a local header, or an empty archive's end record). */
export function looksLikeZip(head: Buffer): boolean {
  if (head.length < 4) return false;
  const sig = head.readUInt32LE(0);
  return sig === LOCAL || sig === EOCD;
}
