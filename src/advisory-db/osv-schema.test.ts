// The seeded records and the real PyPA export checked against the official OSV JSON schema
// (ajv is a devDependency; the loader's own validator is what runs in production).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupTemp, osvSchemaValidator, pypaDatabase, SEED_DIR } from "./test-kit.js";
import { validateRecord } from "./validate.js";

afterAll(cleanupTemp);

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".json"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

let schema: ReturnType<typeof osvSchemaValidator>;
beforeAll(() => {
  schema = osvSchemaValidator();
});

describe("the official OSV schema", () => {
  it("accepts every seeded record except the documented local placeholders", () => {
    const failures: Record<string, string[]> = {};
    const files = jsonFiles(join(SEED_DIR, "osv"));
    expect(files).toHaveLength(76);
    for (const file of files) {
      const r = schema(JSON.parse(readFileSync(file, "utf8")));
      if (!r.ok) failures[file.slice(SEED_DIR.length + 1)] = r.errors;
    }
    // LOCAL-TEAMPCP-* ids have no registered OSV prefix, and OpenVSX is not an OSV ecosystem
    // (advisories/README.md explains both). Nothing else may deviate.
    expect(Object.keys(failures)).toEqual([
      "osv/GitHub-Actions/LOCAL-TEAMPCP-0001.json",
      "osv/GitHub-Actions/LOCAL-TEAMPCP-0002.json",
      "osv/OpenVSX/LOCAL-TEAMPCP-0003.json",
      "osv/OpenVSX/LOCAL-TEAMPCP-0004.json",
    ]);
    for (const [file, errors] of Object.entries(failures)) {
      const allowed = errors.every(
        (e) =>
          e.startsWith("/id must match pattern") ||
          e.startsWith("/affected/0/package/ecosystem must match pattern"),
      );
      expect(allowed, `${file}: ${errors.join("; ")}`).toBe(true);
    }
  });

  it("accepts every record of the real PyPA export, and so does the loader's validator", (ctx) => {
    const data = pypaDatabase();
    if ("skip" in data) {
      console.warn(`skipped: ${data.skip}`);
      ctx.skip();
      return;
    }
    const files = jsonFiles(join(data.dir, "osv"));
    expect(files).toHaveLength(2661);
    for (const file of files) {
      const raw: unknown = JSON.parse(readFileSync(file, "utf8"));
      const official = schema(raw);
      expect(official.ok, `${file}: ${official.errors.join("; ")}`).toBe(true);
      const ours = validateRecord(raw);
      expect(ours.ok, `${file}: ${ours.ok ? "" : `${ours.field} ${ours.reason}`}`).toBe(true);
    }
  });
});
