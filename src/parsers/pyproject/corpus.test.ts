// The real pyproject.toml files of the shared corpus all sit beside their lockfile (so the parser
// must stay silent), and, read as if alone, each declared dependency must land on a line that
// names it.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseFixture, parseText } from "../test-kit.js";
import { pyprojectParser } from "./index.js";

const corpus = path.resolve(import.meta.dirname, "../../..", "../shared/corpus");
const manifests = existsSync(corpus)
  ? readdirSync(corpus, { withFileTypes: true })
      .filter((format) => format.isDirectory())
      .flatMap((format) =>
        readdirSync(path.join(corpus, format.name))
          .map((name) => path.join(format.name, name, "pyproject.toml"))
          .filter((rel) => existsSync(path.join(corpus, rel))),
      )
  : [];

describe.skipIf(manifests.length === 0)(`pyproject corpus (${corpus}; skipped when absent)`, () => {
  it.each(manifests)("%s: a lockfile is beside it, so nothing is reported", async (rel) => {
    const r = await parseFixture(pyprojectParser, path.join(corpus, rel), "pyproject.toml");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it.each(manifests)("%s alone: each declared range sits on a line that names it", async (rel) => {
    const text = readFileSync(path.join(corpus, rel), "utf8");
    const r = await parseText(pyprojectParser, "pyproject.toml", text);
    expect(r.packages).toEqual([]);
    expect(r.diagnostics[0]?.code).toBe("NO_LOCKFILE");
    const ranges = r.diagnostics.filter((d) => d.code === "DECLARED_RANGE");
    expect(ranges.length).toBeGreaterThan(0);
    expect(r.diagnostics.filter((d) => d.code !== "DECLARED_RANGE" && d.code !== "NO_LOCKFILE")).toEqual([]);
    const lines = text.split("\n");
    for (const d of ranges) {
      const name = d.message.split(" ")[0] as string;
      expect(lines[(d.location?.line ?? 0) - 1], d.message).toContain(name);
    }
  });
});
