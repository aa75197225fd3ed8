// Loads advisory databases. A folder is one of two kinds:
//
// - plain: `<dir>/osv/**/*.json`, one record per file (the bundled advisories/). Every file is
//   read, hashed into the digest and validated; a bad file becomes one ADVISORY_INVALID diagnostic
//   naming it and the offending field, and the rest still load.
// - imported: `<dir>/manifest.json` + binary index + packs, written by `db import` (import.ts).
//   Only the records indexed under the keys the caller wants are read; any other key is loaded the
//   first time it is looked up. Counts and the digest come from the manifest, so a scan never
//   touches the other 300,000 records. Each record read is checked against the CRC-32 the index
//   holds for it (damage on disk; `db verify` checks sha256 against the manifest) and built with the
//   classification stored at import (record.ts trustedAdvisory).
//
// Records are indexed by `${ecosystem}\0${normalised name}` (keys.ts). The same id in several
// places: the newer `modified` wins, a tie keeps the first (folders in the order given, files in
// path order), with an ADVISORY_DUPLICATE note; the counts then count the id once.
//
// The digest of one folder is sha256 over its sorted `<sha256>  <path>` lines (for a plain folder
// exactly `find osv -name '*.json' | sort | xargs sha256sum | sha256sum`; an imported database
// records the same over its records' names at import). Several folders: sha256 over their digests,
// one per line, in the order given, so `--db a --db b` and the default bundled + user database
// each have one deterministic digest.

import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { type Diagnostic, diagnostic } from "../core/diagnostics.js";
import { errorReason } from "../core/text.js";
import { type IndexReader, type IndexRecord, openIndexFile, type Ref } from "./index-file.js";
import { indexKey } from "./keys.js";
import { type Manifest, readManifest } from "./manifest.js";
import {
  type Contribution,
  contributionOf,
  DERIVED_VERSION,
  type Derived,
  parseRecordText,
  toAdvisory,
  trustedAdvisory,
} from "./record.js";
import { listRecordFiles, readSnapshot } from "./snapshot.js";
import type { Advisory, AdvisoryDatabase } from "./types.js";

export { indexKey, indexName } from "./keys.js";

export interface LoadOptions {
  /**
   * The (ecosystem, name) pairs the caller will look up. Imported databases read only these
   * records up front; a lookup outside the set reads its records then. Plain folders are always
   * read whole.
   */
  wanted?: Iterable<{ ecosystem: string; name: string }>;
  /** Use a plain folder's current snapshot.json (snapshot.ts); default true. */
  snapshot?: boolean;
}

// The internal index of every database loadDatabase built, so matchers can look up by a key they
// already computed without normalising the name twice or copying the list.
const INDEXES = new WeakMap<AdvisoryDatabase, Map<string, Advisory[]>>();
// For databases with imported folders: loads a key's records on first use.
const ENSURE = new WeakMap<AdvisoryDatabase, (key: string) => void>();

/** Records indexed under `indexKey(ecosystem, name)`; read-only, not a copy. Works for any AdvisoryDatabase. */
export function lookupByKey(
  db: AdvisoryDatabase,
  ecosystem: string,
  name: string,
  key: string,
): readonly Advisory[] {
  const index = INDEXES.get(db);
  if (!index) return db.lookup(ecosystem, name);
  ENSURE.get(db)?.(key);
  return index.get(key) ?? [];
}

function displayJoin(dir: string, rel: string): string {
  const base = dir.replace(/\\/g, "/").replace(/\/+$/, "");
  return base === "" ? rel : `${base}/${rel}`;
}

// node:crypto is loaded on first use: a scan of the bundled snapshot with no findings never needs it.
function sha256(data: string | Buffer): string {
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(data).digest("hex");
}

function timeOf(ts: string): number {
  const t = Date.parse(ts);
  return Number.isNaN(t) ? 0 : t;
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- plain folders -------------------------------------------------------------------------

interface FileEntry {
  /** Path relative to the directory, POSIX separators ("osv/PyPI/PYSEC-2021-335.json"). */
  rel: string;
  /** The path reported in diagnostics and Advisory.source. */
  display: string;
  abs: string;
}

type FileOutcome =
  | { entry: FileEntry; hash: string; advisory: Advisory }
  | { entry: FileEntry; hash: string | undefined; diagnostic: Diagnostic };

function loadFile(entry: FileEntry): FileOutcome {
  let buf: Buffer;
  try {
    buf = readFileSync(entry.abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      entry,
      hash: undefined,
      diagnostic: diagnostic(
        "ADVISORY_INVALID",
        { reason: `cannot read file (${code ?? errorReason(err)})` },
        { path: entry.display },
      ),
    };
  }
  const hash = sha256(buf);
  const parsed = parseRecordText(buf.toString("utf8"));
  if (!parsed.ok) {
    const location: { path: string; line?: number } = { path: entry.display };
    if (parsed.line !== undefined) location.line = parsed.line;
    return { entry, hash, diagnostic: diagnostic("ADVISORY_INVALID", { reason: parsed.reason }, location) };
  }
  return { entry, hash, advisory: toAdvisory(parsed.record, entry.display) };
}

interface PlainDir {
  dir: number;
  path: string;
  digest: string;
  /** Valid records in path order (duplicates within the folder included). */
  advisories: Advisory[];
}

function loadPlain(i: number, dir: string, diagnostics: Diagnostic[], useSnapshot: boolean): PlainDir {
  const snap = useSnapshot ? readSnapshot(dir) : undefined;
  if (snap) {
    const advisories = snap.records.map(
      (r): Advisory => ({ ...r.advisory, source: displayJoin(dir, r.rel) }),
    );
    return { dir: i, path: dir, digest: snap.digest, advisories };
  }
  let files: FileEntry[] = [];
  try {
    files = listRecordFiles(dir)
      .sort()
      .map((rel) => ({ rel, display: displayJoin(dir, rel), abs: join(dir, rel) }));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = displayJoin(dir, "osv");
    const reason =
      code === "ENOENT"
        ? `${where} does not exist`
        : code === "ENOTDIR"
          ? `${where} is not a directory`
          : `${where}: ${code ?? errorReason(err)}`;
    diagnostics.push(diagnostic("DATABASE_UNREADABLE", { reason }, { path: where }));
  }
  const outcomes = files.map(loadFile);
  const lines: string[] = [];
  const advisories: Advisory[] = [];
  for (const o of outcomes) {
    if (o.hash !== undefined) lines.push(`${o.hash}  ${o.entry.rel}\n`);
    if ("diagnostic" in o) diagnostics.push(o.diagnostic);
    else advisories.push(o.advisory);
  }
  // The sha256sum-style listing, sorted by path: `find osv -name '*.json' | sort | xargs sha256sum | sha256sum`.
  lines.sort((x, y) => byString(x.slice(66), y.slice(66)) || byString(x, y));
  return { dir: i, path: dir, digest: sha256(lines.join("")), advisories };
}

// ---- imported folders ----------------------------------------------------------------------

interface IndexedDir {
  dir: number;
  path: string;
  manifest: Manifest;
  /** Opened on first need (only its header is read); undefined once it failed (reported once). */
  reader: IndexReader | undefined | "unopened";
  /** Records already read from this folder, by `${pack}:${offset}`. */
  loaded: Set<string>;
  /** Id lookups already answered (null: not held), shared by loading and counting. */
  ids: Map<string, IndexRecord | null>;
}

function readerOf(d: IndexedDir, diagnostics: Diagnostic[]): IndexReader | undefined {
  if (d.reader !== "unopened") return d.reader;
  d.reader = undefined;
  try {
    const reader = openIndexFile(join(d.path, d.manifest.index.file));
    if (reader.meta.digest !== d.manifest.digest)
      throw new Error("the index does not belong to this manifest");
    d.reader = reader;
  } catch (err) {
    indexProblem(d, err, diagnostics);
  }
  return d.reader;
}

function indexProblem(d: IndexedDir, err: unknown, diagnostics: Diagnostic[]): void {
  const file = displayJoin(d.path, d.manifest.index.file);
  const code = (err as NodeJS.ErrnoException).code;
  d.reader = undefined;
  diagnostics.push(
    diagnostic(
      "DATABASE_UNREADABLE",
      {
        reason: `${file}: ${code ?? errorReason(err)}; run \`lockwarden db verify\`, then \`lockwarden db update --fresh\` to rebuild it`,
      },
      { path: file },
    ),
  );
}

/** Index lookups that cannot throw: a damaged index is reported once and the folder is dropped. */
function findKeys(d: IndexedDir, keys: readonly string[], diagnostics: Diagnostic[]): Ref[] {
  const reader = readerOf(d, diagnostics);
  if (!reader) return [];
  try {
    return [...reader.findKeys(keys).values()].flat();
  } catch (err) {
    indexProblem(d, err, diagnostics);
    return [];
  }
}

function findIds(d: IndexedDir, ids: readonly string[], diagnostics: Diagnostic[]): IndexRecord[] {
  const reader = readerOf(d, diagnostics);
  if (!reader) return [];
  const missing = ids.filter((id) => !d.ids.has(id));
  if (missing.length > 0) {
    try {
      const found = reader.findIds(missing);
      for (const id of missing) d.ids.set(id, found.get(id) ?? null);
    } catch (err) {
      indexProblem(d, err, diagnostics);
      return [];
    }
  }
  const out: IndexRecord[] = [];
  for (const id of ids) {
    const r = d.ids.get(id);
    if (r) out.push(r);
  }
  return out;
}

function placeOf(r: Ref): string {
  return `${r.pack}:${r.offset}`;
}

/**
 * Reads records of an imported folder. Each is checked against the CRC-32 in the index (damage on
 * disk; `db verify` checks sha256 against the manifest) and turned into an advisory with the
 * classification stored at import.
 */
function readRecords(d: IndexedDir, refs: readonly Ref[], diagnostics: Diagnostic[]): Advisory[] {
  const reader = d.reader;
  if (!reader || reader === "unopened" || refs.length === 0) return [];
  const trusted = reader.meta.derived === DERIVED_VERSION;
  const byPack = new Map<number, Ref[]>();
  for (const r of refs) {
    const place = placeOf(r);
    if (d.loaded.has(place)) continue;
    d.loaded.add(place);
    const list = byPack.get(r.pack);
    if (list) list.push(r);
    else byPack.set(r.pack, [r]);
  }
  const out: Advisory[] = [];
  for (const [pack, list] of byPack) {
    const file = reader.meta.packs[pack] as string;
    const display = displayJoin(d.path, file);
    let fd: number;
    try {
      fd = openSync(join(d.path, file), "r");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      diagnostics.push(
        diagnostic(
          "DATABASE_UNREADABLE",
          { reason: `${display}: ${code ?? errorReason(err)}; run \`lockwarden db verify\`` },
          { path: display },
        ),
      );
      continue;
    }
    try {
      list.sort((a, b) => a.offset - b.offset);
      for (const r of list) {
        const buf = Buffer.allocUnsafe(r.length);
        const got = r.length === 0 ? 0 : readSync(fd, buf, 0, r.length, r.offset);
        const bytes = buf.subarray(0, got);
        if (got !== r.length || crc32(bytes) >>> 0 !== r.crc32) {
          diagnostics.push(
            diagnostic(
              "ADVISORY_INVALID",
              {
                reason: `the record at bytes ${r.offset}–${r.offset + r.length} does not match the index (changed after import); run \`lockwarden db verify\``,
              },
              { path: display },
            ),
          );
          continue;
        }
        const text = bytes.toString("utf8");
        if (trusted) {
          let raw: unknown;
          try {
            raw = JSON.parse(text);
          } catch {
            raw = undefined;
          }
          if (typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string") {
            const derived: Derived = {
              kind: reader.combos[r.combo]?.kind ?? "vulnerability",
              severity: r.severity,
            };
            if (r.score !== undefined) derived.score = r.score;
            const id = (raw as { id: string }).id;
            out.push(trustedAdvisory(raw as Record<string, unknown>, `${display}#${id}`, derived));
            continue;
          }
        }
        // A database classified by another lockwarden version (or a record that no longer parses): the full path.
        const parsed = parseRecordText(text);
        if (!parsed.ok) {
          diagnostics.push(diagnostic("ADVISORY_INVALID", { reason: parsed.reason }, { path: display }));
          continue;
        }
        out.push(toAdvisory(parsed.record, `${display}#${parsed.record.id}`));
      }
    } finally {
      closeSync(fd);
    }
  }
  return out;
}

// ---- counts --------------------------------------------------------------------------------

interface Counts {
  records: number;
  withdrawn: number;
  ecosystems: Record<string, number>;
  kinds: Record<string, number>;
}

function addContribution(c: Counts, x: Contribution, sign: 1 | -1): void {
  c.records += sign;
  if (x.withdrawn) c.withdrawn += sign;
  c.kinds[x.kind] = (c.kinds[x.kind] ?? 0) + sign;
  for (const e of x.ecosystems) c.ecosystems[e] = (c.ecosystems[e] ?? 0) + sign;
}

interface Copy {
  dir: number;
  /** Position within its folder (plain folders may hold an id twice); 0 for imported ones. */
  order: number;
  modified: number;
  contribution: Contribution;
}

/**
 * Counts every distinct id once. Plain folders contribute each valid record, imported ones their
 * manifest totals; then, for each id held more than once, every copy but the winner is taken off.
 */
function countAll(
  plain: readonly PlainDir[],
  indexed: readonly IndexedDir[],
  diagnostics: Diagnostic[],
): Counts {
  const c: Counts = { records: 0, withdrawn: 0, ecosystems: {}, kinds: {} };
  const copies = new Map<string, Copy[]>();
  const push = (id: string, copy: Copy): void => {
    const list = copies.get(id);
    if (list) list.push(copy);
    else copies.set(id, [copy]);
  };
  for (const p of plain) {
    p.advisories.forEach((a, order) => {
      const x = contributionOf(a);
      addContribution(c, x, 1);
      push(a.id, { dir: p.dir, order, modified: timeOf(a.modified), contribution: x });
    });
  }
  // The index is opened only when copies must be reconciled (a plain folder next to it, or a
  // second imported folder): counting one imported database alone needs only its manifest.
  const reconcile = copies.size > 0 || indexed.length > 1;
  const usable = indexed.filter((d) =>
    reconcile ? readerOf(d, diagnostics) !== undefined : d.reader !== undefined,
  );
  for (const d of usable) {
    const m = d.manifest;
    c.records += m.records;
    c.withdrawn += m.withdrawn;
    for (const [k, v] of Object.entries(m.kinds)) c.kinds[k] = (c.kinds[k] ?? 0) + v;
    for (const [k, v] of Object.entries(m.ecosystems)) c.ecosystems[k] = (c.ecosystems[k] ?? 0) + v;
  }
  const copyOf = (d: IndexedDir, l: { modified: number; combo: number }): Copy => ({
    dir: d.dir,
    order: 0,
    modified: l.modified,
    contribution: (d.reader as IndexReader).combos[l.combo] as Contribution,
  });
  if (!reconcile) return c;
  // Ids of plain folders that imported ones hold too.
  const plainIds = [...copies.keys()];
  for (const d of usable) {
    for (const l of findIds(d, plainIds, diagnostics)) push(l.id, copyOf(d, l));
  }
  // Ids two imported folders share: every id of each (only with two or more imported folders).
  if (usable.length > 1) {
    const seen = new Map<string, Copy[]>();
    for (const d of usable) {
      try {
        (d.reader as IndexReader).forEachRecord((l) => {
          const list = seen.get(l.id);
          if (list) list.push(copyOf(d, l));
          else seen.set(l.id, [copyOf(d, l)]);
        });
      } catch (err) {
        indexProblem(d, err, diagnostics);
      }
    }
    for (const [id, list] of seen) {
      if (list.length < 2) continue;
      for (const cp of list) if (!copies.get(id)?.some((x) => x.dir === cp.dir)) push(id, cp);
    }
  }
  for (const list of copies.values()) {
    if (list.length < 2) continue;
    // The loader's rule: newest modified wins; a tie keeps the first folder, then the first file.
    const winner = list.reduce((best, cp) =>
      cp.modified > best.modified ||
      (cp.modified === best.modified && (cp.dir < best.dir || (cp.dir === best.dir && cp.order < best.order)))
        ? cp
        : best,
    );
    for (const cp of list) if (cp !== winner) addContribution(c, cp.contribution, -1);
  }
  return c;
}

function sortKeys(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([, v]) => v !== 0)
      .sort(([a], [b]) => byString(a, b)),
  );
}

// ---- the database --------------------------------------------------------------------------

/** Loads the advisory databases in `dirs`. Never throws for bad data or missing folders. */
export async function loadDatabase(dirs: string[], options: LoadOptions = {}): Promise<AdvisoryDatabase> {
  const diagnostics: Diagnostic[] = [];
  const digests: string[] = [];
  const plain: PlainDir[] = [];
  const indexed: IndexedDir[] = [];
  for (const [i, dir] of dirs.entries()) {
    const m = readManifest(dir);
    if (m.status === "absent") {
      plain.push(loadPlain(i, dir, diagnostics, options.snapshot !== false));
      continue;
    }
    if (m.status === "invalid") {
      const where = displayJoin(dir, "manifest.json");
      diagnostics.push(
        diagnostic(
          "DATABASE_UNREADABLE",
          { reason: `${displayJoin(dir, "")}: ${m.reason}; re-import or delete this database` },
          { path: where },
        ),
      );
      digests[i] = sha256("");
      continue;
    }
    if (existsSync(join(dir, "osv"))) {
      const where = displayJoin(dir, "osv");
      diagnostics.push(
        diagnostic(
          "DATABASE_UNREADABLE",
          {
            reason: `${where}: loose records in an imported database are not read; import them (\`lockwarden db import ${where}\`) and remove the folder`,
          },
          { path: where },
        ),
      );
    }
    indexed.push({
      dir: i,
      path: dir,
      manifest: m.manifest,
      reader: "unopened",
      loaded: new Set(),
      ids: new Map(),
    });
  }
  for (const p of plain) digests[p.dir] = p.digest;

  const byId = new Map<string, Advisory>();
  const index = new Map<string, Advisory[]>();
  const dirty = new Set<string>();
  const dirOf = new WeakMap<Advisory, number>();

  function place(a: Advisory, add: boolean): void {
    for (const key of new Set(a.affected.map((p) => indexKey(p.ecosystem, p.name)))) {
      const list = index.get(key);
      if (add) {
        if (list) list.push(a);
        else index.set(key, [a]);
        dirty.add(key);
      } else if (list) {
        index.set(
          key,
          list.filter((x) => x !== a),
        );
      }
    }
  }

  /** Adds records in precedence order (folder order, then path): the newer wins, a tie keeps the first. */
  function absorb(batch: readonly Advisory[]): void {
    for (const a of batch) {
      const prior = byId.get(a.id);
      if (!prior) {
        byId.set(a.id, a);
        place(a, true);
        continue;
      }
      // Newer `modified` wins; a tie keeps the earlier folder (whatever order they were read in),
      // and within one folder the first file.
      const ta = timeOf(a.modified);
      const tp = timeOf(prior.modified);
      const keep = ta > tp || (ta === tp && (dirOf.get(a) ?? 0) < (dirOf.get(prior) ?? 0)) ? a : prior;
      const drop = keep === prior ? a : prior;
      if (keep === a) {
        place(prior, false);
        byId.set(a.id, a);
        place(a, true);
      }
      diagnostics.push(
        diagnostic(
          "ADVISORY_DUPLICATE",
          { id: keep.id, kept: keep.source, dropped: drop.source },
          { path: drop.source },
        ),
      );
    }
    for (const key of dirty) index.get(key)?.sort((x, y) => byString(x.id, y.id));
    dirty.clear();
  }

  /** Reads the given records of imported folders, plus every other copy of their ids, and absorbs them. */
  function loadFromIndexed(found: Map<IndexedDir, Ref[]>): void {
    const batch: Advisory[] = [];
    for (const [d, locations] of found) {
      for (const a of readRecords(d, locations, diagnostics)) {
        dirOf.set(a, d.dir);
        batch.push(a);
      }
    }
    // Another folder's copy of an id decides which one applies, even when it affects another package.
    if (indexed.length > 1) {
      const ids = [...new Set(batch.map((a) => a.id))];
      for (const d of indexed) {
        const more = findIds(d, ids, diagnostics).filter((l) => !d.loaded.has(placeOf(l)));
        for (const a of readRecords(d, more, diagnostics)) {
          dirOf.set(a, d.dir);
          batch.push(a);
        }
      }
    }
    absorb(batch.sort((x, y) => (dirOf.get(x) ?? 0) - (dirOf.get(y) ?? 0)));
  }

  // Plain folders are read whole. A copy of one of their ids in an imported folder is read when it
  // matters: when the plain record sits under a key the caller wants now or looks up later.
  const plainBatch: Advisory[] = [];
  for (const p of plain) {
    for (const a of p.advisories) {
      dirOf.set(a, p.dir);
      plainBatch.push(a);
    }
  }
  absorb(plainBatch);
  const unresolved = new Set(indexed.length > 0 ? plainBatch.map((a) => a.id) : []);
  function resolvePlain(keys: readonly string[]): void {
    if (unresolved.size === 0) return;
    const ids = new Set<string>();
    for (const k of keys) for (const a of index.get(k) ?? []) if (unresolved.has(a.id)) ids.add(a.id);
    if (ids.size === 0) return;
    for (const id of ids) unresolved.delete(id);
    const batch: Advisory[] = [];
    for (const d of indexed) {
      const refs = findIds(d, [...ids], diagnostics).filter((r) => !d.loaded.has(placeOf(r)));
      for (const a of readRecords(d, refs, diagnostics)) {
        dirOf.set(a, d.dir);
        batch.push(a);
      }
    }
    absorb(batch.sort((x, y) => (dirOf.get(x) ?? 0) - (dirOf.get(y) ?? 0)));
  }

  const ensured = new Set<string>();
  function loadKeys(keys: readonly string[]): void {
    const fresh = keys.filter((k) => !ensured.has(k));
    if (fresh.length === 0) return;
    for (const k of fresh) ensured.add(k);
    resolvePlain(fresh);
    const found = new Map<IndexedDir, Ref[]>();
    for (const d of indexed) {
      const locations = findKeys(d, fresh, diagnostics).filter((l) => !d.loaded.has(placeOf(l)));
      if (locations.length > 0) found.set(d, locations);
    }
    if (found.size > 0) loadFromIndexed(found);
  }
  function ensure(key: string): void {
    if (!ensured.has(key)) loadKeys([key]);
  }
  if (indexed.length > 0 && options.wanted) {
    const keys = new Set<string>();
    for (const w of options.wanted) keys.add(indexKey(w.ecosystem, w.name));
    loadKeys([...keys]);
  }

  const counts = countAll(plain, indexed, diagnostics);
  for (const d of indexed) digests[d.dir] = d.reader === undefined ? sha256("") : d.manifest.digest;
  let newest: string | undefined;
  for (const p of plain) {
    for (const a of p.advisories) if (!newest || timeOf(a.modified) > timeOf(newest)) newest = a.modified;
  }
  for (const d of indexed) {
    const m = d.manifest.newestModified;
    if (d.reader !== undefined && m && (!newest || timeOf(m) > timeOf(newest))) newest = m;
  }

  const db: AdvisoryDatabase = {
    paths: dirs.slice(),
    records: counts.records,
    digest: digests.length === 1 ? (digests[0] as string) : sha256(digests.map((d) => `${d}\n`).join("")),
    countsByEcosystem: sortKeys(counts.ecosystems),
    countsByKind: sortKeys(counts.kinds),
    withdrawn: counts.withdrawn,
    diagnostics,
    lookup: (ecosystem, name) => {
      const key = indexKey(ecosystem, name);
      if (indexed.length > 0) ensure(key);
      return index.get(key)?.slice() ?? [];
    },
    byId: (id) => byId.get(id),
    all: () => [...byId.values()].sort((a, b) => byString(a.id, b.id)),
  };
  if (newest) db.newestModified = newest;
  INDEXES.set(db, index);
  if (indexed.length > 0) ENSURE.set(db, ensure);
  return db;
}
