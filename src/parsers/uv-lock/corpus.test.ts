import { graphOf } from "../../core/dependency-paths.js";
// The real uv.lock files in the shared corpus must give exactly the inventory in their
// .expected.json: the (PEP 503 name, version) pairs of every non-local package.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  corpusCases,
  expectedPythonInventory,
  headerLineProblems,
  parseFixture,
  pythonInventory,
} from "../test-kit.js";
import { uvLockParser } from "./index.js";

const { dir, cases } = corpusCases("uv-lock");

describe.skipIf(cases.length === 0)(`uv-lock corpus (${dir}; skipped when absent)`, () => {
  it.each(cases)("%s matches its expected inventory", async (name) => {
    const file = path.join(dir, name, "uv.lock");
    const r = await parseFixture(uvLockParser, file, `${name}/uv.lock`);
    expect(r.diagnostics).toEqual([]);
    expect(pythonInventory(r.packages)).toEqual(expectedPythonInventory(dir, name));

    // Every package sits at its own `[[package]]` header, whose entry names it.
    expect(
      headerLineProblems(readFileSync(file, "utf8"), `${name}/uv.lock`, "[[package]]", r.packages),
    ).toEqual([]);
  });
});

describe.skipIf(!cases.includes("pydantic-ai"))("uv-lock corpus: pydantic-ai workspace", () => {
  it("six workspace members are the roots; dev groups, git source and direct dependencies", async () => {
    const r = await parseFixture(uvLockParser, path.join(dir, "pydantic-ai", "uv.lock"), "uv.lock");
    expect([...(graphOf(r)?.roots.values() ?? [])].sort()).toEqual([
      "clai",
      "pydantic-ai",
      "pydantic-ai-examples",
      "pydantic-ai-slim",
      "pydantic-evals",
      "pydantic-graph",
    ]);
    const by = new Map(r.packages.map((p) => [p.name, p]));
    expect(by.get("strict-no-cover")).toMatchObject({ version: "0.1.1", source: "git", groups: ["dev"] });
    expect(by.get("ruff")?.groups).toEqual(["dev", "group:lint"]);
    // Needed by pydantic-ai through pydantic-ai-slim[anthropic]: a main dependency, not optional.
    expect(by.get("anthropic")?.groups).toBeUndefined();
    expect(by.get("pydantic")?.direct).toBe(true);
    expect(r.packages.filter((p) => p.source === "workspace")).toHaveLength(6);
  });
});
