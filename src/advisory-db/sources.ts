// What `db import` reads: an osv.dev export zip (`<Ecosystem>/all.zip`, one `<ID>.json` per
// entry), a folder of OSV JSON files (recursive), a JSON-lines file (one record per line), or one
// JSON file holding a record or an array of records. Each yields records one at a time, each named
// by where it came from (`all.zip!PYSEC-2021-335.json`, `records.jsonl:12`), so a bad record can be
// reported precisely and skipped. Reading is synchronous and streaming: memory stays bounded by the
// largest record, not the export.

import { closeSync, type Dirent, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { errorReason } from "../core/text.js";
import { looksLikeZip, MAX_ENTRY_BYTES, readZip, type ZipEntry, ZipError } from "./zip.js";

export type SourceKind = "zip" | "folder" | "jsonl" | "json";

/**
 * One record as the source holds it: JSON text (with its UTF-8 bytes when the source has them as a
 * single line, so the importer can store them without re-encoding), an already parsed value (JSON
 * arrays), or why it could not be read.
 */
export type SourceRecord =
  | { entry: string; text: string; line?: Buffer }
  | { entry: string; value: unknown }
  | { entry: string; error: string };

/** The source cannot be read at all (missing, not a zip, unreadable folder). */
export class SourceError extends Error {
  override name = "SourceError";
}

function fail(path: string, err: unknown): SourceError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new SourceError(`${path}: no such file or directory`);
  return new SourceError(`${path}: ${code ?? errorReason(err)}`);
}

/** Decides how to read a path: folders, `.zip` (or zip magic), `.jsonl`/`.ndjson`, `.json`; anything else is read as JSON lines. */
export function sourceKind(path: string): SourceKind {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (err) {
    throw fail(path, err);
  }
  if (st.isDirectory()) return "folder";
  if (!st.isFile()) throw new SourceError(`${path}: not a file or folder`);
  const lower = path.toLowerCase();
  if (lower.endsWith(".zip")) return "zip";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  const head = Buffer.alloc(4);
  const fd = openSync(path, "r");
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  return looksLikeZip(head) ? "zip" : "jsonl";
}

/** Yields the records of a source. Throws SourceError before the first record when the source is unreadable. */
export function readSource(path: string, kind: SourceKind): Generator<SourceRecord> {
  switch (kind) {
    case "zip":
      return zipRecords(path);
    case "folder":
      return folderRecords(path);
    case "jsonl":
      return jsonlRecords(path);
    case "json":
      return jsonRecords(path);
  }
}

function* zipRecords(path: string): Generator<SourceRecord> {
  const name = basename(path);
  let entries: Generator<ZipEntry>;
  let r: IteratorResult<ZipEntry>;
  try {
    entries = readZip(path);
    r = entries.next();
  } catch (err) {
    throw err instanceof ZipError ? new SourceError(`${path}: ${err.message}`) : fail(path, err);
  }
  for (; !r.done; r = entries.next()) {
    const e = r.value;
    // osv.dev exports hold only `<ID>.json`; anything else (a README, macOS metadata folders) is not a record.
    if (!e.name.endsWith(".json") || e.name.startsWith("__MACOSX/")) continue;
    const entry = `${name}!${e.name}`;
    if ("error" in e) yield { entry, error: e.error };
    else yield { entry, text: e.data.toString("utf8") };
  }
}

/** `*.json` files below `root`, sorted, relative with forward slashes. Directory symlinks are not followed (no loops). */
function listJson(root: string, rel = ""): string[] {
  const entries: Dirent[] = readdirSync(rel === "" ? root : join(root, rel), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const child = rel === "" ? e.name : `${rel}/${e.name}`;
    // A loop, not push(...list): osv.dev's npm export holds >200k files, past the argument limit.
    if (e.isDirectory()) for (const f of listJson(root, child)) out.push(f);
    else if ((e.isFile() || e.isSymbolicLink()) && e.name.endsWith(".json")) out.push(child);
  }
  return out;
}

function* folderRecords(path: string): Generator<SourceRecord> {
  let files: string[];
  try {
    files = listJson(path);
  } catch (err) {
    throw fail(path, err);
  }
  const base = path.replace(/\\/g, "/").replace(/\/+$/, "");
  for (const rel of files) {
    const entry = `${base}/${rel}`;
    try {
      yield { entry, text: readFileSync(join(path, rel), "utf8") };
    } catch (err) {
      yield { entry, error: `cannot read file (${(err as NodeJS.ErrnoException).code ?? errorReason(err)})` };
    }
  }
}

function* jsonlRecords(path: string): Generator<SourceRecord> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw fail(path, err);
  }
  const name = basename(path);
  try {
    // One buffer for the whole file: the unfinished last line is moved to its front before the
    // next read (fresh buffers per chunk cost a page fault per page on every read).
    let buf = Buffer.allocUnsafe(4 * 1024 * 1024);
    let filled = 0;
    let line = 0;
    let pos = 0;
    // A line longer than any record could be is reported once and skipped up to its newline.
    let skipping = false;
    for (;;) {
      if (filled === buf.length) {
        if (filled > MAX_ENTRY_BYTES) {
          if (!skipping)
            yield { entry: `${name}:${line + 1}`, error: `line longer than ${MAX_ENTRY_BYTES} bytes` };
          skipping = true;
          filled = 0;
        } else {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
        }
      }
      const n = readSync(fd, buf, filled, buf.length - filled, pos);
      pos += n;
      filled += n;
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1 && nl < filled; nl = buf.indexOf(10, start)) {
        line++;
        const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
        const text = skipping ? "" : buf.toString("utf8", start, end);
        const bytes = skipping || end === start ? undefined : Buffer.from(buf.subarray(start, end));
        skipping = false;
        start = nl + 1;
        if (bytes && text.trim() !== "") yield { entry: `${name}:${line}`, text, line: bytes };
      }
      if (n === 0) {
        const text = skipping ? "" : buf.toString("utf8", start, filled);
        if (text.trim() !== "")
          yield { entry: `${name}:${line + 1}`, text, line: Buffer.from(buf.subarray(start, filled)) };
        return;
      }
      buf.copy(buf, 0, start, filled);
      filled -= start;
    }
  } finally {
    closeSync(fd);
  }
}

function* jsonRecords(path: string): Generator<SourceRecord> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw fail(path, err);
  }
  const name = basename(path);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    // Not one JSON document: let the record parser name the problem (with its line).
    yield { entry: name, text };
    return;
  }
  if (!Array.isArray(value)) {
    yield { entry: name, value };
    return;
  }
  for (const [i, item] of value.entries()) yield { entry: `${name}[${i}]`, value: item };
}
