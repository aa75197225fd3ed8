// A short run of `npm run fuzz` inside `npm test`: the same seeds, mutations and properties
// (scripts/fuzz/properties.mjs), about 1,000 cases across every registered parser, run from src/.
// The seed is fixed so a red run replays exactly (FUZZ_SEED=<n> explores others; the full fuzzer
// is `npm run fuzz`).
//
// Known defects are listed below with a minimal input each. Their tests assert the defect is still
// there, so the list cannot go stale: when a parser is fixed, its test fails and asks for the entry
// to be removed, which turns the full property back on for that parser.

import { join } from "node:path";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyCase,
  canonicalPath,
  caseArbitrary,
  judge,
  loadSeeds,
  preview,
} from "../scripts/fuzz/properties.mjs";
import type { LockfileParser } from "../src/core/types.js";
import { PARSERS } from "../src/parsers/index.js";
import { REPO, SHARED } from "./harness.js";

const TOTAL_CASES = 1000;
const SEED = Number(process.env["FUZZ_SEED"] ?? 20260324);
const PER_PARSER = Math.ceil(TOTAL_CASES / PARSERS.length);

/** A JSON document whose `packages` is an empty object (a valid lockfile that locks nothing). */
function emptyPackages(input: string): boolean {
  try {
    const doc = JSON.parse(input.replace(/^\ufeff/, "").replace(/,(\s*[}\]])/g, "$1")) as {
      packages?: unknown;
    };
    return (
      typeof doc.packages === "object" && doc.packages !== null && Object.keys(doc.packages).length === 0
    );
  } catch {
    return false;
  }
}

/**
 * Parsers that return no package and no diagnostic for some non-blank input: a file a scan lists
 * with 0 packages and nothing said. Each entry is a minimal input found by `npm run fuzz`; with
 * `tolerate`, only silent inputs of that kind are let through the property, otherwise any.
 */
const KNOWN_SILENT: Record<string, { input: string; note: string; tolerate?: (input: string) => boolean }> = {
  "package-lock": {
    input: '{"lockfileVersion":3,"packages":{}}',
    note: "a valid lockfile that locks nothing (an info diagnostic would do)",
    tolerate: emptyPackages,
  },
  "bun-lock": {
    input:
      '{"lockfileVersion":1,"workspaces":{"":{"name":"app","dependencies":{"left-pad":"^1.3.0"}}},"packages":{}}',
    note: "a workspace dependency with no packages entry is dropped without a word",
    tolerate: emptyPackages,
  },
  "package-json": { input: '{"name":"x"}', note: "a manifest declaring no dependencies" },
  "yarn-lock": { input: "#1", note: "a comment-only file (also a berry file with only __metadata)" },
  "pipfile-lock": { input: "{}", note: "no _meta and no sections" },
  "poetry-lock": { input: '[metadata]\nlock-version = "2.1"\n', note: "no package table at all" },
  requirements: { input: "---", note: "a line that is neither a requirement nor an option" },
  "uv-lock": { input: "version = 1\n", note: "no package table (also a comment-only file)" },
  "pdm-lock": { input: "#", note: "a comment-only file (also a pyproject.toml saved as pdm.lock)" },
  "pylock-toml": { input: "[[package]]", note: "no lock-version, and `package` instead of `packages`" },
  pyproject: { input: 'name = "x"\n', note: "no [project] or tool table" },
};

/**
 * Parsers with a known robustness defect: the failure the property tolerates for them, and a
 * minimal input whose symptom the ratchet below checks. Deep nesting is capped in this smoke run
 * (past ~1,000 levels the yaml library overflows the stack, and a V8 regexp compile at that depth
 * can abort the whole test process); `npm run fuzz` goes deeper, one child process per parser.
 */
const KNOWN_FRAGILE: Record<string, { reason: RegExp; input: string; note: string }> = {};

const seeds = loadSeeds(PARSERS, {
  repo: REPO,
  corpus: join(SHARED, "corpus"),
  maxBytes: 16 * 1024,
  all: PARSERS,
});

async function loaded(id: string): Promise<LockfileParser> {
  const entry = PARSERS.find((p) => p.id === id);
  if (!entry) throw new Error(`no parser ${id}`);
  return entry.load();
}

describe("fuzz smoke: every parser, mutated fixtures and corpus files", () => {
  it.each(PARSERS.map((p) => p.id))(
    `%s: never throws, well-formed, never silently empty (${PER_PARSER} cases)`,
    async (id) => {
      const parser = await loaded(id);
      const path = canonicalPath(parser);
      const list = seeds.get(id)?.small ?? [];
      expect(list.length).toBeGreaterThan(0);
      const fragile = KNOWN_FRAGILE[id];
      const known = KNOWN_SILENT[id];
      const silentOk = (input: string): boolean => known !== undefined && (known.tolerate?.(input) ?? true);
      const details = await fc.check(
        fc.asyncProperty(caseArbitrary(fc, list.length, { hugeLine: 20_000, maxNest: 200 }), async (c) => {
          const input = applyCase(list, c);
          const v = await judge(parser, path, input, { timeBoundMs: 10_000 });
          if (v.robust && !fragile?.reason.test(v.robust)) throw new Error(v.robust);
          if (v.heard && !silentOk(input)) throw new Error(v.heard);
        }),
        { numRuns: PER_PARSER, seed: SEED },
      );
      if (details.failed) {
        const c = details.counterexample?.[0];
        const input = c ? applyCase(list, c) : "";
        const why =
          details.errorInstance instanceof Error
            ? details.errorInstance.message
            : String(details.errorInstance);
        expect.fail(
          `${id}: ${why}\n  input ${preview(input)}\n  replay: node scripts/fuzz.mjs --parser ${id} --seed ${details.seed} --path "${details.counterexamplePath}" --cases ${PER_PARSER}`,
        );
      }
    },
  );
});

describe("known defects are still there (remove an entry once its parser is fixed)", () => {
  it.each(Object.entries(KNOWN_SILENT))("%s stays silent on its minimal input", async (id, known) => {
    const parser = await loaded(id);
    const v = await judge(parser, canonicalPath(parser), known.input);
    expect(v.robust).toBeUndefined();
    // Once this fails, the parser reports the input: delete its KNOWN_SILENT entry (${known.note}).
    expect(v.heard, known.note).toBeDefined();
  });

  it.each(Object.entries(KNOWN_FRAGILE))("%s still fails on its minimal input", async (id, known) => {
    const parser = await loaded(id);
    const v = await judge(parser, canonicalPath(parser), known.input, { timeBoundMs: 60_000 });
    // Thrown, or caught by the library and reported: either way the recursion reached the limit.
    const symptom = v.robust ?? v.result.diagnostics.map((d) => d.message).join("\n");
    expect(symptom, known.note).toMatch(known.reason);
  });
});
