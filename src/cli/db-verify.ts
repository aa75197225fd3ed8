// `lockwarden db verify`: re-hashes every record of the user database (or --db-dir) against its
// index and manifest. Clean: one summary line, exit 0. Otherwise one line per problem, naming the
// file (and the record), and exit 2.

import { verifyDatabase } from "../advisory-db/verify.js";
import { diagnostic } from "../core/diagnostics.js";
import { bytes, plural } from "./db-format.js";
import { dbDirOf } from "./db-import.js";
import { exitCodes } from "./exit.js";
import type { Io } from "./io.js";

export interface DbVerifyOptions {
  dbDir?: string;
  json?: boolean;
}

export function runDbVerify(opts: DbVerifyOptions, io: Io): number {
  const dir = dbDirOf(opts, io);
  const r = verifyDatabase(dir);
  if (opts.json) {
    const out = {
      path: dir,
      ok: r.ok,
      records: r.records,
      packs: r.packs,
      keys: r.keys,
      bytes: r.bytes,
      digest: r.digest ?? null,
      problems: r.problems,
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else if (r.ok) {
    io.stdout(
      `ok: ${dir}: ${plural(r.records, "record")} in ${plural(r.packs, "pack")}, ${plural(r.keys, "index key")}, ${bytes(r.bytes)}, digest sha256:${r.digest}\n`,
    );
  } else {
    for (const p of r.problems) {
      io.stdout(`error: ${p.file}: ${diagnostic("DB_INTEGRITY", { problem: p.problem }).message}\n`);
    }
    io.stderr(
      `lockwarden: ${dir}: ${plural(r.problems.length, "integrity problem")}; rebuild it with \`lockwarden db update --fresh\` (or \`lockwarden db import --fresh <sources>\`)\n`,
    );
  }
  return r.ok ? exitCodes.clean : exitCodes.incomplete;
}
