#!/usr/bin/env node
// Validates SARIF files with Microsoft's SARIF multitool and GitHub's rule set ("Sarif;Gh"):
// every test/golden/*.sarif plus any files given as arguments. The multitool exits 0 even when it
// finds problems, so this script reads its output log and fails (exit 1) on any result of level
// error or warning (a result without a level is a warning, per SARIF). It exits 0 with
// "skipped: …" only where the Linux x64 binary is absent.
//
//   node scripts/sarif-validate.mjs [file.sarif …]

import { spawnSync } from "node:child_process";
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const golden = join(root, "test", "golden");
const bin = join(root, "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");

function skip(reason) {
  console.log(`sarif-validate: skipped: ${reason}`);
  process.exit(0);
}

if (process.platform !== "linux" || process.arch !== "x64") {
  skip(
    `the SARIF multitool binary is only installed for linux-x64 (this is ${process.platform}-${process.arch})`,
  );
}
if (!existsSync(bin)) skip(`${relative(root, bin)} is not installed`);

// We install with --ignore-scripts, so the package's own chmod never ran.
try {
  accessSync(bin, constants.X_OK);
} catch {
  chmodSync(bin, 0o755);
}

const files = [
  ...(existsSync(golden)
    ? readdirSync(golden)
        .filter((f) => f.endsWith(".sarif"))
        .sort()
        .map((f) => join(golden, f))
    : []),
  ...process.argv.slice(2).map((f) => resolve(f)),
];
if (files.length === 0) {
  console.error("sarif-validate: no SARIF files to validate");
  process.exit(1);
}

/** Fills a multitool message template ("{0} … {1}") from its arguments. */
function messageText(result, rules) {
  const m = result.message ?? {};
  if (typeof m.text === "string") return m.text;
  const rule = rules[result.ruleIndex ?? -1] ?? rules.find((r) => r.id === result.ruleId);
  const template = rule?.messageStrings?.[m.id]?.text ?? m.id ?? "(no message)";
  // .NET composite format: {0} is an argument, {{ and }} are literal braces.
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (s, i) =>
    i === undefined ? s[0] : String(m.arguments?.[Number(i)] ?? ""),
  );
}

/** The local path a multitool result points at (it reports file:// URIs of the validated files). */
function resultFile(res) {
  const uri = res.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
  if (typeof uri !== "string") return undefined;
  try {
    return uri.startsWith("file:") ? fileURLToPath(uri) : resolve(uri);
  } catch {
    return undefined;
  }
}

let problems = 0;
const missing = files.filter((f) => !existsSync(f));
for (const f of missing) {
  console.log(`${relative(process.cwd(), f) || f}: error: no such file`);
  problems++;
}
const present = files.filter((f) => existsSync(f));

// One multitool process for every file: the .NET start-up dominates the run time.
const work = mkdtempSync(join(tmpdir(), "sarif-validate-"));
try {
  const out = join(work, "validation.sarif");
  // An argument array, no shell: file names are passed through untouched.
  const run = spawnSync(
    bin,
    ["validate", ...present, "--rule-kind", "Sarif;Gh", "-o", out, "--log", "ForceOverwrite", "--quiet"],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error || run.status !== 0 || !existsSync(out)) {
    console.log(`sarif-validate: error: the multitool failed (exit ${run.status ?? run.error?.message})`);
    if (run.stdout) console.log(run.stdout.trim());
    if (run.stderr) console.log(run.stderr.trim());
    process.exit(1);
  }
  const log = JSON.parse(readFileSync(out, "utf8"));
  const perFile = new Map(present.map((f) => [f, 0]));
  for (const r of log.runs ?? []) {
    const rules = r.tool?.driver?.rules ?? [];
    for (const inv of r.invocations ?? []) {
      for (const n of inv.toolExecutionNotifications ?? []) {
        if ((n.level ?? "warning") === "error") {
          console.log(`sarif-validate: error: ${n.message?.text ?? "tool execution error"}`);
          problems++;
        }
      }
    }
    for (const res of r.results ?? []) {
      const level = res.level ?? "warning";
      if (level !== "error" && level !== "warning") continue;
      const file = resultFile(res);
      const region = res.locations?.[0]?.physicalLocation?.region;
      const where = region?.startLine ? `(${region.startLine},${region.startColumn ?? 1})` : "";
      const name = file ? relative(process.cwd(), file) || file : "(unknown file)";
      console.log(`${name}${where}: ${level} ${res.ruleId}: ${messageText(res, rules)}`);
      if (file && perFile.has(file)) perFile.set(file, (perFile.get(file) ?? 0) + 1);
      problems++;
    }
  }
  for (const [file, count] of perFile) {
    const name = relative(process.cwd(), file) || file;
    console.log(`${name}: ${count === 0 ? "ok" : `${count} error/warning result(s)`}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(
  `sarif-validate: ${files.length} file(s), ${problems} error/warning result(s) (SARIF multitool, rules Sarif;Gh)`,
);
process.exit(problems > 0 ? 1 : 0);
