// A plain database folder's records, already validated and classified, in one file
// (`<dir>/snapshot.json`, written by `npm run build` for the bundled advisories/). Reading the
// bundled folder file by file costs a cold scan more than anything but Node's own start-up (an
// open, read and close per record, a sha256 each, validation); the snapshot is one read.
//
// It is used only while the folder is what it was written from: the same `osv/**/*.json` files,
// each the same size, none modified more than MTIME_SLACK_MS after snapshot.json itself. (Not
// "after the build": npm stamps every file of an installed package with the install time, so the
// records and their snapshot arrive together; an edit in a checkout comes later.) A file added,
// removed, resized or edited later, or a snapshot that is unreadable or of another version, and
// the folder is read file by file as before: a snapshot can make a scan faster, never different.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Advisory } from "./types.js";

export const SNAPSHOT_FILE = "snapshot.json";
const FORMAT = "lockwarden-db-snapshot";
/** How much later than snapshot.json a record may be stamped (extracting a package takes a moment). */
const MTIME_SLACK_MS = 2000;
const VERSION = 1;

export interface SnapshotRecord {
  /** Path relative to the folder ("osv/npm/MAL-2026-2066.json"). */
  rel: string;
  advisory: Omit<Advisory, "source">;
}

export interface Snapshot {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** The folder's digest (load.ts): sha256 of its sha256sum-style listing. */
  digest: string;
  /** Every `osv/**\/*.json` file, sorted, with its size in bytes. */
  files: Array<[rel: string, size: number]>;
  /** Valid records in path order. */
  records: SnapshotRecord[];
}

/** `osv/**\/*.json` below `dir` (relative POSIX paths, unsorted). Directory symlinks are not followed. */
export function listRecordFiles(dir: string, rel = "osv"): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const child = `${rel}/${e.name}`;
    // A loop, not push(...list): osv.dev's npm export holds >200k files, past the argument limit.
    if (e.isDirectory()) for (const f of listRecordFiles(dir, child)) out.push(f);
    else if ((e.isFile() || e.isSymbolicLink()) && e.name.endsWith(".json")) out.push(child);
  }
  return out;
}

/** The folder's snapshot when it is current, else undefined (never throws). */
export function readSnapshot(dir: string): Snapshot | undefined {
  let snap: Snapshot;
  let writtenAt: number;
  try {
    const path = join(dir, SNAPSHOT_FILE);
    writtenAt = statSync(path).mtimeMs;
    snap = JSON.parse(readFileSync(path, "utf8")) as Snapshot;
  } catch {
    return undefined;
  }
  if (
    snap?.format !== FORMAT ||
    snap.version !== VERSION ||
    typeof snap.digest !== "string" ||
    !Array.isArray(snap.files) ||
    !Array.isArray(snap.records)
  )
    return undefined;
  try {
    const files = listRecordFiles(dir).sort();
    if (files.length !== snap.files.length) return undefined;
    for (let i = 0; i < files.length; i++) {
      const [rel, size] = snap.files[i] ?? [];
      if (rel === undefined || files[i] !== rel) return undefined;
      const st = statSync(join(dir, rel));
      if (st.size !== size || st.mtimeMs > writtenAt + MTIME_SLACK_MS) return undefined;
    }
  } catch {
    return undefined;
  }
  return snap;
}
