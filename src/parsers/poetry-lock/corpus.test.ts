import { graphOf } from "../../core/dependency-paths.js";
// The real-world corpus (../shared/corpus/poetry-lock-v1 and -v2): each poetry.lock must give
// exactly the (PEP 503 name, version) set of its .expected.json. Directory/file sources (source
// "path") are not counted there. pyproject.toml files beside some locks give the graph its root.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diagnostic } from "../../core/diagnostics.js";
import type { ParseResult } from "../../core/types.js";
import { poetryLockParser } from "./index.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const corpus = resolve(repoRoot, "../shared/corpus");
const present = existsSync(join(corpus, "poetry-lock-v1")) && existsSync(join(corpus, "poetry-lock-v2"));
const cases = present
  ? ["poetry-lock-v1", "poetry-lock-v2"].flatMap((format) =>
      readdirSync(join(corpus, format))
        .filter((d) => existsSync(join(corpus, format, d, "poetry.lock")))
        .map((d) => `${format}/${d}`),
    )
  : [];

function pep503(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

async function parseCorpus(dir: string): Promise<ParseResult> {
  const rel = `${dir}/poetry.lock`;
  return await poetryLockParser.parse({
    path: rel,
    content: readFileSync(join(corpus, rel), "utf8"),
    readRelated(from, relative) {
      const target = posix.normalize(posix.join(posix.dirname(from), relative));
      if (!existsSync(join(corpus, target)))
        return { ok: false, diagnostic: diagnostic("INCLUDE_MISSING", { file: relative }) };
      return { ok: true, path: target, content: readFileSync(join(corpus, target), "utf8") };
    },
  });
}

describe.skipIf(!present)(`poetry-lock corpus (${present ? corpus : "corpus not found: skipped"})`, () => {
  it("has the seven corpus lockfiles", () => {
    expect(cases.length).toBe(7);
  });

  it.each(cases)("%s matches its .expected.json", async (dir) => {
    const result = await parseCorpus(dir);
    const counted = result.packages.filter((p) => p.source !== "path" && p.source !== "workspace");
    const got = [...new Set(counted.map((p) => `${pep503(p.name)}@${p.version}`))].sort();
    const expected = JSON.parse(readFileSync(join(corpus, `${dir}.expected.json`), "utf8")) as Array<{
      name: string;
      version: string;
    }>;
    expect(got).toEqual([...new Set(expected.map((e) => `${pep503(e.name)}@${e.version}`))].sort());
    expect(result.diagnostics).toEqual([]);
    const text = readFileSync(join(corpus, dir, "poetry.lock"), "utf8").split("\n");
    for (const p of result.packages) {
      // Each package's line is its own [[package]] header, followed by its own name.
      const line = p.location.line as number;
      expect(text[line - 1]).toBe("[[package]]");
      expect(text.slice(line, line + 12).some((l) => l === `name = ${JSON.stringify(p.name)}`)).toBe(true);
      // Every registry release in these files lists its artifacts' hashes (v2 files or v1 metadata).
      if (p.source === "registry") expect(p.hashes?.length).toBeGreaterThan(0);
    }
  });

  it("poetry-2.1: the git source, groups, and a graph rooted at the project", async () => {
    const result = await parseCorpus("poetry-lock-v2/poetry-2.1");
    const core = result.packages.find((p) => p.name === "poetry-core");
    expect(core?.source).toBe("git");
    expect(core?.resolved).toBe(
      "https://github.com/python-poetry/poetry-core.git#e3998b0e111dc03e4aa721fd054c48e5c7de6fc5",
    );
    expect(result.variant).toBe("lock-version 2.1");
    expect(result.related).toEqual(["poetry-lock-v2/poetry-2.1/pyproject.toml"]);
    expect(graphOf(result)?.roots).toEqual(new Map([["poetry-lock-v2/poetry-2.1/pyproject.toml", "poetry"]]));
    expect(result.packages.find((p) => p.name === "pre-commit")?.groups).toEqual(["dev"]);
    expect(result.packages.find((p) => p.name === "pre-commit")?.direct).toBe(true);
    expect(result.packages.find((p) => p.name === "certifi")?.direct).toBe(false);
  });

  it("poetry-legacy-2020: no lock-version, hashes from [metadata.files], dev category", async () => {
    const result = await parseCorpus("poetry-lock-v1/poetry-legacy-2020");
    expect(result.variant).toBe("legacy (no lock-version)");
    expect(result.packages.length).toBe(100);
    expect(graphOf(result)?.roots.size).toBe(0);
    expect(result.packages.some((p) => p.direct !== undefined)).toBe(false);
    const attrs = result.packages.find((p) => p.name === "attrs");
    expect(attrs?.groups).toEqual(["dev"]);
    expect(attrs?.hashes?.map((h) => h.file)).toEqual([
      "attrs-19.3.0-py2.py3-none-any.whl",
      "attrs-19.3.0.tar.gz",
    ]);
  });
});
