// `db verify`: re-hashes every record of an imported database and checks it against the index,
// the index and the packs against the manifest, the digest and counts against the records, and
// that no file sits in the database that the manifest does not name. Each problem names the file
// (and, inside a pack, the record), so "which record was touched" has an answer.

import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { errorReason } from "../core/text.js";
import { windowReader } from "./file-window.js";
import { type IndexReader, type IndexRecord, openIndex } from "./index-file.js";
import { MANIFEST, type Manifest, type ManifestPack, readManifest } from "./manifest.js";
import { recordPath } from "./record.js";

export interface VerifyProblem {
  /** Relative to the database folder. */
  file: string;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  problems: VerifyProblem[];
  records: number;
  packs: number;
  keys: number;
  digest?: string;
  /** Bytes on disk of the index and packs. */
  bytes: number;
}

function slugOfPack(file: string): string {
  return file.replace(/^packs\//, "").replace(/-[A-Za-z0-9]+\.jsonl$/, "");
}

/**
 * Checks one pack in a single pass: every record (in offset order) against its sha256 in the index,
 * the bytes between records (exactly one "\n" each), and the whole file against the manifest's
 * sha256, hashed from the same reads.
 */
function verifyPack(
  dir: string,
  pack: ManifestPack,
  records: IndexRecord[],
  problems: VerifyProblem[],
): void {
  const file = pack.file;
  const fd = openSync(join(dir, file), "r");
  try {
    const size = fstatSync(fd).size;
    const read = windowReader(fd, size);
    const whole = createHash("sha256");
    const feed = (from: number, to: number): void => {
      for (let pos = from; pos < to; ) {
        const len = Math.min(4 * 1024 * 1024, to - pos);
        whole.update(read(pos, len));
        pos += len;
      }
    };
    const slug = slugOfPack(file);
    let pos = 0;
    records.sort((a, b) => a.offset - b.offset);
    for (const r of records) {
      const name = recordPath(slug, r.id);
      if (r.offset < pos) {
        problems.push({ file, problem: `record ${r.id} overlaps the record before it (damaged index)` });
        continue;
      }
      if (r.offset + r.length + 1 > size) {
        problems.push({
          file,
          problem: `record ${r.id} (${name}) is missing: the pack ends at byte ${size}`,
        });
        continue;
      }
      if (r.offset > pos) {
        problems.push({
          file,
          problem: `unexpected bytes ${pos}–${r.offset} before record ${r.id} (an added or edited record?)`,
        });
        feed(pos, r.offset);
      }
      const bytes = read(r.offset, r.length + 1);
      whole.update(bytes);
      if (!createHash("sha256").update(bytes.subarray(0, r.length)).digest().equals(r.sha256)) {
        problems.push({
          file,
          problem: `record ${r.id} (${name}, bytes ${r.offset}–${r.offset + r.length}) does not match its sha256`,
        });
      }
      if (bytes[r.length] !== 10) {
        problems.push({ file, problem: `record ${r.id} is not followed by a newline (an edited record?)` });
      }
      pos = r.offset + r.length + 1;
    }
    if (pos < size) {
      problems.push({
        file,
        problem: `${size - pos} unexpected bytes after the last record (an added record?)`,
      });
      feed(pos, size);
    }
    if (size !== pack.bytes || whole.digest("hex") !== pack.sha256) {
      problems.push({
        file,
        problem: `does not match the sha256 in the manifest (${size} bytes, expected ${pack.bytes})`,
      });
    }
  } finally {
    closeSync(fd);
  }
}

/** Lists files a database folder holds that its manifest does not name (tmp/ and the lock excepted). */
function extraFiles(dir: string, manifest: Manifest): string[] {
  const named = new Set([MANIFEST, manifest.index.file, ...manifest.packs.map((p) => p.file)]);
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(rel === "" ? dir : join(dir, rel), { withFileTypes: true })) {
      const child = rel === "" ? e.name : `${rel}/${e.name}`;
      if (rel === "" && (e.name === "tmp" || e.name === ".lock")) continue;
      if (e.isDirectory()) walk(child);
      else if (!named.has(child)) out.push(child);
    }
  };
  walk("");
  return out.sort();
}

/** Verifies the imported database in `dir`. Never throws for a damaged database. */
export function verifyDatabase(dir: string): VerifyResult {
  const problems: VerifyProblem[] = [];
  const result: VerifyResult = { ok: false, problems, records: 0, packs: 0, keys: 0, bytes: 0 };
  const read = readManifest(dir);
  if (read.status !== "ok") {
    problems.push({
      file: MANIFEST,
      problem:
        read.status === "absent"
          ? `no imported database here (run \`lockwarden db update\` or \`lockwarden db import\`)`
          : read.reason,
    });
    return result;
  }
  const m = read.manifest;
  result.digest = m.digest;
  result.records = m.records;
  result.packs = m.packs.length;
  result.keys = m.index.keys;

  // The index: bytes as the manifest recorded them, and an index of this manifest.
  let reader: IndexReader | undefined;
  const indexPath = join(dir, m.index.file);
  if (!existsSync(indexPath)) problems.push({ file: m.index.file, problem: "missing" });
  else {
    try {
      const buf = readFileSync(indexPath);
      result.bytes += buf.length;
      if (createHash("sha256").update(buf).digest("hex") !== m.index.sha256) {
        problems.push({ file: m.index.file, problem: "does not match the sha256 in the manifest" });
      }
      reader = openIndex(buf);
      if (reader.meta.digest !== m.digest)
        problems.push({ file: m.index.file, problem: "belongs to another manifest (digest differs)" });
      if (reader.meta.records !== m.records) {
        problems.push({
          file: m.index.file,
          problem: `holds ${reader.meta.records} records, the manifest says ${m.records}`,
        });
      }
      if (reader.meta.packs.join("\n") !== m.packs.map((p) => p.file).join("\n")) {
        problems.push({ file: m.index.file, problem: "names other packs than the manifest" });
      }
    } catch (err) {
      problems.push({ file: m.index.file, problem: errorReason(err) });
      reader = undefined;
    }
  }

  // Each pack: whole-file sha256, then every record in it.
  const recordsByPack = new Map<string, IndexRecord[]>();
  const lines: Array<{ path: string; hex: string }> = [];
  const counts = {
    records: 0,
    withdrawn: 0,
    ecosystems: {} as Record<string, number>,
    kinds: {} as Record<string, number>,
  };
  if (reader) {
    const r0 = reader;
    try {
      r0.forEachRecord((r) => {
        const file = r0.meta.packs[r.pack] as string;
        const list = recordsByPack.get(file);
        if (list) list.push(r);
        else recordsByPack.set(file, [r]);
        lines.push({ path: recordPath(slugOfPack(file), r.id), hex: r.sha256.toString("hex") });
        const c = r0.combos[r.combo];
        if (c) {
          counts.records++;
          if (c.withdrawn) counts.withdrawn++;
          counts.kinds[c.kind] = (counts.kinds[c.kind] ?? 0) + 1;
          for (const e of c.ecosystems) counts.ecosystems[e] = (counts.ecosystems[e] ?? 0) + 1;
        }
      });
    } catch (err) {
      problems.push({ file: m.index.file, problem: errorReason(err) });
      reader = undefined;
    }
  }
  for (const p of m.packs) {
    const path = join(dir, p.file);
    if (!existsSync(path)) {
      problems.push({ file: p.file, problem: `missing (${p.records} records)` });
      continue;
    }
    result.bytes += statSync(path).size;
    const records = recordsByPack.get(p.file) ?? [];
    if (reader && records.length !== p.records) {
      problems.push({
        file: p.file,
        problem: `the index lists ${records.length} records, the manifest ${p.records}`,
      });
    }
    verifyPack(dir, p, records, problems);
  }

  // The digest and counts the manifest claims, recomputed from the records.
  if (reader) {
    lines.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
    const digestHash = createHash("sha256");
    for (const l of lines) digestHash.update(`${l.hex}  ${l.path}\n`);
    const digest = digestHash.digest("hex");
    if (digest !== m.digest)
      problems.push({ file: MANIFEST, problem: `digest ${m.digest} does not match the records (${digest})` });
    const same = (a: Record<string, number>, b: Record<string, number>): boolean =>
      JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
    if (
      counts.records !== m.records ||
      counts.withdrawn !== m.withdrawn ||
      !same(counts.kinds, m.kinds) ||
      !same(counts.ecosystems, m.ecosystems)
    ) {
      problems.push({ file: MANIFEST, problem: "record counts do not match the records" });
    }
  }

  for (const file of extraFiles(dir, m)) {
    problems.push({
      file,
      problem: file.startsWith("osv/")
        ? "not part of the database (loose records in an imported database are never read)"
        : "not named by the manifest (an added file, or left by an interrupted import: the next import removes it)",
    });
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  result.ok = problems.length === 0;
  return result;
}
