import { graphOf } from "../../core/dependency-paths.js";
// The real pdm.lock files in the shared corpus must give exactly the inventory in their
// .expected.json: the (PEP 503 name, version) pairs of every non-local package.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalizePypiName } from "../../ecosystems/pypi.js";
import { headerLineProblems, parseFixture } from "../test-kit.js";
import { pdmLockParser } from "./index.js";

const corpus = path.resolve(import.meta.dirname, "../../..", "../shared/corpus");
const dir = path.join(corpus, "pdm-lock");
const cases = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith(".expected.json"))
      .map((f) => f.slice(0, -".expected.json".length))
  : [];

describe.skipIf(cases.length === 0)(`pdm-lock corpus (${dir}; skipped when absent)`, () => {
  it.each(cases)("%s matches its expected inventory", async (name) => {
    const file = path.join(dir, name, "pdm.lock");
    const r = await parseFixture(pdmLockParser, file, `${name}/pdm.lock`);
    expect(r.diagnostics).toEqual([]);

    const actual = [
      ...new Set(
        r.packages
          .filter((p) => p.source !== "path" && p.source !== "workspace" && p.version !== undefined)
          .map((p) => `${normalizePypiName(p.name)}@${p.version}`),
      ),
    ].sort();
    const expected = (
      JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), "utf8")) as Array<{
        name: string;
        version: string;
      }>
    )
      .map((p) => `${normalizePypiName(p.name)}@${p.version}`)
      .sort();
    expect(actual).toEqual(expected);
    // Every entry in these files has hashes, in `files` (4.5) or `[metadata.files]` (3.1, 4.2).
    expect(r.packages.filter((p) => !p.hashes?.length).map((p) => p.name)).toEqual([]);

    // Every package sits at its own `[[package]]` header, whose entry names it.
    expect(
      headerLineProblems(readFileSync(file, "utf8"), `${name}/pdm.lock`, "[[package]]", r.packages),
    ).toEqual([]);
  });
});

describe.skipIf(!cases.includes("pdm"))("pdm-lock corpus: pdm 4.5.1 with its pyproject.toml", () => {
  it("root from the pyproject; extras are optional, dependency groups dev", async () => {
    const r = await parseFixture(pdmLockParser, path.join(dir, "pdm", "pdm.lock"), "pdm.lock");
    expect([...(graphOf(r)?.roots ?? [])]).toEqual([["<root>", "pdm"]]);
    expect(r.related).toEqual(["pyproject.toml"]);
    const by = new Map(r.packages.map((p) => [p.name, p]));
    expect(by.get("arpeggio")).toMatchObject({ groups: ["dev", "group:workflow"], direct: false });
    expect(by.get("keyring")).toMatchObject({
      groups: ["optional", "extra:all", "extra:keyring"],
      direct: true,
    });
    // `pytest` is both the extra "pytest" and in the "test" group: installable in production.
    expect(by.get("pytest")?.groups).toEqual(["optional", "extra:pytest", "group:test"]);
    // hishel appears twice (plain and [httpx]); one package at the first entry's line.
    expect(r.packages.filter((p) => p.name === "hishel").map((p) => p.location.line)).toEqual([654]);
    expect(by.get("httpx")).toMatchObject({ direct: true });
  });
});
