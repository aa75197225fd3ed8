import { graphOf } from "../../core/dependency-paths.js";
// Real yarn lockfiles from /work/shared/corpus: the (name, version, alias) set of non-local packages
// must equal the expected inventory exactly (corpus README, rows `yarn-v1` and `yarn-berry`), every
// package must point at its entry's header line, and the graph must only name real entries.

import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnostic } from "../../core/diagnostics.js";
import type { ParseResult } from "../../core/types.js";
import { CORPUS, corpusFormatCases } from "../test-kit.js";
import { yarnLockParser } from "./index.js";

const FORMATS = ["yarn-v1", "yarn-berry"];

interface Expected {
  name: string;
  version: string;
  alias_of?: string;
}

function cases(): Array<[string, string]> {
  return corpusFormatCases(FORMATS);
}

/** Parses a corpus lockfile with its sibling manifests served the way the scan pipeline serves them. */
async function parseCorpus(rel: string): Promise<ParseResult> {
  return yarnLockParser.parse({
    path: rel,
    content: readFileSync(join(CORPUS, rel), "utf8"),
    readRelated(from, relative) {
      const path = posix.normalize(posix.join(posix.dirname(from), relative));
      const abs = join(CORPUS, path);
      if (!existsSync(abs))
        return { ok: false, diagnostic: diagnostic("INCLUDE_MISSING", { file: relative }) };
      return { ok: true, path, content: readFileSync(abs, "utf8") };
    },
  });
}

describe.skipIf(!existsSync(CORPUS))(`yarn corpus (${CORPUS})`, () => {
  it("has files for both dialects", () => {
    expect(new Set(cases().map(([format]) => format))).toEqual(new Set(FORMATS));
  });

  it.each(cases())("%s/%s", async (format, name) => {
    const rel = `${format}/${name}/yarn.lock`;
    const expected = JSON.parse(
      readFileSync(join(CORPUS, format, `${name}.expected.json`), "utf8"),
    ) as Expected[];
    const r = await parseCorpus(rel);

    const outside = r.packages.filter((p) => p.source !== "path" && p.source !== "workspace");
    const got = new Set(outside.map((p) => `${p.name}@${p.version}${p.alias ? ` as ${p.alias}` : ""}`));
    const want = new Set(
      expected.map((e) => `${e.alias_of ?? e.name}@${e.version}${e.alias_of ? ` as ${e.name}` : ""}`),
    );
    expect([...got].filter((k) => !want.has(k))).toEqual([]);
    expect([...want].filter((k) => !got.has(k))).toEqual([]);
    expect(r.diagnostics).toEqual([]);
    // MANIFEST.tsv notes carry the berry metadata version the reference counter saw.
    const row = readFileSync(join(CORPUS, "MANIFEST.tsv"), "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${rel}\t`));
    const meta = /metadata_version=(\d+)/.exec(row ?? "")?.[1];
    expect(r.variant).toBe(meta === undefined ? "classic (v1)" : `berry (__metadata.version ${meta})`);

    // Every package sits on its entry's header: a column-0 line that spells the installed name.
    const lines = readFileSync(join(CORPUS, rel), "utf8").split("\n");
    for (const p of r.packages) {
      expect(p.location.path).toBe(rel);
      const line = lines[(p.location.line ?? 0) - 1] ?? "";
      expect(line, `${p.name}@${p.version}`).toMatch(/^[^\s#]/);
      expect(line, `${p.name}@${p.version}`).toContain(`${p.alias ?? p.name}@`);
    }

    // The graph names entries only, and every root is a workspace entry (berry) or the manifest (classic).
    const nodes = new Set(r.packages.map((p) => p.nodeId));
    for (const id of graphOf(r)?.roots.keys() ?? []) nodes.add(id);
    for (const [from, tos] of graphOf(r)?.edges ?? []) {
      expect(nodes.has(from), from).toBe(true);
      for (const to of tos) expect(nodes.has(to), to).toBe(true);
    }
    const workspaces = r.packages.filter((p) => p.source === "workspace").map((p) => p.nodeId);
    if (format === "yarn-berry")
      expect([...(graphOf(r)?.roots.keys() ?? [])].sort()).toEqual([...new Set(workspaces)].sort());
    else expect([...(graphOf(r)?.roots.keys() ?? [])]).toEqual([`${format}/${name}/package.json`]);
  });
});
