// Golden files: the exact bytes each reporter writes for three scenarios, kept in test/golden/ so
// a reviewer sees every output change in the diff. `UPDATE_GOLDEN=1 npx vitest run src/reporters`
// rewrites them; the SARIF ones are also checked by scripts/sarif-validate.mjs (the multitool).

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ScanResult } from "../core/types.js";
import { type FormatName, REPORTERS, type ReportOptions } from "./index.js";
import { cleanResult, hostileResult, options, teampcpResult } from "./test-kit.js";

const GOLDEN = fileURLToPath(new URL("../../test/golden/", import.meta.url));
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

const EXTENSION: Record<FormatName, string> = {
  table: "table.txt",
  json: "json",
  sarif: "sarif",
  markdown: "md",
  github: "github.txt",
};

const SCENARIOS: Array<[name: string, result: () => ScanResult, opts: ReportOptions]> = [
  ["teampcp", teampcpResult, options({ exitCode: 2, scanPaths: ["."] })],
  ["clean", cleanResult, options({ exitCode: 0, scanPaths: ["web", "api"] })],
  ["hostile", hostileResult, options({ exitCode: 2, scanPaths: ["."] })],
];

describe.each(SCENARIOS)("golden %s", (name, build, opts) => {
  it.each(Object.keys(REPORTERS) as FormatName[])("%s", (format) => {
    const file = `${GOLDEN}${name}.${EXTENSION[format]}`;
    const actual = REPORTERS[format](build(), opts);
    if (UPDATE) writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(file, "utf8"));
  });
});
