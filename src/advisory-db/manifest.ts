// manifest.json: the root of an imported database and its commit point. It names the index and
// the packs with the sha256 of each, and carries what a scan needs without touching the records:
// the database digest, counts, the newest `modified`, when it was built and from what. An import
// writes everything else under fresh names first and replaces the manifest last (temp + rename),
// so an interrupted import leaves the previous database whole.
//
// It stays small on purpose: every scan reads it (digest, staleness), so the per-record hashes
// live in the index (64 bytes a record) rather than in a JSON list a scan would have to parse.

import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { errorReason } from "../core/text.js";

export const MANIFEST = "manifest.json";
export const MANIFEST_FORMAT = "lockwarden-db";

export interface ManifestFile {
  /** Relative POSIX path inside the database folder. */
  file: string;
  sha256: string;
  bytes: number;
}

export interface ManifestPack extends ManifestFile {
  records: number;
}

export interface ManifestSource {
  source: string;
  type: string;
  importedAt: string;
  /** Records read from the source (valid or not). */
  records: number;
  invalid: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Records the database already held in a newer version. */
  older: number;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  tool: string;
  /** When the last import finished (what staleness is measured from). */
  builtAt: string;
  /** sha256 over the sorted `<sha256 of record>  osv/<Ecosystem>/<ID>.json` lines of every record. */
  digest: string;
  records: number;
  withdrawn: number;
  ecosystems: Record<string, number>;
  kinds: Record<string, number>;
  newestModified?: string;
  index: ManifestFile & { keys: number };
  packs: ManifestPack[];
  /** The most recent imports, oldest first. */
  sources: ManifestSource[];
}

/** Sources kept in the manifest: enough history to see where the data came from, bounded. */
export const MAX_SOURCES = 50;

export type ManifestRead =
  | { status: "absent" }
  | { status: "ok"; manifest: Manifest }
  | { status: "invalid"; reason: string };

const FILE_NAME = /^(packs\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/;

function isCounts(v: unknown): v is Record<string, number> {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((n) => Number.isInteger(n) && (n as number) >= 0)
  );
}

function isFile(v: unknown): v is ManifestFile {
  if (typeof v !== "object" || v === null) return false;
  const f = v as Partial<ManifestFile>;
  return (
    typeof f.file === "string" &&
    FILE_NAME.test(f.file) &&
    !f.file.includes("..") &&
    typeof f.sha256 === "string" &&
    /^[0-9a-f]{64}$/.test(f.sha256) &&
    Number.isInteger(f.bytes)
  );
}

/** Checks the fields the loader and verify rely on; file names must stay inside the database folder. */
export function validateManifest(v: unknown): Manifest | string {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "not a JSON object";
  const m = v as Partial<Manifest>;
  if (m.format !== MANIFEST_FORMAT) return `format is not "${MANIFEST_FORMAT}"`;
  if (m.version !== 1) return `unsupported version ${String(m.version)}`;
  if (typeof m.digest !== "string" || !/^[0-9a-f]{64}$/.test(m.digest))
    return "digest is missing or malformed";
  if (typeof m.builtAt !== "string" || Number.isNaN(Date.parse(m.builtAt)))
    return "builtAt is missing or malformed";
  if (!Number.isInteger(m.records) || !Number.isInteger(m.withdrawn)) return "record counts are malformed";
  if (!isCounts(m.ecosystems) || !isCounts(m.kinds)) return "ecosystem or kind counts are malformed";
  if (!isFile(m.index) || !/^index-[A-Za-z0-9]+\.bin$/.test(m.index.file)) return "index entry is malformed";
  if (!Array.isArray(m.packs) || !m.packs.every((p) => isFile(p) && /^packs\/[^/]+\.jsonl$/.test(p.file))) {
    return "packs list is malformed";
  }
  if (m.newestModified !== undefined && typeof m.newestModified !== "string")
    return "newestModified is malformed";
  if (!Array.isArray(m.sources)) return "sources list is malformed";
  return m as Manifest;
}

/** Reads `<dir>/manifest.json`. Absent is not an error: the folder is then a plain `osv/**` database. */
export function readManifest(dir: string): ManifestRead {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { status: "absent" };
    return { status: "invalid", reason: `cannot read ${MANIFEST} (${code ?? errorReason(err)})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { status: "invalid", reason: `${MANIFEST} is not valid JSON: ${errorReason(err)}` };
  }
  const m = validateManifest(value);
  return typeof m === "string"
    ? { status: "invalid", reason: `${MANIFEST}: ${m}` }
    : { status: "ok", manifest: m };
}

/** Writes a file durably and atomically: temp file, fsync, rename over the target. */
export function writeFileAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    const buf = typeof data === "string" ? Buffer.from(data) : data;
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}
