import { graphOf } from "../../core/dependency-paths.js";
// The real-world corpus (../shared/corpus/bun-lock): every bun.lock must give exactly the
// (real name, version, installed alias) set of its .expected.json, with a correct line for every
// package. workspace:/link:/file: entries are left out of the expected lists.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseText } from "../test-kit.js";
import { bunLockParser } from "./index.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const corpus = resolve(repoRoot, "../shared/corpus");
const dir = join(corpus, "bun-lock");
const present = existsSync(dir);
const cases = present ? readdirSync(dir).filter((f) => existsSync(join(dir, f, "bun.lock"))) : [];

interface Expected {
  name: string;
  version: string;
  alias_of?: string;
}

function key(name: string, version: string | undefined, alias: string | undefined): string {
  return `${name}@${version ?? "-"}${alias ? ` as ${alias}` : ""}`;
}

async function parseCorpus(name: string) {
  const rel = `bun-lock/${name}/bun.lock`;
  return parseText(bunLockParser, rel, readFileSync(join(corpus, rel), "utf8"));
}

describe.skipIf(!present)(`bun-lock corpus (${present ? dir : "corpus not found: skipped"})`, () => {
  it("has the five corpus lockfiles", () => {
    expect(cases.sort()).toEqual(["elysia", "hono", "hono-bench-routers", "hono-v0", "midday-monorepo"]);
  });

  it.each(cases)("%s matches its .expected.json", async (name) => {
    const result = await parseCorpus(name);
    expect(result.diagnostics).toEqual([]);
    const counted = result.packages.filter((p) => p.source !== "path" && p.source !== "workspace");
    const got = [...new Set(counted.map((p) => key(p.name, p.version, p.alias)))].sort();
    const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8")) as Expected[];
    const want = [
      ...new Set(expected.map((e) => key(e.alias_of ?? e.name, e.version, e.alias_of && e.name))),
    ].sort();
    expect(got).toEqual(want);
  });

  it.each(cases)("%s: every package's line holds its key", async (name) => {
    const result = await parseCorpus(name);
    const lines = readFileSync(join(dir, name, "bun.lock"), "utf8").split("\n");
    const wrong = result.packages
      .filter(
        (p) => !(lines[(p.location.line ?? 0) - 1] ?? "").startsWith(`    ${JSON.stringify(p.nodeId)}: [`),
      )
      .map((p) => `${p.nodeId} @ ${p.location.line}`);
    expect(wrong).toEqual([]);
  });

  it("midday-monorepo: 39 workspaces as roots, a tarball URL kept verbatim, derived dev flags", async () => {
    const result = await parseCorpus("midday-monorepo");
    const roots = graphOf(result)?.roots;
    expect(roots?.size).toBe(39);
    expect(roots?.get("")).toBe("midday");
    expect(roots?.get("@midday/api")).toBe("@midday/api");
    const xlsx = result.packages.filter((p) => p.name === "xlsx");
    expect(xlsx.map((p) => `${p.version} ${p.source} ${p.resolved}`)).toEqual([
      "https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz url https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz",
    ]);
    // node-xlsx depends on that tarball by URL; the edge still lands on the xlsx entry.
    const nodeXlsx = result.packages.find((p) => p.name === "node-xlsx");
    expect(graphOf(result)?.edges.get(nodeXlsx?.nodeId as string)).toEqual(["xlsx"]);
    // @biomejs/biome is only a root devDependency.
    expect(result.packages.find((p) => p.nodeId === "@biomejs/biome")?.groups).toEqual(["dev"]);
    expect(result.packages.filter((p) => p.source === "workspace").length).toBe(38);
  });

  it("hono-v0 (lockfileVersion 0): three aliases", async () => {
    const result = await parseCorpus("hono-v0");
    expect(result.variant).toBe("lockfileVersion 0");
    const aliases = result.packages.filter((p) => p.alias).map((p) => `${p.alias}=${p.name}@${p.version}`);
    expect(aliases.sort()).toEqual([
      "string-width-cjs=string-width@4.2.3",
      "strip-ansi-cjs=strip-ansi@6.0.1",
      "wrap-ansi-cjs=wrap-ansi@7.0.0",
    ]);
  });
});
