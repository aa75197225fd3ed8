// Test helpers for the advisory database and the matchers (excluded from the build): temporary
// database folders, the real PyPA data set extracted from ../shared, and PackageRef builders.

import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { PackageRef } from "../core/types.js";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SEED_DIR = join(REPO, "advisories");
export const SHARED = resolve(REPO, "../shared");
export const PYPA_ZIP = join(SHARED, "osv-data/PyPI-all.zip");
export const TEAMPCP_RECORDS = join(SHARED, "teampcp/osv-records.json");

const made: string[] = [];

/** A fresh temporary directory, removed by cleanupTemp(). */
export function tempDir(prefix = "lockwarden-db-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanupTemp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Writes a database folder: keys are paths relative to `<dir>/osv/`, values are records (written
 * as JSON) or raw strings (written as is, for broken files).
 */
export function writeDb(files: Record<string, unknown>): string {
  const dir = tempDir();
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, "osv", rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
  return dir;
}

/** A minimal valid OSV record for one package. */
export function record(
  id: string,
  ecosystem: string,
  name: string,
  affected: { versions?: string[]; ranges?: unknown[] },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    modified: "2026-03-24T11:15:14Z",
    ...extra,
    affected: [{ package: { ecosystem, name }, ...affected }],
  };
}

let pypa: { dir: string } | { skip: string } | undefined;

/**
 * The PyPA advisory export (2,661 PYSEC records) extracted to `<tmp>/osv/PyPI/*.json`, once per
 * test process. Returns a reason to skip when ../shared or an unzip tool is missing.
 */
export function pypaDatabase(): { dir: string } | { skip: string } {
  if (pypa) return pypa;
  if (!existsSync(PYPA_ZIP)) {
    pypa = { skip: `${PYPA_ZIP} is not present (real PyPA data lives outside the repository)` };
    return pypa;
  }
  const dir = tempDir("lockwarden-pypa-");
  const target = join(dir, "osv", "PyPI");
  mkdirSync(target, { recursive: true });
  const attempts: Array<[string, string[]]> = [
    ["unzip", ["-q", "-o", PYPA_ZIP, "-d", target]],
    ["python3", ["-m", "zipfile", "-e", PYPA_ZIP, target]],
  ];
  const errors: string[] = [];
  for (const [cmd, args] of attempts) {
    try {
      execFileSync(cmd, args, { stdio: "pipe" });
      // Flatten a zip that wraps its files in a folder.
      for (const entry of readdirSync(target, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        for (const f of readdirSync(join(target, entry.name)))
          renameSync(join(target, entry.name, f), join(target, f));
        rmSync(join(target, entry.name), { recursive: true });
      }
      pypa = { dir };
      return pypa;
    } catch (err) {
      errors.push(`${cmd}: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  pypa = { skip: `cannot extract ${PYPA_ZIP} (${errors.join("; ")})` };
  return pypa;
}

/** A registry package at a location, for matcher tests. */
export function pkg(
  ecosystem: "npm" | "PyPI",
  name: string,
  version: string | undefined,
  path = "requirements.txt",
  line = 1,
  extra: Partial<PackageRef> = {},
): PackageRef {
  const p: PackageRef = { ecosystem, name, source: "registry", location: { path, line }, ...extra };
  if (version !== undefined) p.version = version;
  return p;
}

/** The official OSV JSON schema (see README.md for its origin), compiled with ajv: a test oracle only. */
export function osvSchemaValidator(): (value: unknown) => { ok: boolean; errors: string[] } {
  const schema = JSON.parse(
    readFileSync(join(REPO, "src/advisory-db/__fixtures__/osv-schema.json"), "utf8"),
  ) as object;
  // Both packages are CommonJS with a `default` property; under NodeNext the default import is module.exports.
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return (value) => {
    const ok = validate(value);
    return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`) };
  };
}
