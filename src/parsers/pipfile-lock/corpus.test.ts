// The real-world corpus (../shared/corpus/pipfile-lock): each Pipfile.lock must give exactly the
// (PEP 503 name, version) set of its .expected.json. Local (path) entries are not counted there.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ParseResult } from "../../core/types.js";
import { parseText } from "../test-kit.js";
import { pipfileLockParser } from "./index.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const corpus = resolve(repoRoot, "../shared/corpus");
const dir = join(corpus, "pipfile-lock");
const present = existsSync(dir);
const cases = present ? readdirSync(dir).filter((f) => existsSync(join(dir, f, "Pipfile.lock"))) : [];

function pep503(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

describe.skipIf(!present)(`pipfile-lock corpus (${present ? dir : "corpus not found: skipped"})`, () => {
  it("has the three corpus lockfiles", () => {
    expect(cases.sort()).toEqual(["codeql-action-tiny", "pipenv", "pipenv-example"]);
  });

  it.each(cases)("%s matches its .expected.json", async (name) => {
    const rel = `pipfile-lock/${name}/Pipfile.lock`;
    const result: ParseResult = await parseText(
      pipfileLockParser,
      rel,
      readFileSync(join(corpus, rel), "utf8"),
    );
    const counted = result.packages.filter((p) => p.source !== "path" && p.source !== "workspace");
    const got = [...new Set(counted.map((p) => `${pep503(p.name)}@${p.version}`))].sort();
    const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8")) as Array<{
      name: string;
      version: string;
    }>;
    expect(got).toEqual([...new Set(expected.map((e) => `${pep503(e.name)}@${e.version}`))].sort());
    expect(result.diagnostics).toEqual([]);
    for (const p of result.packages) expect(p.location.line).toBeGreaterThan(0);
  });

  it("pipenv: develop entries are dev, and a name in both sections is reported twice", async () => {
    const rel = "pipfile-lock/pipenv/Pipfile.lock";
    const result = await parseText(pipfileLockParser, rel, readFileSync(join(corpus, rel), "utf8"));
    expect(result.packages.length).toBe(110);
    expect(result.packages.filter((p) => p.groups?.includes("dev")).length).toBe(100);
    const pytest = result.packages.filter((p) => p.name === "pytest");
    expect(pytest.map((p) => p.groups ?? [])).toEqual([[], ["dev"]]);
  });
});
