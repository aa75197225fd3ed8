// Loads OSV records from `<dir>/osv/**/*.json` (one record per file; folder names are for people,
// the record's own affected[].package.ecosystem decides where it is indexed). Every file is read,
// hashed into the database digest and validated; a bad file becomes one ADVISORY_INVALID
// diagnostic naming it and the offending field, and the rest still load.
//
// Records are indexed by `${ecosystem}\0${normalised name}`, the key a later on-disk index (one
// shard per key) can serve from, so `wanted` can restrict loading without changing callers.

import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Diagnostic, diagnostic } from "../core/diagnostics.js";
import { errorReason, jsonErrorLine, LineIndex, stripBom } from "../core/text.js";
import { rulesFor } from "../ecosystems/index.js";
import { kindOf, lastKnownGoodOf, scoreOf, severityOf } from "./classify.js";
import type { Advisory, AdvisoryDatabase, AffectedPackage } from "./types.js";
import { type OsvRecord, validateRecord } from "./validate.js";

export interface LoadOptions {
  /**
   * The (ecosystem, name) pairs the caller will look up. A hint for a future on-disk index; today
   * every record is loaded, so lookups outside this set still answer.
   */
  wanted?: Iterable<{ ecosystem: string; name: string }>;
}

/** Normalises a package name for the index: ecosystem rules for npm/PyPI; GitHub owner/repo is case-insensitive. */
export function indexName(ecosystem: string, name: string): string {
  const rules = rulesFor(ecosystem);
  if (rules) return rules.normalizeName(name);
  if (ecosystem === "GitHub Actions") return name.toLowerCase();
  return name;
}

export function indexKey(ecosystem: string, name: string): string {
  return `${ecosystem}\0${indexName(ecosystem, name)}`;
}

// The internal index of every database loadDatabase built, so matchers can look up by a key they
// already computed without normalising the name twice or copying the list.
const INDEXES = new WeakMap<AdvisoryDatabase, Map<string, Advisory[]>>();

/** Records indexed under `indexKey(ecosystem, name)`; read-only, not a copy. Works for any AdvisoryDatabase. */
export function lookupByKey(
  db: AdvisoryDatabase,
  ecosystem: string,
  name: string,
  key: string,
): readonly Advisory[] {
  const index = INDEXES.get(db);
  return index ? (index.get(key) ?? []) : db.lookup(ecosystem, name);
}

interface FileEntry {
  /** Index of the directory in `dirs`, for a stable order across directories. */
  dir: number;
  /** Path relative to the directory, POSIX separators ("osv/PyPI/PYSEC-2021-335.json"). */
  rel: string;
  /** The path reported in diagnostics and Advisory.source. */
  display: string;
  abs: string;
}

function displayJoin(dir: string, rel: string): string {
  const base = dir.replace(/\\/g, "/").replace(/\/+$/, "");
  return base === "" ? rel : `${base}/${rel}`;
}

/** Lists `*.json` files below `root` (relative POSIX paths). Directory symlinks are not followed, so no loops. */
async function listJson(root: string, rel = ""): Promise<string[]> {
  const entries: Dirent[] = await readdir(rel === "" ? root : join(root, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const child = rel === "" ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...(await listJson(root, child)));
    else if ((e.isFile() || e.isSymbolicLink()) && e.name.endsWith(".json")) out.push(child);
  }
  return out;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function uniq(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function toAdvisory(record: OsvRecord, source: string): Advisory {
  const kind = kindOf(record);
  const score = scoreOf(record);
  const advisory: Advisory = {
    id: record.id,
    aliases: uniq(record.aliases).filter((a) => a !== record.id),
    kind,
    summary: record.summary ?? "",
    severity: severityOf(record, kind, score),
    modified: record.modified,
    references: uniq(record.references),
    affected: record.affected.map((a) => {
      const entry: AffectedPackage = {
        ecosystem: a.ecosystem,
        name: a.name,
        versions: a.versions,
        ranges: a.ranges,
      };
      if (a.databaseSpecific) entry.databaseSpecific = a.databaseSpecific;
      return entry;
    }),
    source,
  };
  if (record.details !== undefined) advisory.details = record.details;
  if (score !== undefined) advisory.score = score;
  if (record.published !== undefined) advisory.published = record.published;
  if (record.withdrawn !== undefined) advisory.withdrawn = record.withdrawn;
  const lkg = lastKnownGoodOf(record);
  if (lkg !== undefined) advisory.lastKnownGood = lkg;
  if (record.databaseSpecific) advisory.databaseSpecific = record.databaseSpecific;
  return advisory;
}

type FileOutcome =
  | { entry: FileEntry; hash: string; advisory: Advisory }
  | { entry: FileEntry; hash: string | undefined; diagnostic: Diagnostic };

async function loadFile(entry: FileEntry): Promise<FileOutcome> {
  let buf: Buffer;
  try {
    buf = await readFile(entry.abs);
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
  const text = stripBom(buf.toString("utf8"));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const location: { path: string; line?: number } = { path: entry.display };
    const line = jsonErrorLine(err, new LineIndex(text), text);
    if (line !== undefined) location.line = line;
    return {
      entry,
      hash,
      diagnostic: diagnostic("ADVISORY_INVALID", { reason: `not valid JSON: ${errorReason(err)}` }, location),
    };
  }
  const result = validateRecord(raw);
  if (!result.ok) {
    const id =
      typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string"
        ? `${(raw as { id: string }).id}: `
        : "";
    return {
      entry,
      hash,
      diagnostic: diagnostic(
        "ADVISORY_INVALID",
        { reason: `${id}${result.field} ${result.reason}` },
        { path: entry.display },
      ),
    };
  }
  return { entry, hash, advisory: toAdvisory(result.record, entry.display) };
}

function timeOf(ts: string): number {
  const t = Date.parse(ts);
  return Number.isNaN(t) ? 0 : t;
}

/** Loads every OSV record under `<dir>/osv/` of each directory. Never throws for bad data or missing folders. */
export async function loadDatabase(dirs: string[], options: LoadOptions = {}): Promise<AdvisoryDatabase> {
  void options.wanted; // reserved for the on-disk index (see the note at the top)
  const diagnostics: Diagnostic[] = [];
  const files: FileEntry[] = [];
  for (const [i, dir] of dirs.entries()) {
    const osvDir = join(dir, "osv");
    try {
      const rels = (await listJson(osvDir)).sort();
      for (const r of rels) {
        const rel = `osv/${r}`;
        files.push({ dir: i, rel, display: displayJoin(dir, rel), abs: join(dir, rel) });
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason =
        code === "ENOENT"
          ? `${displayJoin(dir, "osv")} does not exist`
          : code === "ENOTDIR"
            ? `${displayJoin(dir, "osv")} is not a directory`
            : `${displayJoin(dir, "osv")}: ${code ?? errorReason(err)}`;
      diagnostics.push(diagnostic("DATABASE_UNREADABLE", { reason }, { path: displayJoin(dir, "osv") }));
    }
  }

  const outcomes = await mapLimit(files, 64, loadFile);

  const digestLines: string[] = [];
  const byId = new Map<string, Advisory>();
  for (const o of outcomes) {
    if (o.hash !== undefined) digestLines.push(`${o.hash}  ${o.entry.rel}\n`);
    if ("diagnostic" in o) {
      diagnostics.push(o.diagnostic);
      continue;
    }
    const prior = byId.get(o.advisory.id);
    if (prior) {
      // The same id twice (a local copy and a refreshed import): the newer record wins, ties keep the first.
      const keep = timeOf(o.advisory.modified) > timeOf(prior.modified) ? o.advisory : prior;
      const drop = keep === prior ? o.advisory : prior;
      byId.set(keep.id, keep);
      diagnostics.push(
        diagnostic(
          "ADVISORY_DUPLICATE",
          { id: keep.id, kept: keep.source, dropped: drop.source },
          { path: drop.source },
        ),
      );
      continue;
    }
    byId.set(o.advisory.id, o.advisory);
  }

  const advisories = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map<string, Advisory[]>();
  const countsByEcosystem: Record<string, number> = {};
  const countsByKind: Record<string, number> = {};
  let withdrawn = 0;
  let newest: Advisory | undefined;
  for (const a of advisories) {
    countsByKind[a.kind] = (countsByKind[a.kind] ?? 0) + 1;
    if (a.withdrawn !== undefined) withdrawn++;
    if (!newest || timeOf(a.modified) > timeOf(newest.modified)) newest = a;
    const keys = new Set(a.affected.map((p) => indexKey(p.ecosystem, p.name)));
    for (const key of keys) {
      const list = index.get(key);
      if (list) list.push(a);
      else index.set(key, [a]);
    }
    for (const eco of new Set(a.affected.map((p) => p.ecosystem))) {
      countsByEcosystem[eco] = (countsByEcosystem[eco] ?? 0) + 1;
    }
  }

  // The sha256sum-style manifest, sorted by path: `find osv -name '*.json' | sort | xargs sha256sum | sha256sum`.
  const sortedLines = digestLines.sort((x, y) => {
    const px = x.slice(66);
    const py = y.slice(66);
    return px < py ? -1 : px > py ? 1 : x < y ? -1 : x > y ? 1 : 0;
  });
  const db: AdvisoryDatabase = {
    paths: dirs.slice(),
    records: advisories.length,
    digest: sha256(sortedLines.join("")),
    countsByEcosystem: sortKeys(countsByEcosystem),
    countsByKind: sortKeys(countsByKind),
    withdrawn,
    diagnostics,
    lookup: (ecosystem, name) => index.get(indexKey(ecosystem, name))?.slice() ?? [],
    byId: (id) => byId.get(id),
    all: () => advisories.slice(),
  };
  if (newest) db.newestModified = newest.modified;
  INDEXES.set(db, index);
  return db;
}

function sortKeys(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
