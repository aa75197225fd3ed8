// `lockwarden db update`: downloads osv.dev's per-ecosystem exports
// (`<base>/<Ecosystem>/all.zip`, base https://osv-vulnerabilities.storage.googleapis.com) into the
// database's tmp/ folder and imports them in one commit. A failed download is one line on stderr
// and exit 2; the exports that did arrive are still imported, and a partial file stays in tmp/ for
// the next run to resume.

import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ImportSource } from "../advisory-db/import.js";
import { diagnostic } from "../core/diagnostics.js";
import { DownloadError, download } from "./db-download.js";
import { bytes } from "./db-format.js";
import { dbDirOf, importAndReport } from "./db-import.js";
import { startDbProgress } from "./db-progress.js";
import { DEFAULT_ECOSYSTEMS, OSV_EXPORT_BASE } from "./db-sources.js";
import { exitCodes, UsageError } from "./exit.js";
import type { Io } from "./io.js";
import { toolVersion } from "./version.js";

export interface DbUpdateOptions {
  dbDir?: string;
  ecosystem?: string[];
  sourceUrl?: string;
  fresh?: boolean;
  verbose?: boolean;
}

/** The export URL of one ecosystem under a base URL. */
export function exportUrl(base: string, ecosystem: string): string {
  return `${base.replace(/\/+$/, "")}/${encodeURIComponent(ecosystem)}/all.zip`;
}

export async function runDbUpdate(opts: DbUpdateOptions, io: Io): Promise<number> {
  const ecosystems = [...new Set(opts.ecosystem?.length ? opts.ecosystem : DEFAULT_ECOSYSTEMS)];
  for (const e of ecosystems) {
    if (!/^[A-Za-z0-9][A-Za-z0-9 .:_-]*$/.test(e))
      throw new UsageError(`--ecosystem "${e}" is not an OSV ecosystem name`);
  }
  const base = opts.sourceUrl ?? OSV_EXPORT_BASE;
  if (!/^https?:\/\//.test(base)) throw new UsageError(`--source-url must be an http(s) URL, not "${base}"`);
  const dir = dbDirOf(opts, io);
  const tmp = join(dir, "tmp");
  mkdirSync(tmp, { recursive: true });

  const sources: ImportSource[] = [];
  const downloaded: string[] = [];
  let failed = false;
  for (const ecosystem of ecosystems) {
    const url = exportUrl(base, ecosystem);
    const dest = join(tmp, `${ecosystem.replace(/[^A-Za-z0-9._-]/g, "-")}-all.zip`);
    const progress = startDbProgress(io);
    try {
      const r = await download({
        url,
        dest,
        userAgent: `lockwarden/${toolVersion()}`,
        onProgress(received, total) {
          progress.text(
            `downloading ${ecosystem}/all.zip ${bytes(received)}${total ? ` / ${bytes(total)}` : ""}`,
          );
        },
        onRetry(reason, delayMs, attempt) {
          progress.note(
            `lockwarden: ${url}: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt})\n`,
          );
        },
      });
      if (opts.verbose) {
        io.stderr(
          `downloaded ${url}: ${bytes(r.bytes)} in ${r.attempts} attempt(s)${r.resumed ? ", resumed" : ""}\n`,
        );
      }
      sources.push({ path: dest, label: url });
      downloaded.push(dest);
    } catch (err) {
      if (!(err instanceof DownloadError)) throw err;
      failed = true;
      io.stderr(`lockwarden: ${diagnostic("DB_DOWNLOAD_FAILED", { url, reason: err.message }).message}\n`);
    } finally {
      progress.stop();
    }
  }
  if (sources.length === 0) return exitCodes.incomplete;
  if (failed && opts.fresh) {
    // A fresh build from part of the exports would drop every record of the missing ones.
    for (const file of downloaded) rmSync(file, { force: true });
    io.stderr("lockwarden: --fresh: not rebuilding the database from an incomplete set of exports\n");
    return exitCodes.incomplete;
  }
  try {
    const code = await importAndReport(dir, sources, opts, io);
    return failed ? exitCodes.incomplete : code;
  } finally {
    // The export is in the database now (or was unusable): either way it is not kept.
    for (const file of downloaded) rmSync(file, { force: true });
  }
}

export { DEFAULT_ECOSYSTEMS, OSV_EXPORT_BASE };
