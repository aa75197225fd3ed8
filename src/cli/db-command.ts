// `lockwarden db …`: inspect the advisory databases.

import { resolve } from "node:path";
import type { Command } from "commander";
import { loadDatabase } from "../advisory-db/index.js";
import { isIncomplete } from "../core/diagnostics.js";
import { loadIndicators } from "../indicators/load.js";
import { defaultDbDirs } from "./db-paths.js";
import { exitCodes } from "./exit.js";
import type { Io } from "./io.js";

export function registerDbCommands(program: Command, io: Io, setCode: (code: number) => void): void {
  const db = program.command("db").description("Inspect and maintain the advisory database");
  db.command("stats")
    .description(
      "Print record counts by ecosystem and kind, indicator counts, the newest record and the digest",
    )
    .option("--db <dir>", "database folder (default: bundled plus user database)")
    .option("--json", "print JSON")
    .action(async (opts: { db?: string; json?: boolean }) => {
      const dirs = opts.db ? [resolve(io.cwd, opts.db)] : defaultDbDirs(io.env, io.platform);
      const [adv, ioc] = await Promise.all([loadDatabase(dirs), loadIndicators(dirs)]);
      const stats = {
        paths: dirs,
        records: adv.records,
        digest: adv.digest,
        ecosystems: adv.countsByEcosystem,
        kinds: adv.countsByKind,
        indicators: ioc.countsByKind,
        newestModified: adv.newestModified ?? null,
        ageDays: adv.newestModified
          ? Math.floor((Date.now() - Date.parse(adv.newestModified)) / 86_400_000)
          : null,
      };
      const problems = [...adv.diagnostics, ...ioc.diagnostics];
      if (opts.json) io.stdout(`${JSON.stringify({ ...stats, diagnostics: problems }, null, 2)}\n`);
      else {
        const lines = [
          `database: ${dirs.join(", ")}`,
          `records: ${stats.records}   digest: sha256:${stats.digest}`,
          `by ecosystem: ${fmt(stats.ecosystems)}`,
          `by kind: ${fmt(stats.kinds)}`,
          `indicators: ${fmt(stats.indicators)}`,
          `newest record: ${stats.newestModified ?? "none"}${stats.ageDays === null ? "" : ` (${stats.ageDays} days ago)`}`,
        ];
        for (const d of problems) lines.push(`${d.severity}: ${d.location?.path ?? ""} ${d.message}`);
        io.stdout(`${lines.join("\n")}\n`);
      }
      setCode(problems.some(isIncomplete) ? exitCodes.incomplete : exitCodes.clean);
    });
}

function fmt(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length ? entries.map(([k, v]) => `${k} ${v}`).join(", ") : "none";
}
