// `db import`: OSV records from zips, folders and JSON-lines files into an imported database:
//
//   <db>/manifest.json              the commit point (see manifest.ts)
//   <db>/index-<gen>.bin            the binary index (see index-file.ts)
//   <db>/packs/<Ecosystem>-<gen>.jsonl   the records, one compact JSON record per line, one pack per
//                                   ecosystem (of the record's first affected package)
//   <db>/tmp/                       partial downloads (db update)
//
// Why packs and not one file per record: creating 300,000 small files runs at about 14,000 files/s
// on the reference machine before any parsing, below the 20,000 records/s target, and costs a
// 4 KiB block each. A record still has a name of its own, `osv/<Ecosystem>/<ID>.json` (the path it
// would have as a loose file): the digest, `db verify` and the scan's messages use it.
//
// Records are validated exactly as the loader validates them; an invalid one is reported through
// onInvalid and skipped. The same id twice: the newer `modified` wins, a tie keeps what the
// database has, so re-importing the same data changes nothing (same digest). A JSON-lines record is
// stored byte for byte; a pretty-printed one (zip entries, files) is re-serialised onto one line.
//
// Crash safety: new packs and the new index are written under fresh names, fsynced, then the
// manifest is replaced (temp + rename); files the old manifest names are deleted only after that.
// An import interrupted at any point leaves the previous database intact; leftovers are removed by
// the next import. One import at a time per folder (a lock file).

import { createHash, hash, randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { crc32 } from "node:zlib";
import type { Severity } from "../core/types.js";
import { windowReader } from "./file-window.js";
import { buildIndex, type Combo, type IndexRecordInput, openIndex } from "./index-file.js";
import {
  MANIFEST,
  MAX_SOURCES,
  type Manifest,
  type ManifestPack,
  type ManifestSource,
  readManifest,
  writeFileAtomic,
  writeManifest,
} from "./manifest.js";
import {
  checkRecord,
  DERIVED_VERSION,
  derivedOf,
  idProblem,
  type ParsedRecord,
  parseRecordText,
  recordKeys,
  recordPath,
  slugOf,
} from "./record.js";
import { readSource, SourceError, type SourceKind, type SourceRecord, sourceKind } from "./sources.js";

export interface ImportSource {
  path: string;
  /** How the source is named in reports and the manifest (a URL for downloads); default: the path. */
  label?: string;
}

export interface ImportOptions {
  /** "lockwarden <version>", recorded in the manifest. */
  tool: string;
  now?: () => Date;
  onInvalid?: (entry: string, reason: string) => void;
  /** Called now and then with the number of records read so far from the current source. */
  onProgress?: (source: string, records: number) => void;
  /**
   * Build the database from these sources alone, replacing what the folder holds (still atomically):
   * the way to repair a database `db verify` rejects, since a re-import keeps records it already has.
   */
  fresh?: boolean;
}

export interface SourceReport {
  source: string;
  type: SourceKind | "unreadable";
  records: number;
  invalid: number;
  added: number;
  updated: number;
  unchanged: number;
  older: number;
  /** Why the source could not be read at all. */
  error?: string;
}

export interface ImportReport {
  dir: string;
  sources: SourceReport[];
  records: number;
  digest: string;
  /** False when no record was added or replaced (the manifest still records the import). */
  changed: boolean;
  indexBytes: number;
  packBytes: number;
  manifest: Manifest;
}

/** The database folder cannot be imported into (locked, not a lockwarden database, damaged manifest). */
export class ImportError extends Error {
  override name = "ImportError";
}

interface Live {
  id: string;
  slug: string;
  /** The pack file now holding it (relative), or the writer of this import. */
  pack: string | PackWriter;
  offset: number;
  length: number;
  sha: Buffer;
  crc32: number;
  modified: number;
  combo: Combo;
  severity: Severity;
  score?: number;
  keys: string[];
}

/** An append-only pack being written: buffered writes, running sha256, ranges that became dead. */
interface PackWriter {
  path: string;
  append(bytes: Buffer): number;
  dead: Set<number>;
  close(): { sha256: string; bytes: number };
}

function packWriter(path: string): PackWriter {
  const fd = openSync(path, "w");
  const hash = createHash("sha256");
  // Records are copied into one reused 1 MiB stage, written and hashed a stage at a time: far
  // fewer system calls and hash updates than two per record, and no fresh buffers (page faults).
  const stage = Buffer.allocUnsafe(1024 * 1024);
  let used = 0;
  let position = 0;
  function write(buf: Buffer): void {
    hash.update(buf);
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
  }
  function flush(): void {
    if (used === 0) return;
    write(stage.subarray(0, used));
    used = 0;
  }
  return {
    path,
    dead: new Set(),
    append(bytes) {
      const at = position;
      if (used + bytes.length + 1 > stage.length) flush();
      if (bytes.length + 1 > stage.length) {
        write(bytes);
        write(Buffer.from("\n"));
      } else {
        stage.set(bytes, used);
        stage[used + bytes.length] = 10;
        used += bytes.length + 1;
      }
      position += bytes.length + 1;
      return at;
    },
    close() {
      flush();
      fsyncSync(fd);
      closeSync(fd);
      return { sha256: hash.digest("hex"), bytes: position };
    },
  };
}

function sha256(data: Buffer | string): Buffer {
  return hash("sha256", data, "buffer") as unknown as Buffer;
}

/** Copies records (sorted by offset) from a pack file into a writer; returns their new offsets. */
function copyRecords(from: string, records: readonly Live[], to: PackWriter): void {
  if (records.length === 0) return;
  const fd = openSync(from, "r");
  try {
    const read = windowReader(fd, fstatSync(fd).size);
    for (const r of records) {
      // The window is reused by the next read, so the writer gets a copy.
      r.offset = to.append(Buffer.from(read(r.offset, r.length)));
      r.pack = to;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes a pack stores for a record: a JSON-lines line as it came (JSON escapes newlines, so a
 * line that parsed is one pack line; only a byte-order mark is dropped), anything else (a
 * pretty-printed file) re-serialised compactly onto one line.
 */
function packBytes(item: SourceRecord, value: unknown): Buffer {
  if ("line" in item && item.line) {
    const line = item.line;
    return line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf ? line.subarray(3) : line;
  }
  return Buffer.from(JSON.stringify(value));
}

function comboKey(c: Combo): string {
  return `${c.kind}\0${c.withdrawn ? 1 : 0}\0${c.ecosystems.join("\u0001")}`;
}

function generation(now: Date): string {
  return `${now.getTime().toString(36)}${randomBytes(3).toString("hex")}`;
}

/** Takes `<dir>/.lock`, or explains who holds it. A lock left by a process that died is taken over. */
function acquireLock(dir: string): () => void {
  const path = join(dir, ".lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
      let alive = false;
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch (e) {
          alive = (e as NodeJS.ErrnoException).code === "EPERM";
        }
      }
      if (alive) throw new ImportError(`${dir} is being updated by another lockwarden process (pid ${pid})`);
      rmSync(path, { force: true });
    }
  }
  throw new ImportError(`cannot lock ${dir}`);
}

/** The live records of the current database, from its index: no record is read (unless re-classifying). */
function loadState(dir: string, manifest: Manifest): Map<string, Live> {
  const live = new Map<string, Live>();
  let reader: ReturnType<typeof openIndex>;
  try {
    reader = openIndex(readFileSync(join(dir, manifest.index.file)));
  } catch (err) {
    throw new ImportError(
      `${join(dir, manifest.index.file)}: ${(err as Error).message}; rebuild the database with --fresh`,
    );
  }
  const slugs = reader.meta.packs.map((f) => f.replace(/^packs\//, "").replace(/-[A-Za-z0-9]+\.jsonl$/, ""));
  // Refs name a record by (pack, offset): one map of offsets per pack, numbers as keys.
  const byPlace = reader.meta.packs.map(() => new Map<number, Live>());
  reader.forEachRecord((r) => {
    const pack = reader.meta.packs[r.pack] as string;
    const entry: Live = {
      id: r.id,
      slug: slugs[r.pack] as string,
      pack,
      offset: r.offset,
      length: r.length,
      sha: r.sha256,
      crc32: r.crc32,
      modified: r.modified,
      combo: reader.combos[r.combo] as Combo,
      severity: r.severity,
      keys: [],
    };
    if (r.score !== undefined) entry.score = r.score;
    live.set(r.id, entry);
    byPlace[r.pack]?.set(r.offset, entry);
  });
  reader.forEachKey((key, refs) => {
    if (key === "") return; // records that affect no package
    for (const ref of refs) byPlace[ref.pack]?.get(ref.offset)?.keys.push(key);
  });
  if (reader.meta.derived !== DERIVED_VERSION) rederive(dir, live);
  return live;
}

/** Classifies every record again (a database built by a lockwarden that classified differently). */
function rederive(dir: string, live: Map<string, Live>): void {
  const byPack = new Map<string, Live[]>();
  for (const r of live.values()) {
    const list = byPack.get(r.pack as string);
    if (list) list.push(r);
    else byPack.set(r.pack as string, [r]);
  }
  for (const [file, records] of byPack) {
    const fd = openSync(join(dir, file), "r");
    try {
      const read = windowReader(fd, fstatSync(fd).size);
      for (const r of records.sort((a, b) => a.offset - b.offset)) {
        const parsed = parseRecordText(read(r.offset, r.length).toString("utf8"));
        if (!parsed.ok)
          throw new ImportError(`${join(dir, file)}: record ${r.id}: ${parsed.reason}; rebuild with --fresh`);
        const d = derivedOf(parsed.record);
        r.combo = { ...r.combo, kind: d.kind };
        r.severity = d.severity;
        if (d.score !== undefined) r.score = d.score;
        else delete r.score;
      }
    } finally {
      closeSync(fd);
    }
  }
}

function addCounts(target: Record<string, number>, key: string): void {
  target[key] = (target[key] ?? 0) + 1;
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function refuseLooseFolder(dir: string): void {
  if (existsSync(join(dir, "osv")) && !existsSync(join(dir, MANIFEST))) {
    throw new ImportError(
      `${dir} holds loose OSV files (osv/), not an imported database: import into another folder (or import that folder as a source)`,
    );
  }
}

/** Imports the sources into the database folder (created when missing). */
export async function importIntoDatabase(
  dir: string,
  sources: readonly ImportSource[],
  options: ImportOptions,
): Promise<ImportReport> {
  const now = options.now ?? (() => new Date());
  // Refuse a folder of loose records before creating anything in it (checked again under the lock).
  refuseLooseFolder(dir);
  mkdirSync(join(dir, "packs"), { recursive: true });
  const release = acquireLock(dir);
  try {
    return await importLocked(dir, sources, options, now);
  } finally {
    release();
  }
}

async function importLocked(
  dir: string,
  sources: readonly ImportSource[],
  options: ImportOptions,
  now: () => Date,
): Promise<ImportReport> {
  const current = readManifest(dir);
  if (current.status === "invalid" && !options.fresh) {
    throw new ImportError(`${dir}: ${current.reason}; rebuild it with --fresh, or move the folder away`);
  }
  if (current.status === "absent") refuseLooseFolder(dir);
  const old = current.status === "ok" && !options.fresh ? current.manifest : undefined;
  const live = old ? loadState(dir, old) : new Map<string, Live>();
  const gen = generation(now());
  const writers = new Map<string, PackWriter>();
  /** Slugs whose old pack must be rewritten (a record in it was replaced or moved). */
  const touched = new Set<string>();
  let newestModified = old?.newestModified;
  let newestMs = newestModified ? Date.parse(newestModified) : Number.NEGATIVE_INFINITY;
  const reports: SourceReport[] = [];
  let changed = false;

  function writerFor(slug: string): PackWriter {
    let w = writers.get(slug);
    if (!w) {
      w = packWriter(join(dir, "packs", `${slug}-${gen}.jsonl.tmp`));
      writers.set(slug, w);
    }
    return w;
  }

  try {
    for (const source of sources) {
      const label = source.label ?? source.path;
      const report: SourceReport = {
        source: label,
        type: "unreadable",
        records: 0,
        invalid: 0,
        added: 0,
        updated: 0,
        unchanged: 0,
        older: 0,
      };
      reports.push(report);
      let records: ReturnType<typeof readSource>;
      try {
        report.type = sourceKind(source.path);
        records = readSource(source.path, report.type);
      } catch (err) {
        if (!(err instanceof SourceError)) throw err;
        report.type = "unreadable";
        report.error = err.message;
        continue;
      }
      let lastYield = performance.now();
      try {
        for (const item of records) {
          report.records++;
          if ((report.records & 255) === 0 && performance.now() - lastYield > 50) {
            // Let a progress spinner draw; the import itself is synchronous I/O.
            options.onProgress?.(label, report.records);
            await yieldToLoop();
            lastYield = performance.now();
          }
          let parsed: ParsedRecord;
          if ("error" in item) parsed = { ok: false, reason: item.error };
          else if ("text" in item) parsed = parseRecordText(item.text);
          else parsed = checkRecord(item.value);
          if (!parsed.ok) {
            report.invalid++;
            options.onInvalid?.(
              item.entry,
              parsed.line ? `${parsed.reason} (line ${parsed.line})` : parsed.reason,
            );
            continue;
          }
          const record = parsed.record;
          const badId = idProblem(record.id);
          if (badId) {
            report.invalid++;
            options.onInvalid?.(item.entry, badId);
            continue;
          }
          const modified = Date.parse(record.modified);
          const existing = live.get(record.id);
          if (existing && existing.modified >= modified) {
            // A tie keeps what the database has: re-importing the same export is a no-op.
            if (existing.modified === modified) report.unchanged++;
            else report.older++;
            continue;
          }
          const bytes = packBytes(item, parsed.value);
          const slug = slugOf(record.affected[0]?.ecosystem);
          const writer = writerFor(slug);
          const offset = writer.append(bytes);
          if (existing) {
            report.updated++;
            if (typeof existing.pack === "string") touched.add(existing.slug);
            else existing.pack.dead.add(existing.offset);
          } else report.added++;
          const derived = derivedOf(record);
          const entry: Live = {
            id: record.id,
            slug,
            pack: writer,
            offset,
            length: bytes.length,
            sha: sha256(bytes),
            crc32: crc32(bytes),
            modified,
            combo: {
              kind: derived.kind,
              withdrawn: record.withdrawn !== undefined,
              ecosystems: [...new Set(record.affected.map((a) => a.ecosystem))].sort(),
            },
            severity: derived.severity,
            keys: recordKeys(record),
          };
          if (derived.score !== undefined) entry.score = derived.score;
          live.set(record.id, entry);
          changed = true;
          if (modified > newestMs) {
            newestMs = modified;
            newestModified = record.modified;
          }
        }
      } catch (err) {
        // A source that breaks half-way (an I/O error) keeps what was read; the report says why it stopped.
        if (!(err instanceof SourceError || (err as NodeJS.ErrnoException).code !== undefined)) throw err;
        report.error = `${label}: ${err instanceof Error ? err.message : String(err)}`;
      }
      options.onProgress?.(label, report.records);
    }

    if (options.fresh && (live.size === 0 || reports.some((r) => r.type === "unreadable" || r.error))) {
      // A fresh build from a source that failed would drop every record it should have held.
      throw new ImportError(
        "--fresh: a source could not be read (or none held a valid record); the database is unchanged",
      );
    }
    const builtAt = now().toISOString();
    const history: ManifestSource[] = [
      ...(old?.sources ?? []),
      ...reports
        .filter((r) => r.type !== "unreadable")
        .map((r) => ({
          source: r.source,
          type: r.type,
          importedAt: builtAt,
          records: r.records,
          invalid: r.invalid,
          added: r.added,
          updated: r.updated,
          unchanged: r.unchanged,
          older: r.older,
        })),
    ].slice(-MAX_SOURCES);

    if (!changed && old) {
      for (const w of writers.values()) discard(w);
      const manifest: Manifest = { ...old, tool: options.tool, builtAt, sources: history };
      writeManifest(dir, manifest);
      return summarise(dir, reports, manifest, false);
    }

    const manifest = commit(
      dir,
      gen,
      old,
      live,
      writers,
      touched,
      options.tool,
      builtAt,
      history,
      newestModified,
    );
    return summarise(dir, reports, manifest, true);
  } catch (err) {
    for (const w of writers.values()) discard(w);
    throw err;
  }
}

function discard(w: PackWriter): void {
  try {
    w.close();
  } catch {
    // already closed
  }
  rmSync(w.path, { force: true });
}

function summarise(dir: string, sources: SourceReport[], manifest: Manifest, changed: boolean): ImportReport {
  return {
    dir,
    sources,
    records: manifest.records,
    digest: manifest.digest,
    changed,
    indexBytes: manifest.index.bytes,
    packBytes: manifest.packs.reduce((sum, p) => sum + p.bytes, 0),
    manifest,
  };
}

/** Writes the new packs and index, then the manifest (the commit), then removes what it replaced. */
function commit(
  dir: string,
  gen: string,
  old: Manifest | undefined,
  live: Map<string, Live>,
  writers: Map<string, PackWriter>,
  touched: Set<string>,
  tool: string,
  builtAt: string,
  sources: ManifestSource[],
  newestModified: string | undefined,
): Manifest {
  const bySlug = new Map<string, Live[]>();
  for (const r of live.values()) {
    const list = bySlug.get(r.slug);
    if (list) list.push(r);
    else bySlug.set(r.slug, [r]);
  }
  const oldPacks = new Map((old?.packs ?? []).map((p) => [p.file, p]));
  const rewrite = new Set([...writers.keys(), ...touched]);
  const packs: ManifestPack[] = [];
  const newFiles: string[] = [];

  for (const [slug, records] of [...bySlug].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!rewrite.has(slug)) {
      // Untouched: the old pack is kept as is.
      const file = records[0]?.pack as string;
      const p = oldPacks.get(file);
      if (!p) throw new ImportError(`internal: pack ${file} is not in the manifest`);
      packs.push(p);
      continue;
    }
    const file = `packs/${slug}-${gen}.jsonl`;
    let writer = writers.get(slug);
    const fresh = records.filter((r) => typeof r.pack !== "string");
    const kept = records.filter((r) => typeof r.pack === "string").sort((a, b) => a.offset - b.offset);
    if (writer && writer.dead.size > 0) {
      // The source held an id twice and the later copy won: rewrite without the dead copy.
      const first = writer;
      first.close();
      writer = packWriter(join(dir, `${file}.tmp2`));
      copyRecords(
        first.path,
        fresh.sort((a, b) => a.offset - b.offset),
        writer,
      );
      rmSync(first.path, { force: true });
    }
    writer ??= packWriter(join(dir, `${file}.tmp`));
    // Old records of this ecosystem that are still live follow the new ones.
    const keptByPack = new Map<string, Live[]>();
    for (const r of kept) {
      const list = keptByPack.get(r.pack as string);
      if (list) list.push(r);
      else keptByPack.set(r.pack as string, [r]);
    }
    for (const [from, list] of keptByPack) copyRecords(join(dir, from), list, writer);
    const done = writer.close();
    renameSync(writer.path, join(dir, file));
    newFiles.push(file);
    for (const r of records) r.pack = file;
    packs.push({ file, sha256: done.sha256, bytes: done.bytes, records: records.length });
  }
  // Writers for slugs that ended with no live record (every record moved elsewhere) are not needed.
  for (const [slug, w] of writers) if (!bySlug.has(slug)) discard(w);

  const packNumber = new Map(packs.map((p, i) => [p.file, i]));
  const combos: Combo[] = [];
  const comboNumber = new Map<string, number>();
  const ecosystems: Record<string, number> = {};
  const kinds: Record<string, number> = {};
  let withdrawn = 0;
  const inputs: IndexRecordInput[] = [];
  const named: Array<{ path: string; sha: Buffer }> = [];
  for (const r of live.values()) {
    const ck = comboKey(r.combo);
    let c = comboNumber.get(ck);
    if (c === undefined) {
      c = combos.length;
      combos.push(r.combo);
      comboNumber.set(ck, c);
    }
    addCounts(kinds, r.combo.kind);
    for (const e of r.combo.ecosystems) addCounts(ecosystems, e);
    if (r.combo.withdrawn) withdrawn++;
    const input: IndexRecordInput = {
      id: r.id,
      pack: packNumber.get(r.pack as string) as number,
      offset: r.offset,
      length: r.length,
      sha256: r.sha,
      crc32: r.crc32,
      modified: r.modified,
      combo: c,
      severity: r.severity,
      keys: r.keys,
    };
    if (r.score !== undefined) input.score = r.score;
    inputs.push(input);
    named.push({ path: recordPath(r.slug, r.id), sha: r.sha });
  }
  // Sorted by path, as `sha256sum` of the loose files sorted with LC_ALL=C would list them.
  named.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const digestHash = createHash("sha256");
  for (const n of named) digestHash.update(`${n.sha.toString("hex")}  ${n.path}\n`);
  const digest = digestHash.digest("hex");
  const index = buildIndex(
    inputs,
    packs.map((p) => p.file),
    combos,
    digest,
    DERIVED_VERSION,
  );
  const indexFile = `index-${gen}.bin`;
  writeFileAtomic(join(dir, indexFile), index);
  newFiles.push(indexFile);

  const manifest: Manifest = {
    format: "lockwarden-db",
    version: 1,
    tool,
    builtAt,
    digest,
    records: live.size,
    withdrawn,
    ecosystems: sortedCounts(ecosystems),
    kinds: sortedCounts(kinds),
    index: {
      file: indexFile,
      sha256: sha256(index).toString("hex"),
      bytes: index.length,
      keys: openIndex(index).meta.keys,
    },
    packs,
    sources,
  };
  if (newestModified !== undefined) manifest.newestModified = newestModified;
  writeManifest(dir, manifest);
  removeUnreferenced(dir, manifest);
  return manifest;
}

/** After a commit: the files the manifest no longer names, and leftovers of interrupted imports. */
function removeUnreferenced(dir: string, manifest: Manifest): void {
  const keep = new Set([manifest.index.file, ...manifest.packs.map((p) => p.file)]);
  const candidates: string[] = [];
  for (const name of safeList(dir)) {
    if (/^index-.*\.bin(\..*)?$/.test(name) || (name.startsWith(`${MANIFEST}.`) && name.endsWith(".tmp")))
      candidates.push(name);
  }
  for (const name of safeList(join(dir, "packs"))) candidates.push(`packs/${name}`);
  for (const rel of candidates) {
    if (keep.has(rel)) continue;
    try {
      if (statSync(join(dir, rel)).isFile()) unlinkSync(join(dir, rel));
    } catch {
      // Best effort (Windows keeps open files): the next import tries again, db verify reports it.
    }
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
