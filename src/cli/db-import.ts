// `lockwarden db import <source>...`: OSV zips, folders and JSON-lines files into the user
// database (or --db-dir). Bad records are listed on stderr and counted, never fatal; an unreadable
// source, or one without a single valid record, makes the command exit 2.

import { resolve } from "node:path";
import {
  ImportError,
  type ImportReport,
  type ImportSource,
  importIntoDatabase,
} from "../advisory-db/import.js";
import { diagnostic } from "../core/diagnostics.js";
import { bytes, count, plural } from "./db-format.js";
import { userDbDir } from "./db-paths.js";
import { startDbProgress } from "./db-progress.js";
import { exitCodes } from "./exit.js";
import type { Io } from "./io.js";
import { toolVersion } from "./version.js";

export interface DbImportOptions {
  dbDir?: string;
  fresh?: boolean;
  verbose?: boolean;
}

/** Invalid records listed on stderr before "… and N more" (all of them with --verbose). */
const SHOWN_INVALID = 20;

export function dbDirOf(opts: { dbDir?: string }, io: Io): string {
  return resolve(io.cwd, opts.dbDir ?? userDbDir(io.env, io.platform));
}

export async function runDbImport(paths: string[], opts: DbImportOptions, io: Io): Promise<number> {
  const sources = paths.map((p) => ({ path: resolve(io.cwd, p), label: p }));
  return importAndReport(dbDirOf(opts, io), sources, opts, io);
}

/** Runs an import with progress and prints what happened; returns the exit code. Shared with `db update`. */
export async function importAndReport(
  dir: string,
  sources: ImportSource[],
  opts: { fresh?: boolean; verbose?: boolean },
  io: Io,
): Promise<number> {
  const verbose = opts.verbose === true;
  const progress = startDbProgress(io);
  let invalid = 0;
  let report: ImportReport;
  try {
    report = await importIntoDatabase(dir, sources, {
      tool: `lockwarden ${toolVersion()}`,
      fresh: opts.fresh === true,
      onInvalid(entry, reason) {
        invalid++;
        if (verbose || invalid <= SHOWN_INVALID) {
          const d = diagnostic("ADVISORY_INVALID", { reason }, { path: entry }, "warning");
          io.stderr(`warning: ${entry}: ${d.message}\n`);
        }
      },
      onProgress(source, records) {
        progress.text(`importing ${source}: ${count(records)} records`);
      },
    });
  } catch (err) {
    if (err instanceof ImportError) {
      io.stderr(`lockwarden: ${err.message}\n`);
      return exitCodes.incomplete;
    }
    throw err;
  } finally {
    progress.stop();
  }
  if (invalid > SHOWN_INVALID && !verbose) {
    io.stderr(
      `warning: … and ${plural(invalid - SHOWN_INVALID, "more invalid record")} (--verbose lists them all)\n`,
    );
  }

  let failed = false;
  const lines: string[] = [];
  for (const s of report.sources) {
    if (s.type === "unreadable" || s.error) {
      failed = true;
      const d = diagnostic("DB_SOURCE_UNREADABLE", { source: s.source, reason: s.error ?? "unreadable" });
      io.stderr(`lockwarden: ${d.message}\n`);
      if (s.type === "unreadable") continue;
    }
    const valid = s.added + s.updated + s.unchanged + s.older;
    if (valid === 0) {
      failed = true;
      io.stderr(
        `lockwarden: ${s.source}: no valid OSV record (${plural(s.records, "entry", "entries")} read)\n`,
      );
    }
    lines.push(
      `imported ${s.source} (${s.type}): ${plural(s.records, "record")} read: ${count(s.added)} added, ${count(s.updated)} updated, ${count(s.unchanged)} unchanged, ${count(s.older)} older than the database's, ${count(s.invalid)} invalid`,
    );
  }
  const ecosystems = Object.entries(report.manifest.ecosystems)
    .map(([k, v]) => `${k} ${count(v)}`)
    .join(", ");
  lines.push(
    `database ${dir}: ${plural(report.records, "record")}${ecosystems ? ` (${ecosystems})` : ""}, digest sha256:${report.digest}; index ${bytes(report.indexBytes)}, packs ${bytes(report.packBytes)}${report.changed ? "" : "; no record changed"}`,
  );
  if (invalid > 0) lines.push(`${plural(invalid, "invalid record")} skipped (listed on stderr)`);
  io.stdout(`${lines.join("\n")}\n`);
  return failed ? exitCodes.incomplete : exitCodes.clean;
}
