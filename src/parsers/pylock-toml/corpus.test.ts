// The real pylock.toml files in the shared corpus must give exactly the inventory in their
// .expected.json: the (PEP 503 name, version) pairs of every non-local package.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalizePypiName } from "../../ecosystems/pypi.js";
import {
  CORPUS as corpus,
  corpusCases,
  expectedPythonInventory,
  headerLineProblems,
  parseFixture,
  pythonInventory,
} from "../test-kit.js";
import { uvLockParser } from "../uv-lock/index.js";
import { pylockTomlParser } from "./index.js";

const { dir, cases } = corpusCases("pylock-toml");

describe.skipIf(cases.length === 0)(`pylock-toml corpus (${dir}; skipped when absent)`, () => {
  it.each(cases)("%s matches its expected inventory", async (name) => {
    const file = path.join(dir, name, "pylock.toml");
    const r = await parseFixture(pylockTomlParser, file, `${name}/pylock.toml`);
    expect(r.diagnostics).toEqual([]);
    expect(pythonInventory(r.packages)).toEqual(expectedPythonInventory(dir, name));

    // Every package sits at its own `[[packages]]` header, whose entry names it.
    expect(
      headerLineProblems(readFileSync(file, "utf8"), `${name}/pylock.toml`, "[[packages]]", r.packages),
    ).toEqual([]);
  });
});

const perdooUv = path.join(corpus, "uv-lock", "perdoo", "uv.lock");
describe.skipIf(!cases.includes("perdoo-pdm") || !existsSync(perdooUv))(
  "pylock-toml corpus: the same project locked by pdm (pylock) and by uv",
  () => {
    it("gives every package the same groups and directness in both formats", async () => {
      const pylock = await parseFixture(
        pylockTomlParser,
        path.join(dir, "perdoo-pdm", "pylock.toml"),
        "pylock.toml",
      );
      const uv = await parseFixture(uvLockParser, perdooUv, "elsewhere/uv.lock");
      const facts = (packages: typeof pylock.packages): string[] =>
        packages
          .filter((p) => p.source !== "workspace")
          .map((p) => `${normalizePypiName(p.name)} ${(p.groups ?? []).join(",")} ${p.direct}`)
          .sort();
      expect(facts(pylock.packages)).toEqual(facts(uv.packages));
      expect(pylock.packages.filter((p) => p.groups?.includes("dev")).length).toBeGreaterThan(20);
    });
  },
);
