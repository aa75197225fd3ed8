// Real pnpm lockfiles from /work/shared/corpus: the (name, version) set must equal the expected
// inventory exactly (see the corpus README, "What expected_packages counts"), alias pairs included.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CORPUS, corpusFormatCases, parseText } from "../test-kit.js";
import { type KeyStyle, refToKey } from "./dep-path.js";
import { pnpmLockParser } from "./index.js";
import { reachable } from "./reach.js";

const FORMATS = ["pnpm-v5", "pnpm-v6", "pnpm-v9"];

interface Expected {
  name: string;
  version: string;
  alias_of?: string;
}

function cases(): Array<[string, string]> {
  return corpusFormatCases(FORMATS);
}

describe.skipIf(!existsSync(CORPUS))(`pnpm corpus (${CORPUS})`, () => {
  it("has files for every pnpm generation", () => {
    expect(new Set(cases().map(([format]) => format))).toEqual(new Set(FORMATS));
  });

  it.each(cases())("%s/%s", async (format, name) => {
    const rel = `${format}/${name}/pnpm-lock.yaml`;
    const content = readFileSync(join(CORPUS, rel), "utf8");
    const expected = JSON.parse(
      readFileSync(join(CORPUS, format, `${name}.expected.json`), "utf8"),
    ) as Expected[];
    const r = await parseText(pnpmLockParser, rel, content);

    const outside = r.packages.filter((p) => p.source !== "path" && p.source !== "workspace");
    const got = new Set(outside.map((p) => `${p.name}@${p.version}`));
    const want = new Set(expected.map((e) => `${e.alias_of ?? e.name}@${e.version}`));
    expect([...got].filter((k) => !want.has(k))).toEqual([]);
    expect([...want].filter((k) => !got.has(k))).toEqual([]);

    const aliases = new Set(outside.filter((p) => p.alias).map((p) => `${p.alias}@${p.version}=${p.name}`));
    const wantAliases = expected.filter((e) => e.alias_of).map((e) => `${e.name}@${e.version}=${e.alias_of}`);
    expect(wantAliases.filter((k) => !aliases.has(k))).toEqual([]);

    expect(r.diagnostics).toEqual([]);
    // Every line points at the entry: a registry key line spells the package's name.
    const lines = content.split("\n");
    for (const p of r.packages) {
      expect(p.location.path).toBe(rel);
      const line = lines[(p.location.line ?? 0) - 1] ?? "";
      if (p.source === "registry") expect(line, `${p.name}@${p.version}`).toContain(p.name);
    }
  });

  // v9 has no dev flags, so the parser derives them by reachability. pnpm wrote real ones in v5/v6:
  // the same rule, run on those files, must mark exactly the keys pnpm marked `dev: true`.
  it.each(cases().filter(([format]) => format !== "pnpm-v9"))(
    "dev rule = pnpm's dev flags: %s/%s",
    (format, name) => {
      const style: KeyStyle = format === "pnpm-v5" ? "v5" : "v6";
      type Deps = Record<string, string | { version: string }>;
      const lock = parse(readFileSync(join(CORPUS, format, name, "pnpm-lock.yaml"), "utf8")) as {
        importers?: Record<string, Record<string, Deps>>;
        packages: Record<string, { dev?: boolean; dependencies?: Deps; optionalDependencies?: Deps }>;
      };
      const keys = (deps: Deps | undefined): string[] =>
        Object.entries(deps ?? {}).flatMap(([dep, v]) => {
          const t = refToKey(typeof v === "string" ? v : v.version, dep, style);
          return "key" in t ? [t.key] : [];
        });
      const adjacency = new Map(
        Object.entries(lock.packages).map(([k, v]) => [
          k,
          [...keys(v.dependencies), ...keys(v.optionalDependencies)],
        ]),
      );
      const prod: string[] = [];
      const dev: string[] = [];
      for (const imp of Object.values(lock.importers ?? {})) {
        prod.push(...keys(imp.dependencies), ...keys(imp.optionalDependencies));
        dev.push(...keys(imp.devDependencies));
      }
      const fromProd = reachable(adjacency, prod);
      const fromDev = reachable(adjacency, dev);
      // pnpm writes `dev: false` (prod only) or leaves it out (both); either way not the dev group.
      const wrong = Object.entries(lock.packages).filter(
        ([k, v]) => (v.dev === true) !== (fromDev.has(k) && !fromProd.has(k)),
      );
      expect(wrong.map(([k]) => k)).toEqual([]);
      expect(adjacency.size).toBeGreaterThan(500);
    },
  );
});
