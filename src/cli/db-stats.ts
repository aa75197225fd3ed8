// `lockwarden db stats`: what a scan would match against. The combined counts, digest and newest
// record of the bundled plus the user database (or the --db folders), indicator counts, and one
// line per database: its kind, counts, digest, and for an imported one when it was built, from
// what, and its size on disk.

import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadDatabase } from "../advisory-db/index.js";
import { readManifest } from "../advisory-db/manifest.js";
import { isIncomplete } from "../core/diagnostics.js";
import { loadIndicators } from "../indicators/load.js";
import { ageDays, bytes, count, plural } from "./db-format.js";
import { dbDirOf } from "./db-import.js";
import { exitCodes } from "./exit.js";
import type { Io } from "./io.js";
import { bundledDbDir } from "./version.js";

export interface DbStatsOptions {
  db?: string[];
  dbDir?: string;
  json?: boolean;
}

interface DatabaseStats {
  path: string;
  type: "bundled" | "user" | "folder";
  format: "osv-files" | "imported";
  records: number;
  digest: string;
  ecosystems: Record<string, number>;
  kinds: Record<string, number>;
  withdrawn: number;
  newestModified: string | null;
  builtAt?: string;
  builtDaysAgo?: number;
  indexBytes?: number;
  packBytes?: number;
  sources?: Array<{ source: string; importedAt: string; records: number }>;
}

function fmt(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length ? entries.map(([k, v]) => `${k} ${count(v)}`).join(", ") : "none";
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export async function runDbStats(opts: DbStatsOptions, io: Io): Promise<number> {
  const bundled = bundledDbDir();
  const user = dbDirOf(opts, io);
  const userExists = readManifest(user).status !== "absent";
  const dirs = opts.db?.length
    ? opts.db.map((d) => resolve(io.cwd, d))
    : userExists
      ? [bundled, user]
      : [bundled];

  const [adv, ioc] = await Promise.all([loadDatabase(dirs), loadIndicators(dirs)]);
  const databases: DatabaseStats[] = [];
  for (const dir of dirs) {
    const one = dirs.length === 1 ? adv : await loadDatabase([dir]);
    const m = readManifest(dir);
    const s: DatabaseStats = {
      path: dir,
      type: dir === bundled ? "bundled" : dir === user ? "user" : "folder",
      format: m.status === "absent" ? "osv-files" : "imported",
      records: one.records,
      digest: one.digest,
      ecosystems: one.countsByEcosystem,
      kinds: one.countsByKind,
      withdrawn: one.withdrawn,
      newestModified: one.newestModified ?? null,
    };
    if (m.status === "ok") {
      s.builtAt = m.manifest.builtAt;
      s.builtDaysAgo = ageDays(m.manifest.builtAt) ?? 0;
      s.indexBytes = sizeOf(join(dir, m.manifest.index.file));
      s.packBytes = m.manifest.packs.reduce((sum, p) => sum + sizeOf(join(dir, p.file)), 0);
      s.sources = m.manifest.sources.map((x) => ({
        source: x.source,
        importedAt: x.importedAt,
        records: x.records,
      }));
    }
    databases.push(s);
  }
  const stats = {
    paths: dirs,
    records: adv.records,
    digest: adv.digest,
    ecosystems: adv.countsByEcosystem,
    kinds: adv.countsByKind,
    withdrawn: adv.withdrawn,
    indicators: ioc.countsByKind,
    newestModified: adv.newestModified ?? null,
    ageDays: ageDays(adv.newestModified) ?? null,
    databases,
  };
  const problems = [...adv.diagnostics, ...ioc.diagnostics];
  if (opts.json) io.stdout(`${JSON.stringify({ ...stats, diagnostics: problems }, null, 2)}\n`);
  else {
    const lines = [
      `database: ${dirs.join(", ")}`,
      `records: ${count(stats.records)}   digest: sha256:${stats.digest}`,
      `by ecosystem: ${fmt(stats.ecosystems)}`,
      `by kind: ${fmt(stats.kinds)}${stats.withdrawn ? ` (${count(stats.withdrawn)} withdrawn)` : ""}`,
      `indicators: ${fmt(stats.indicators)}`,
      `newest record: ${stats.newestModified ?? "none"}${stats.ageDays === null ? "" : ` (${plural(stats.ageDays, "day")} ago)`}`,
    ];
    for (const d of databases) {
      let line = `${d.type} ${d.path}: ${plural(d.records, "record")} (${fmt(d.ecosystems)}), digest sha256:${d.digest}`;
      if (d.builtAt !== undefined) {
        const last = d.sources?.at(-1);
        line += `; built ${d.builtAt} (${plural(d.builtDaysAgo ?? 0, "day")} ago), index ${bytes(d.indexBytes ?? 0)}, packs ${bytes(d.packBytes ?? 0)}`;
        if (last) line += `; last import ${last.source}`;
      }
      lines.push(line);
    }
    if (!opts.db?.length && !userExists) {
      lines.push(`user database: none at ${user} (run \`lockwarden db update\` or \`lockwarden db import\`)`);
    }
    for (const d of problems) lines.push(`${d.severity}: ${d.location?.path ?? ""} ${d.message}`);
    io.stdout(`${lines.join("\n")}\n`);
  }
  return problems.some(isIncomplete) ? exitCodes.incomplete : exitCodes.clean;
}
