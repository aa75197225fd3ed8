// Writes a plain folder's snapshot.json (snapshot.ts) from a full, file-by-file load. Refuses a
// folder with any diagnostic: the snapshot is for a folder known to be clean (the bundled one).

import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDatabase } from "./load.js";
import { listRecordFiles, SNAPSHOT_FILE, type Snapshot, type SnapshotRecord } from "./snapshot.js";

export async function writeSnapshot(dir: string): Promise<{ path: string; records: number }> {
  const files = listRecordFiles(dir)
    .sort()
    .map((rel): [string, number] => [rel, statSync(join(dir, rel)).size]);
  const db = await loadDatabase([dir], { snapshot: false });
  if (db.diagnostics.length > 0) {
    const first = db.diagnostics[0];
    throw new Error(
      `${dir}: not snapshotted, ${db.diagnostics.length} diagnostic(s), first: ${first?.location?.path ?? ""} ${first?.message ?? ""}`,
    );
  }
  const prefix = `${dir.replace(/\\/g, "/").replace(/\/+$/, "")}/`;
  const records = db
    .all()
    .map((a): SnapshotRecord => {
      const { source, ...advisory } = a;
      return { rel: source.slice(prefix.length), advisory };
    })
    .sort((x, y) => (x.rel < y.rel ? -1 : x.rel > y.rel ? 1 : 0));
  const snapshot: Snapshot = {
    format: "lockwarden-db-snapshot",
    version: 1,
    digest: db.digest,
    files,
    records,
  };
  const path = join(dir, SNAPSHOT_FILE);
  writeFileSync(path, `${JSON.stringify(snapshot)}\n`);
  return { path, records: records.length };
}
