// The on-disk index of an imported database, built for a scan that wants a few thousand package
// keys out of hundreds of thousands. It is never read whole by a scan: on the reference machine a
// fresh 30 MB read costs ~100 ms in page faults and each system call tens of microseconds
// (scripts/bench-db.mjs measures the scan), so keys and ids are hashed into buckets laid out in
// bucket order. A few lookups read their buckets with one positioned read each; many lookups
// stream the section once through one reused 256 KiB window.
//
// Layout (little-endian):
//   "LWIDX\0\0\x03"   magic + format version 3
//   u32 metaLength, then that many bytes of JSON meta (digest, counts, pack files, combos, bucket
//   directories and sections)
//   key section   buckets of entries  u16 keyLength, key (UTF-8), u32 n, n × ref
//   id section    buckets of entries  u16 idLength, id, u32 ref offset, f64 modified (ms),
//                 32 bytes sha256 of the record's bytes
//   key directory, id directory       buckets × (u32 offset, u32 length)
//   key filter, id filter   Bloom filters (10 bits an entry, 7 probes: ~1% false positives), so
//                 the keys a scan wants that the database does not hold (most of a lockfile), and
//                 ids it does not hold, cost no bucket read at all
// A ref (24 bytes) is  u16 pack, u8 severity, u8 score×10 (255: none), u32 combo, f64 offset in
// the pack, u32 length, u32 CRC-32 of the record's bytes: all a scan needs to read a record, check
// it against accidental damage and build its advisory without classifying it again. A record's ref
// sits under each key it has (almost always one; a record affecting no package goes under the empty
// key, which no lookup asks for); its id entry points at the first. Buckets are chosen by FNV-1a
// (32-bit) of the UTF-8 key or id. A "combo" is one distinct (kind, withdrawn, ecosystems) triple,
// so counts can be adjusted for a duplicate without reading its record.

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { Severity } from "../core/types.js";
import type { AdvisoryKind } from "./types.js";

const MAGIC = Buffer.from("LWIDX\0\0\x03", "latin1");
const REF = 24;
const ID_FIXED = 4 + 8 + 32;
/**
 * Keys per key bucket and ids per id bucket, on average: a bucket is a few hundred bytes, and the
 * directory of a 300,000-record database is read in one or two window reads.
 */
const KEYS_PER_BUCKET = 8;
const IDS_PER_BUCKET = 16;
const WINDOW = 256 * 1024;
const FILTER_BITS_PER_KEY = 10;
const FILTER_PROBES = 7;
const SEVERITIES: readonly Severity[] = ["unknown", "low", "moderate", "high", "critical"];

export interface Combo {
  kind: AdvisoryKind;
  withdrawn: boolean;
  ecosystems: string[];
}

/** Where a record is and what the import derived from it. */
export interface Ref {
  pack: number;
  offset: number;
  length: number;
  crc32: number;
  combo: number;
  severity: Severity;
  /** CVSS v3 base score, one decimal, when the record has one. */
  score?: number;
}

/** A record as the id section knows it. */
export interface IndexRecord extends Ref {
  id: string;
  modified: number;
  /** 32 raw bytes. */
  sha256: Buffer;
}

export interface IndexRecordInput extends IndexRecord {
  keys: readonly string[];
}

interface Section {
  /** Offset of the bucket directory. */
  dir: number;
  buckets: number;
  /** Byte range of the buckets. */
  start: number;
  end: number;
}

export interface IndexMeta {
  format: "lockwarden-index";
  version: 3;
  /** Version of the import-time classification stored in refs (see record.ts DERIVED_VERSION). */
  derived: number;
  digest: string;
  records: number;
  keys: number;
  packs: string[];
  combos: Array<[AdvisoryKind, 0 | 1, string[]]>;
  keySection: Section;
  idSection: Section;
  /** Bloom filters of the keys and of the ids: byte offset, size in bits, probes. */
  keyFilter: Filter;
  idFilter: Filter;
}

interface Filter {
  offset: number;
  bits: number;
  probes: number;
}

/** The file is not an index, or is damaged: the database must be rebuilt or restored. */
export class IndexError extends Error {
  override name = "IndexError";
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of a string (encoded on the fly: no Buffer per key). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  const mix = (byte: number): void => {
    h = Math.imul(h ^ byte, 0x01000193);
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate encodes as U+FFFD
    if (c < 0x800) {
      mix(0xc0 | (c >> 6));
      mix(0x80 | (c & 63));
    } else if (c < 0x10000) {
      mix(0xe0 | (c >> 12));
      mix(0x80 | ((c >> 6) & 63));
      mix(0x80 | (c & 63));
    } else {
      mix(0xf0 | (c >> 18));
      mix(0x80 | ((c >> 12) & 63));
      mix(0x80 | ((c >> 6) & 63));
      mix(0x80 | (c & 63));
    }
  }
  return h >>> 0;
}

/** The filter's second hash: a murmur3-style finaliser of the first, with the length folded in. */
function secondHash(h1: number, length: number): number {
  let h2 = Math.imul(h1 ^ (h1 >>> 16) ^ length, 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  return ((h2 ^ (h2 >>> 16)) | 1) >>> 0;
}

function filterBits(entries: number): number {
  return Math.max(64, Math.ceil((entries * FILTER_BITS_PER_KEY) / 8) * 8);
}

function addToFilter(out: Buffer, f: Filter, h1: number, length: number): void {
  const h2 = secondHash(h1, length);
  for (let i = 0; i < f.probes; i++) {
    const bit = probe(h1, h2, i, f.bits);
    const at = f.offset + (bit >>> 3);
    out[at] = (out[at] as number) | (1 << (bit & 7));
  }
}

/** The values the filter may hold, with their FNV-1a (which also picks their bucket). */
function filterValues(
  filter: Buffer,
  f: Filter,
  values: readonly string[],
): { values: string[]; hashes: number[] } {
  const out: { values: string[]; hashes: number[] } = { values: [], hashes: [] };
  for (const v of values) {
    const h1 = fnv1a(v);
    const h2 = secondHash(h1, v.length);
    let hit = true;
    for (let i = 0; i < f.probes && hit; i++) {
      const bit = probe(h1, h2, i, f.bits);
      hit = ((filter[bit >>> 3] as number) & (1 << (bit & 7))) !== 0;
    }
    if (hit) {
      out.values.push(v);
      out.hashes.push(h1);
    }
  }
  return out;
}

/** Bit i of the filter for a key (double hashing). */
function probe(h1: number, h2: number, i: number, bits: number): number {
  return ((h1 + Math.imul(i, h2)) >>> 0) % bits;
}

/** Writes a string whose UTF-8 length is known; ASCII (every id, most keys) is copied by hand, which beats Buffer#write for short strings. */
function writeText(out: Buffer, at: number, text: string, byteLength: number): void {
  if (byteLength !== text.length) {
    out.write(text, at, byteLength, "utf8");
    return;
  }
  for (let j = 0; j < byteLength; j++) out[at + j] = text.charCodeAt(j);
}

function writeRef(view: DataView, at: number, r: Ref): void {
  view.setUint16(at, r.pack, true);
  view.setUint8(at + 2, SEVERITIES.indexOf(r.severity));
  view.setUint8(at + 3, r.score === undefined ? 255 : Math.max(0, Math.min(100, Math.round(r.score * 10))));
  view.setUint32(at + 4, r.combo, true);
  view.setFloat64(at + 8, r.offset, true);
  view.setUint32(at + 16, r.length, true);
  view.setUint32(at + 20, r.crc32 >>> 0, true);
}

function readRef(buf: Buffer, at: number): Ref {
  if (at + REF > buf.length) throw new IndexError("damaged index (truncated bucket)");
  const sev = SEVERITIES[buf.readUInt8(at + 2)];
  if (sev === undefined) throw new IndexError("damaged index (bad severity)");
  const score = buf.readUInt8(at + 3);
  const ref: Ref = {
    pack: buf.readUInt16LE(at),
    severity: sev,
    combo: buf.readUInt32LE(at + 4),
    offset: buf.readDoubleLE(at + 8),
    length: buf.readUInt32LE(at + 16),
    crc32: buf.readUInt32LE(at + 20),
  };
  if (score !== 255) ref.score = score / 10;
  return ref;
}

function recordOf(ref: Ref, id: string, modified: number, sha256: Buffer): IndexRecord {
  const r: IndexRecord = {
    id,
    pack: ref.pack,
    offset: ref.offset,
    length: ref.length,
    crc32: ref.crc32,
    combo: ref.combo,
    severity: ref.severity,
    modified,
    sha256,
  };
  if (ref.score !== undefined) r.score = ref.score;
  return r;
}

/** Builds the index file's bytes in one pass into one buffer. Record ids must be unique. */
export function buildIndex(
  records: readonly IndexRecordInput[],
  packs: readonly string[],
  combos: readonly Combo[],
  digest: string,
  derived: number,
): Buffer {
  if (packs.length > 0xffff) throw new IndexError(`too many packs (${packs.length})`);
  const n = records.length;
  const idLength = new Uint16Array(n);
  // Keys → record numbers; a record's ref is written under each of its keys.
  const keyRecords = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const r = records[i] as IndexRecordInput;
    const len = Buffer.byteLength(r.id, "utf8");
    if (len > 0xffff) throw new IndexError(`id too long: ${r.id.slice(0, 40)}…`);
    idLength[i] = len;
    const keys = r.keys.length > 0 ? r.keys : [""];
    for (const k of keys) {
      const list = keyRecords.get(k);
      if (list) list.push(i);
      else keyRecords.set(k, [i]);
    }
  }
  const keyCount = keyRecords.size - (keyRecords.has("") ? 1 : 0);
  const keyBuckets = Math.max(1, Math.ceil(keyRecords.size / KEYS_PER_BUCKET));
  const idBuckets = Math.max(1, Math.ceil(n / IDS_PER_BUCKET));

  // Each key and id is hashed once: the hash picks its bucket and sets its filter bits.
  const keyBucketOf: string[][] = Array.from({ length: keyBuckets }, () => []);
  const keyInfo = new Map<string, { length: number; hash: number }>();
  let keyBytes = 0;
  for (const [k, list] of keyRecords) {
    const kl = Buffer.byteLength(k, "utf8");
    if (kl > 0xffff) throw new IndexError(`key too long: ${k.slice(0, 40)}…`);
    const hash = fnv1a(k);
    keyInfo.set(k, { length: kl, hash });
    (keyBucketOf[hash % keyBuckets] as string[]).push(k);
    keyBytes += 2 + kl + 4 + list.length * REF;
  }
  const idBucketOf: number[][] = Array.from({ length: idBuckets }, () => []);
  const idHash = new Uint32Array(n);
  let idBytes = 0;
  for (let i = 0; i < n; i++) {
    const hash = fnv1a((records[i] as IndexRecordInput).id);
    idHash[i] = hash;
    (idBucketOf[hash % idBuckets] as number[]).push(i);
    idBytes += 2 + (idLength[i] as number) + ID_FIXED;
  }

  const meta: IndexMeta = {
    format: "lockwarden-index",
    version: 3,
    derived,
    digest,
    records: n,
    keys: keyCount,
    packs: packs.slice(),
    combos: combos.map((c) => [c.kind, c.withdrawn ? 1 : 0, c.ecosystems.slice()]),
    keySection: { dir: 0, buckets: keyBuckets, start: 0, end: 0 },
    idSection: { dir: 0, buckets: idBuckets, start: 0, end: 0 },
    keyFilter: { offset: 0, bits: filterBits(keyCount), probes: FILTER_PROBES },
    idFilter: { offset: 0, bits: filterBits(n), probes: FILTER_PROBES },
  };
  // The meta holds offsets that depend on its own length: settle in a few passes.
  let metaBytes = Buffer.from(JSON.stringify(meta));
  for (let pass = 0; ; pass++) {
    const body = MAGIC.length + 4 + metaBytes.length;
    meta.keySection.start = body;
    meta.keySection.end = body + keyBytes;
    meta.idSection.start = meta.keySection.end;
    meta.idSection.end = meta.keySection.end + idBytes;
    meta.keySection.dir = meta.idSection.end;
    meta.idSection.dir = meta.keySection.dir + keyBuckets * 8;
    meta.keyFilter.offset = meta.idSection.dir + idBuckets * 8;
    meta.idFilter.offset = meta.keyFilter.offset + meta.keyFilter.bits / 8;
    const next = Buffer.from(JSON.stringify(meta));
    const settled = next.length === metaBytes.length;
    metaBytes = next;
    if (settled) break;
    if (pass > 8) throw new IndexError("index header does not settle");
  }
  const total = meta.idFilter.offset + meta.idFilter.bits / 8;
  if (total > 0xffffffff) throw new IndexError("index larger than 4 GiB");
  const out = Buffer.allocUnsafe(total);
  // DataView writes compile to plain stores; Buffer#writeUInt32LE and friends check and dispatch each time.
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  MAGIC.copy(out, 0);
  view.setUint32(MAGIC.length, metaBytes.length, true);
  metaBytes.copy(out, MAGIC.length + 4);
  let p = meta.keySection.start;
  const refAt = new Float64Array(n).fill(-1);
  for (let b = 0; b < keyBuckets; b++) {
    const start = p;
    for (const k of keyBucketOf[b] as string[]) {
      const list = keyRecords.get(k) as number[];
      const kl = (keyInfo.get(k) as { length: number }).length;
      view.setUint16(p, kl, true);
      writeText(out, p + 2, k, kl);
      view.setUint32(p + 2 + kl, list.length, true);
      p += 2 + kl + 4;
      for (const i of list) {
        if (refAt[i] === -1) refAt[i] = p;
        writeRef(view, p, records[i] as IndexRecordInput);
        p += REF;
      }
    }
    view.setUint32(meta.keySection.dir + b * 8, start, true);
    view.setUint32(meta.keySection.dir + b * 8 + 4, p - start, true);
  }
  for (let b = 0; b < idBuckets; b++) {
    const start = p;
    for (const i of idBucketOf[b] as number[]) {
      const r = records[i] as IndexRecordInput;
      const len = idLength[i] as number;
      view.setUint16(p, len, true);
      writeText(out, p + 2, r.id, len);
      p += 2 + len;
      view.setUint32(p, refAt[i] as number, true);
      view.setFloat64(p + 4, r.modified, true);
      if (r.sha256.length !== 32) throw new IndexError(`record ${r.id}: sha256 must be 32 bytes`);
      out.set(r.sha256, p + 12);
      p += ID_FIXED;
    }
    view.setUint32(meta.idSection.dir + b * 8, start, true);
    view.setUint32(meta.idSection.dir + b * 8 + 4, p - start, true);
  }
  out.fill(0, meta.keyFilter.offset, total);
  for (const [k, info] of keyInfo) if (k !== "") addToFilter(out, meta.keyFilter, info.hash, k.length);
  for (let i = 0; i < n; i++) {
    addToFilter(out, meta.idFilter, idHash[i] as number, (records[i] as IndexRecordInput).id.length);
  }
  return out;
}

function isSection(v: unknown): v is Section {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Section;
  return (
    Number.isInteger(s.dir) &&
    Number.isInteger(s.buckets) &&
    s.buckets > 0 &&
    Number.isInteger(s.start) &&
    Number.isInteger(s.end) &&
    s.start <= s.end
  );
}

function isFilter(v: unknown): v is Filter {
  if (typeof v !== "object" || v === null) return false;
  const f = v as Filter;
  return (
    Number.isInteger(f.offset) &&
    Number.isInteger(f.bits) &&
    f.bits > 0 &&
    f.bits % 8 === 0 &&
    Number.isInteger(f.probes) &&
    f.probes > 0 &&
    f.probes < 32
  );
}

function isMeta(value: unknown): value is IndexMeta {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Partial<IndexMeta>;
  return (
    m.format === "lockwarden-index" &&
    m.version === 3 &&
    Number.isInteger(m.derived) &&
    typeof m.digest === "string" &&
    Number.isInteger(m.records) &&
    Number.isInteger(m.keys) &&
    Array.isArray(m.packs) &&
    m.packs.every((p) => typeof p === "string") &&
    Array.isArray(m.combos) &&
    isSection(m.keySection) &&
    isSection(m.idSection) &&
    isFilter(m.keyFilter) &&
    isFilter(m.idFilter)
  );
}

export interface IndexReader {
  meta: IndexMeta;
  combos: Combo[];
  /** Refs of the records indexed under each key (absent keys are left out). */
  findKeys(keys: readonly string[]): Map<string, Ref[]>;
  /** The records with these ids (absent ids are left out). */
  findIds(ids: readonly string[]): Map<string, IndexRecord>;
  /** Every key with its refs (for import). */
  forEachKey(fn: (key: string, refs: Ref[]) => void): void;
  /** Every record, with the offset of its first ref (for import, verify and counting). */
  forEachRecord(fn: (record: IndexRecord) => void): void;
}

/** Reads bytes: `read(pos, len)` returns a buffer valid until the next read. */
type ReadAt = (pos: number, len: number) => Buffer;

/** Opens an index held in memory. Throws IndexError. */
export function openIndex(buf: Buffer): IndexReader {
  const read: ReadAt = (pos, len) => {
    if (pos < 0 || pos + len > buf.length) throw new IndexError("damaged index (read past its end)");
    return buf.subarray(pos, pos + len);
  };
  return openWith(buf.length, (fn) => fn(read, read, true));
}

/**
 * Opens an index file, reading only its header. Each lookup opens the file, reads what it needs
 * and closes it again, so a reader can live as long as its database without holding a descriptor.
 * Throws IndexError, or a system error (ENOENT) when the file cannot be opened.
 */
export function openIndexFile(path: string): IndexReader {
  const session = <T>(fn: (pread: ReadAt, windowed: ReadAt, whole: boolean) => T): T => {
    const fd = openSync(path, "r");
    try {
      const size = fstatSync(fd).size;
      const fill = (target: Buffer, pos: number, len: number): void => {
        for (let got = 0; got < len; ) {
          const n = readSync(fd, target, got, len - got, pos + got);
          if (n === 0) throw new IndexError("damaged index (short read)");
          got += n;
        }
      };
      const pread: ReadAt = (pos, len) => {
        if (pos < 0 || pos + len > size) throw new IndexError("damaged index (read past its end)");
        const out = Buffer.allocUnsafe(len);
        fill(out, pos, len);
        return out;
      };
      // One reused window for reads that move forward through a section.
      let window: Buffer | undefined;
      let wStart = 0;
      let wLength = 0;
      const windowed: ReadAt = (pos, len) => {
        if (pos < 0 || pos + len > size) throw new IndexError("damaged index (read past its end)");
        if (pos >= wStart && pos + len <= wStart + wLength)
          return (window as Buffer).subarray(pos - wStart, pos - wStart + len);
        if (len > WINDOW) return pread(pos, len);
        window ??= Buffer.allocUnsafe(WINDOW);
        wLength = Math.min(WINDOW, size - pos);
        wStart = pos;
        fill(window, pos, wLength);
        return window.subarray(0, len);
      };
      return fn(pread, windowed, false);
    } finally {
      closeSync(fd);
    }
  };
  const size = (() => {
    const fd = openSync(path, "r");
    try {
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  })();
  return openWith(size, session);
}

type Session = <T>(fn: (pread: ReadAt, windowed: ReadAt, whole: boolean) => T) => T;

function openWith(size: number, session: Session): IndexReader {
  const meta = session((pread) => {
    if (size < MAGIC.length + 4) throw new IndexError("not a lockwarden index (too short)");
    const head = pread(0, MAGIC.length + 4);
    if (!head.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new IndexError(
        "not a lockwarden index of this version (rebuild it: `lockwarden db update --fresh`)",
      );
    }
    const metaLength = head.readUInt32LE(MAGIC.length);
    if (MAGIC.length + 4 + metaLength > size) throw new IndexError("truncated index header");
    let parsed: unknown;
    try {
      parsed = JSON.parse(pread(MAGIC.length + 4, metaLength).toString("utf8"));
    } catch {
      throw new IndexError("damaged index header");
    }
    if (!isMeta(parsed)) throw new IndexError("damaged index header");
    return parsed;
  });
  const ks = meta.keySection;
  const is = meta.idSection;
  if (
    ks.dir + ks.buckets * 8 > size ||
    is.dir + is.buckets * 8 > size ||
    is.end > size ||
    ks.end > size ||
    meta.keyFilter.offset + meta.keyFilter.bits / 8 > size ||
    meta.idFilter.offset + meta.idFilter.bits / 8 > size
  ) {
    throw new IndexError("damaged index (sections out of bounds)");
  }
  const combos: Combo[] = meta.combos.map((c) => {
    if (
      !Array.isArray(c) ||
      (c[0] !== "malicious" && c[0] !== "vulnerability") ||
      !Array.isArray(c[2]) ||
      !c[2].every((e) => typeof e === "string")
    ) {
      throw new IndexError("damaged index header (combos)");
    }
    return { kind: c[0], withdrawn: c[1] === 1, ecosystems: c[2] };
  });
  function check<R extends Ref>(r: R): R {
    if (r.pack >= meta.packs.length || r.combo >= combos.length) {
      throw new IndexError("damaged index (a record points outside the pack or combo tables)");
    }
    return r;
  }
  function bucketRange(dir: Buffer, b: number, section: Section): [number, number] {
    const off = dir.readUInt32LE(b * 8);
    const len = dir.readUInt32LE(b * 8 + 4);
    if (off < section.start || off + len > section.end)
      throw new IndexError("damaged index (bucket out of bounds)");
    return [off, len];
  }
  /** Calls back for each key of the bucket (only the wanted ones when given, compared as bytes: no string is decoded for the others). */
  function parseKeyBucket(
    buf: Buffer,
    only: Set<string> | undefined,
    fn: (key: string, refs: Ref[]) => void,
  ): void {
    const targets = only ? [...only].map((k) => [k, Buffer.from(k, "utf8")] as const) : undefined;
    for (let p = 0; p < buf.length; ) {
      if (p + 2 > buf.length) throw new IndexError("damaged index (truncated bucket)");
      const kl = buf.readUInt16LE(p);
      if (p + 2 + kl + 4 > buf.length) throw new IndexError("damaged index (truncated bucket)");
      const n = buf.readUInt32LE(p + 2 + kl);
      let key: string | undefined;
      if (targets) {
        for (const [k, bytes] of targets) {
          if (bytes.length === kl && buf.compare(bytes, 0, kl, p + 2, p + 2 + kl) === 0) key = k;
        }
      } else key = buf.toString("utf8", p + 2, p + 2 + kl);
      p += 2 + kl + 4;
      if (p + n * REF > buf.length) throw new IndexError("damaged index (truncated bucket)");
      if (key !== undefined) {
        const refs: Ref[] = [];
        for (let i = 0; i < n; i++) refs.push(check(readRef(buf, p + i * REF)));
        fn(key, refs);
      }
      p += n * REF;
    }
  }
  /** `copy`: the bucket lives in a reused window, so the sha256 is copied out; from memory it is a view. */
  function parseIdBucket(
    buf: Buffer,
    fn: (id: string, refAt: number, modified: number, sha: Buffer) => void,
    copy = true,
  ): void {
    for (let p = 0; p < buf.length; ) {
      if (p + 2 > buf.length) throw new IndexError("damaged index (truncated bucket)");
      const il = buf.readUInt16LE(p);
      if (p + 2 + il + ID_FIXED > buf.length) throw new IndexError("damaged index (truncated bucket)");
      const id = buf.toString("utf8", p + 2, p + 2 + il);
      const q = p + 2 + il;
      const refAt = buf.readUInt32LE(q);
      if (refAt < ks.start || refAt + REF > ks.end)
        throw new IndexError("damaged index (id entry out of bounds)");
      const sha = buf.subarray(q + 12, q + 44);
      fn(id, refAt, buf.readDoubleLE(q + 4), copy ? Buffer.from(sha) : sha);
      p = q + ID_FIXED;
    }
  }
  /** Groups lookups by bucket, in file order; streams the section when many buckets are wanted. */
  function lookup(
    values: readonly string[],
    hashes: readonly number[],
    section: Section,
    visit: (bucket: Buffer, wanted: Set<string>) => void,
  ): void {
    const byBucket = new Map<number, Set<string>>();
    values.forEach((v, i) => {
      const b = (hashes[i] as number) % section.buckets;
      const set = byBucket.get(b);
      if (set) set.add(v);
      else byBucket.set(b, new Set([v]));
    });
    const buckets = [...byBucket.keys()].sort((x, y) => x - y);
    session((pread, windowed) => {
      // The directory entries are read in order through the window (one or two reads); the
      // buckets too when many are wanted (the section streams once), else one read each.
      const ranges = buckets.map((b) => bucketRange(windowed(section.dir + b * 8, 8), 0, section));
      const read = buckets.length * 64 > section.buckets ? windowed : pread;
      ranges.forEach(([off, len], i) => {
        if (len > 0) visit(read(off, len), byBucket.get(buckets[i] as number) as Set<string>);
      });
    });
  }
  let keyFilter: Buffer | undefined;
  let idFilter: Buffer | undefined;
  function directoryAll(read: ReadAt, section: Section): Buffer {
    return Buffer.from(read(section.dir, section.buckets * 8));
  }

  return {
    meta,
    combos,
    findKeys(keys) {
      const out = new Map<string, Ref[]>();
      if (keys.length === 0 || meta.keys === 0) return out;
      keyFilter ??= session((pread) => pread(meta.keyFilter.offset, meta.keyFilter.bits / 8));
      const maybe = filterValues(keyFilter, meta.keyFilter, keys);
      if (maybe.values.length > 0) {
        lookup(maybe.values, maybe.hashes, ks, (bucket, wanted) =>
          parseKeyBucket(bucket, wanted, (key, refs) => out.set(key, refs)),
        );
      }
      return out;
    },
    findIds(ids) {
      const out = new Map<string, IndexRecord>();
      if (ids.length === 0 || meta.records === 0) return out;
      idFilter ??= session((pread) => pread(meta.idFilter.offset, meta.idFilter.bits / 8));
      const maybe = filterValues(idFilter, meta.idFilter, ids);
      const found: Array<{ id: string; refAt: number; modified: number; sha: Buffer }> = [];
      if (maybe.values.length > 0) {
        lookup(maybe.values, maybe.hashes, is, (bucket, wanted) =>
          parseIdBucket(bucket, (id, refAt, modified, sha) => {
            if (wanted.has(id)) found.push({ id, refAt, modified, sha });
          }),
        );
      }
      if (found.length > 0) {
        session((pread) => {
          for (const f of found)
            out.set(f.id, recordOf(check(readRef(pread(f.refAt, REF), 0)), f.id, f.modified, f.sha));
        });
      }
      return out;
    },
    forEachKey(fn) {
      session((pread, windowed) => {
        const dir = directoryAll(pread, ks);
        for (let b = 0; b < ks.buckets; b++) {
          const [off, len] = bucketRange(dir, b, ks);
          if (len > 0) parseKeyBucket(windowed(off, len), undefined, fn);
        }
      });
    },
    forEachRecord(fn) {
      session((pread, windowed, whole) => {
        const dir = directoryAll(pread, is);
        const entries: Array<{ id: string; refAt: number; modified: number; sha: Buffer }> = [];
        for (let b = 0; b < is.buckets; b++) {
          const [off, len] = bucketRange(dir, b, is);
          if (len > 0) {
            parseIdBucket(
              windowed(off, len),
              (id, refAt, modified, sha) => {
                if (whole) fn(recordOf(check(readRef(pread(refAt, REF), 0)), id, modified, sha));
                else entries.push({ id, refAt, modified, sha });
              },
              !whole,
            );
          }
        }
        // From a file: refs are read in file order through the window, after the id section.
        entries.sort((x, y) => x.refAt - y.refAt);
        for (const e of entries)
          fn(recordOf(check(readRef(windowed(e.refAt, REF), 0)), e.id, e.modified, e.sha));
      });
    },
  };
}
