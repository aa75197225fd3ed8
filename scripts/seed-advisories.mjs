#!/usr/bin/env node
// Seeds advisories/osv/ from the TeamPCP campaign record set: one file per OSV record at
// advisories/osv/<ecosystem folder>/<ID>.json, the record verbatim (same keys, same order),
// pretty-printed with 2 spaces and a final newline, so a re-run is byte-identical.
//
// The folder is the ecosystem of the record's first affected package, spelled as OSV spells it
// with every character outside [A-Za-z0-9._-] replaced by "-" ("GitHub Actions" → "GitHub-Actions"),
// so paths need no quoting. The loader indexes by the record's own ecosystem, not by the folder.
//
// Usage: node scripts/seed-advisories.mjs [source.json] [--out <advisories dir>] [--check]
//   source   default ../shared/teampcp/osv-records.json (relative to the repository root)
//   --check  write nothing; exit 1 if any seeded file is missing, different or stale
// Plain Node ESM, no dependencies.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
let source = resolve(repo, "../shared/teampcp/osv-records.json");
let out = resolve(repo, "advisories");
let check = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--check") check = true;
  else if (a === "--out") out = resolve(args[++i] ?? "");
  else if (a === "--help" || a === "-h") {
    console.log("usage: node scripts/seed-advisories.mjs [source.json] [--out <advisories dir>] [--check]");
    process.exit(0);
  } else source = resolve(a);
}

/** The folder name for an OSV ecosystem: its spelling, with unsafe characters replaced by "-". */
function ecosystemFolder(ecosystem) {
  return ecosystem.replace(/[^A-Za-z0-9._-]/g, "-");
}

function fail(message) {
  console.error(`seed-advisories: ${message}`);
  process.exit(2);
}

let records;
try {
  records = JSON.parse(readFileSync(source, "utf8"));
} catch (err) {
  fail(`cannot read ${source}: ${err.message}`);
}
if (!Array.isArray(records)) fail(`${source} must hold a JSON array of OSV records`);

const planned = new Map(); // relative path → content
for (const [i, record] of records.entries()) {
  const id = record?.id;
  const ecosystem = record?.affected?.[0]?.package?.ecosystem;
  if (typeof id !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id))
    fail(`record ${i}: unusable id ${JSON.stringify(id)}`);
  if (typeof ecosystem !== "string" || ecosystem === "")
    fail(`record ${id}: no affected[0].package.ecosystem`);
  const rel = `osv/${ecosystemFolder(ecosystem)}/${id}.json`;
  if (planned.has(rel)) fail(`record ${id} appears twice`);
  planned.set(rel, `${JSON.stringify(record, null, 2)}\n`);
}

// Files this script owns are listed in advisories/seed-manifest.txt, so a refresh removes records
// dropped from the source without touching records that came from anywhere else.
const MANIFEST = "seed-manifest.txt";
const manifestPath = join(out, MANIFEST);
const previous = existsSync(manifestPath)
  ? readFileSync(manifestPath, "utf8")
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#"))
  : [];
const stale = previous.filter((rel) => !planned.has(rel) && existsSync(join(out, rel))).sort();
const manifest = `# Files written by scripts/seed-advisories.mjs; do not edit by hand.\n${[...planned.keys()].sort().join("\n")}\n`;

if (check) {
  const problems = [];
  for (const [rel, content] of [...planned].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const abs = join(out, rel);
    if (!existsSync(abs)) problems.push(`missing ${rel}`);
    else if (readFileSync(abs, "utf8") !== content) problems.push(`differs ${rel}`);
  }
  for (const rel of stale) problems.push(`stale ${rel}`);
  if (!existsSync(manifestPath) || readFileSync(manifestPath, "utf8") !== manifest)
    problems.push(`differs ${MANIFEST}`);
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    console.error(`seed-advisories: ${problems.length} problem(s); run node scripts/seed-advisories.mjs`);
    process.exit(1);
  }
  console.log(
    `seed-advisories: ${planned.size} records up to date in ${relative(process.cwd(), out) || "."}`,
  );
  process.exit(0);
}

for (const rel of stale) rmSync(join(out, rel));
let written = 0;
for (const [rel, content] of planned) {
  const abs = join(out, rel);
  mkdirSync(dirname(abs), { recursive: true });
  if (existsSync(abs) && readFileSync(abs, "utf8") === content) continue;
  writeFileSync(abs, content);
  written++;
}
if (!existsSync(manifestPath) || readFileSync(manifestPath, "utf8") !== manifest)
  writeFileSync(manifestPath, manifest);
const counts = {};
for (const rel of planned.keys()) {
  const folder = rel.split("/")[1];
  counts[folder] = (counts[folder] ?? 0) + 1;
}
console.log(
  `seed-advisories: ${planned.size} records (${Object.entries(counts)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}); ${written} written, ${stale.length} stale removed`,
);
