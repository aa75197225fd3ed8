import { cpSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDatabase } from "./load.js";
import { listRecordFiles, SNAPSHOT_FILE } from "./snapshot.js";
import { writeSnapshot } from "./snapshot-write.js";
import { cleanupTemp, SEED_DIR, tempDir } from "./test-kit.js";

afterAll(cleanupTemp);

const LITELLM = "osv/PyPI/MAL-2026-2144.json";

/** A copy of the bundled records (stamped a minute ago, like a checkout's) with a fresh snapshot. */
async function snapshotted(): Promise<string> {
  const dir = tempDir("lockwarden-snap-");
  cpSync(join(SEED_DIR, "osv"), join(dir, "osv"), { recursive: true });
  const past = new Date(Date.now() - 60_000);
  for (const rel of listRecordFiles(dir)) utimesSync(join(dir, rel), past, past);
  await writeSnapshot(dir);
  return dir;
}

/** Changes the litellm record's summary in the snapshot only, to tell which source a load used. */
function markSnapshot(dir: string): void {
  const path = join(dir, SNAPSHOT_FILE);
  const snap = JSON.parse(readFileSync(path, "utf8"));
  const rec = snap.records.find((r: { rel: string }) => r.rel === LITELLM);
  rec.advisory.summary = "FROM SNAPSHOT";
  writeFileSync(path, JSON.stringify(snap));
}

async function litellmSummary(dir: string): Promise<string | undefined> {
  const db = await loadDatabase([dir]);
  expect(db.diagnostics).toEqual([]);
  return db.byId("MAL-2026-2144")?.summary;
}

describe("database snapshot", () => {
  it("loads exactly what the files hold: same records, sources, digest and lookups", async () => {
    const dir = await snapshotted();
    const fromFiles = await loadDatabase([dir], { snapshot: false });
    const fromSnap = await loadDatabase([dir]);
    expect(fromSnap.records).toBe(76);
    expect(fromSnap.digest).toBe(fromFiles.digest);
    expect(fromSnap.all()).toEqual(fromFiles.all());
    expect(fromSnap.countsByKind).toEqual(fromFiles.countsByKind);
    expect(fromSnap.lookup("PyPI", "LiteLLM").map((a) => a.id)).toEqual(
      fromFiles.lookup("PyPI", "litellm").map((a) => a.id),
    );
    expect(fromSnap.byId("MAL-2026-2144")?.source).toBe(`${dir}/${LITELLM}`);
  });

  it("is used while the folder is unchanged", async () => {
    const dir = await snapshotted();
    markSnapshot(dir);
    expect(await litellmSummary(dir)).toBe("FROM SNAPSHOT");
  });

  it("is used in an installed package, where npm stamps every file with the install time", async () => {
    const dir = await snapshotted();
    markSnapshot(dir);
    const now = new Date();
    for (const rel of [...listRecordFiles(dir), SNAPSHOT_FILE]) utimesSync(join(dir, rel), now, now);
    expect(await litellmSummary(dir)).toBe("FROM SNAPSHOT");
  });

  it.each([
    [
      "a record edited after the snapshot",
      (dir: string) => utimesSync(join(dir, LITELLM), new Date(), new Date(Date.now() + 10_000)),
    ],
    [
      "a record resized (its mtime kept)",
      (dir: string) => {
        const path = join(dir, LITELLM);
        const { atime, mtime } = statSync(path);
        writeFileSync(path, `${readFileSync(path, "utf8")}\n`);
        utimesSync(path, atime, mtime);
      },
    ],
    ["a record added", (dir: string) => cpSync(join(dir, LITELLM), join(dir, "osv/PyPI/COPY-1.json"))],
    ["a record removed", (dir: string) => rmSync(join(dir, "osv/npm/MAL-2026-2066.json"))],
    ["a damaged snapshot", (dir: string) => writeFileSync(join(dir, SNAPSHOT_FILE), '{"format":')],
    [
      "a snapshot of another version",
      (dir: string) => {
        const path = join(dir, SNAPSHOT_FILE);
        writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), version: 2 }));
      },
    ],
  ])("is ignored when stale or unusable: %s", async (_what, change) => {
    const dir = await snapshotted();
    markSnapshot(dir);
    change(dir);
    const db = await loadDatabase([dir]);
    const summary = db.byId("MAL-2026-2144")?.summary;
    expect(summary).not.toBe("FROM SNAPSHOT");
    expect(summary).toContain("litellm");
  });

  it("is not written for a folder with an invalid record", async () => {
    const dir = await snapshotted();
    writeFileSync(join(dir, "osv/PyPI/BROKEN.json"), "{");
    await expect(writeSnapshot(dir)).rejects.toThrow(/BROKEN\.json/);
  });
});
