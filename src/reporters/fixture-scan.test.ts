// Golden output from a real scan: the pipeline (src/core/scan.ts) and the default policy run over
// fixtures/demo with the bundled advisory database, then the SARIF and table reporters. The SARIF
// is also validated against the OASIS schema here and by scripts/sarif-validate.mjs (multitool).
// When the demo fixture, a parser or the bundled advisories change, review the diff and rewrite
// with `UPDATE_GOLDEN=1 npx vitest run src/reporters`.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { applyPolicy, DEFAULT_POLICY } from "../core/policy.js";
import { scan } from "../core/scan.js";
import type { ScanResult } from "../core/types.js";
import { REPORTERS } from "./index.js";
import { options } from "./test-kit.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const GOLDEN = `${ROOT}test/golden/`;
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

async function scanFixture(path: string): Promise<ScanResult> {
  // A fixed tool version and date keep the golden bytes independent of releases and the clock.
  const out = await scan({ paths: [path], cwd: ROOT, dbDirs: [`${ROOT}advisories`], toolVersion: "0.1.0" });
  return applyPolicy(out.result, { ...DEFAULT_POLICY, today: "2026-11-25" }).result;
}

function golden(name: string, actual: string): void {
  const file = `${GOLDEN}${name}`;
  if (UPDATE) writeFileSync(file, actual);
  expect(existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe("reports from a real scan of fixtures/demo", () => {
  it("finds the demo's three planted problems", async () => {
    const r = await scanFixture("fixtures/demo");
    expect(r.findings.map((f) => `${f.id} ${f.location.path}:${f.location.line}`)).toEqual([
      "GHSA-69fq-xp46-6x23 fixtures/demo/.github/workflows/security.yml:9",
      "MAL-2026-2144 fixtures/demo/api/requirements.txt:4",
      "MAL-2026-2072 fixtures/demo/web/package-lock.json:28",
    ]);
  });

  it("SARIF matches the golden file and the official schema", async () => {
    const text = REPORTERS.sarif(
      await scanFixture("fixtures/demo"),
      options({ exitCode: 1, scanPaths: ["fixtures/demo"] }),
    );
    const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(`${ROOT}schemas/sarif-schema-2.1.0.json`, "utf8")) as object,
    );
    expect(validate(JSON.parse(text)), ajv.errorsText(validate.errors)).toBe(true);
    golden("demo-scan.sarif", text);
  });

  it("table matches the golden file", async () => {
    golden(
      "demo-scan.table.txt",
      REPORTERS.table(await scanFixture("fixtures/demo"), options({ exitCode: 1 })),
    );
  });
});

describe("reports from a real scan of fixtures/clean", () => {
  it("SARIF has no results and matches the golden file", async () => {
    const text = REPORTERS.sarif(
      await scanFixture("fixtures/clean"),
      options({ exitCode: 0, scanPaths: ["fixtures/clean"] }),
    );
    expect(JSON.parse(text).runs[0].results).toEqual([]);
    golden("clean-scan.sarif", text);
  });
});
