// `lockwarden db …`: build, refresh, check and describe the advisory databases. Each subcommand
// lives in its own db-*.ts module; this file only declares the options.

import { type Command, Option } from "commander";
import { DEFAULT_ECOSYSTEMS, OSV_EXPORT_BASE } from "./db-sources.js";
import type { Io } from "./io.js";

const DB_DIR_HELP =
  "user database folder (default: $LOCKWARDEN_DB_DIR, else the per-user cache, e.g. ~/.cache/lockwarden/db)";

function repeatable(v: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), v];
}

export function registerDbCommands(program: Command, io: Io, setCode: (code: number) => void): void {
  const db = program.command("db").description("Build, refresh, check and describe the advisory database");

  db.command("import")
    .description(
      "Import OSV records into the user database: osv.dev <Ecosystem>/all.zip exports, folders of OSV JSON files, JSON-lines files",
    )
    .argument("<sources...>", "zip files, folders (read recursively) or .jsonl files")
    .option("--db-dir <dir>", DB_DIR_HELP)
    .option("--fresh", "build the database from these sources alone, replacing its records (repairs it)")
    .option("-v, --verbose", "list every invalid record (default: the first 20)")
    .action(async (sources: string[], opts: { dbDir?: string; fresh?: boolean; verbose?: boolean }) => {
      // Each subcommand is loaded on use, so a scan never loads the import machinery (fflate, index writer).
      const { runDbImport } = await import("./db-import.js");
      setCode(await runDbImport(sources, opts, io));
    });

  db.command("update")
    .description("Download osv.dev's exports for the ecosystems and import them into the user database")
    .addOption(
      new Option(
        "--ecosystem <name>",
        `OSV ecosystem, repeatable (default: ${DEFAULT_ECOSYSTEMS.join(", ")})`,
      ).argParser(repeatable),
    )
    .option("--source-url <base>", `base URL of the exports (default: ${OSV_EXPORT_BASE})`)
    .option("--db-dir <dir>", DB_DIR_HELP)
    .option("--fresh", "rebuild the database from the downloaded exports alone (repairs it)")
    .option("-v, --verbose", "list every invalid record and each download")
    .action(
      async (opts: {
        ecosystem?: string[];
        sourceUrl?: string;
        dbDir?: string;
        fresh?: boolean;
        verbose?: boolean;
      }) => {
        const { runDbUpdate } = await import("./db-update.js");
        setCode(await runDbUpdate(opts, io));
      },
    );

  db.command("verify")
    .description("Re-hash every record of the user database and check it against its index and manifest")
    .option("--db-dir <dir>", DB_DIR_HELP)
    .option("--json", "print JSON")
    .action(async (opts: { dbDir?: string; json?: boolean }) => {
      const { runDbVerify } = await import("./db-verify.js");
      setCode(runDbVerify(opts, io));
    });

  db.command("stats")
    .description(
      "Print record counts by ecosystem and kind, indicator counts, the newest record, ages, sizes and digests",
    )
    .addOption(
      new Option(
        "--db <dir>",
        "database folder, repeatable (default: the bundled plus the user database)",
      ).argParser(repeatable),
    )
    .option("--db-dir <dir>", DB_DIR_HELP)
    .option("--json", "print JSON")
    .action(async (opts: { db?: string[]; dbDir?: string; json?: boolean }) => {
      const { runDbStats } = await import("./db-stats.js");
      setCode(await runDbStats(opts, io));
    });
}
