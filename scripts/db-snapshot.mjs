#!/usr/bin/env node
// Writes advisories/snapshot.json, the bundled database in one file (src/advisory-db/snapshot.ts
// explains when a scan uses it). Part of `npm run build`, after tsc.
//
//   node scripts/db-snapshot.mjs [folder]

import { resolve } from "node:path";
import { writeSnapshot } from "../dist/advisory-db/snapshot-write.js";

const dir = resolve(process.argv[2] ?? resolve(import.meta.dirname, "..", "advisories"));
const { path, records } = await writeSnapshot(dir);
process.stdout.write(`db-snapshot: ${records} records → ${path}\n`);
