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

/**
 * Parsers that return no package and no diagnostic for some non-blank input: a file a scan lists
 * with 0 packages and nothing said. Each entry is a minimal input found by `npm run fuzz`; with
 * `tolerate`, only silent inputs of that kind are let through the property, otherwise any.
 */
const KNOWN_SILENT: Record<string, { input: string; note: string; tolerate?: (input: string) => boolean }> =
  {};

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

/**
 * The minimal inputs that were once silent (former KNOWN_SILENT entries), with the diagnostic each
 * parser now gives: an info note for a well-formed file that locks or declares nothing, an error
 * for a file missing the structure that identifies its format, a warning for a line pip rejects.
 */
const ONCE_SILENT: Array<[id: string, input: string, code: string, severity: string]> = [
  ["package-lock", '{"lockfileVersion":3,"packages":{}}', "NO_PACKAGES_LOCKED", "info"],
  [
    "bun-lock",
    '{"lockfileVersion":1,"workspaces":{"":{"name":"app","dependencies":{"left-pad":"^1.3.0"}}},"packages":{}}',
    "LOCKFILE_INCONSISTENT",
    "warning",
  ],
  ["package-json", '{"name":"x"}', "NO_DEPENDENCIES_DECLARED", "info"],
  ["yarn-lock", "#1", "NO_PACKAGES_LOCKED", "info"],
  ["yarn-lock", "__metadata:\n  version: 8\n", "NO_PACKAGES_LOCKED", "info"],
  ["pipfile-lock", "{}", "LOCKFILE_UNPARSABLE", "error"],
  ["poetry-lock", '[metadata]\nlock-version = "2.1"\n', "NO_PACKAGES_LOCKED", "info"],
  ["requirements", "---", "ENTRY_SKIPPED", "warning"],
  ["requirements", "# only a comment\n", "NO_PACKAGES_LOCKED", "info"],
  ["uv-lock", "version = 1\n", "NO_PACKAGES_LOCKED", "info"],
  ["uv-lock", "# a comment\n", "LOCKFILE_UNPARSABLE", "error"],
  ["pdm-lock", "#", "LOCKFILE_UNPARSABLE", "error"],
  ["pdm-lock", '[project]\nname = "x"\n', "LOCKFILE_UNPARSABLE", "error"],
  ["pylock-toml", "[[package]]", "LOCKFILE_UNPARSABLE", "error"],
  ["pyproject", 'name = "x"\n', "NO_DEPENDENCIES_DECLARED", "info"],
];

describe("inputs once silent are heard, with the right diagnostic", () => {
  it.each(ONCE_SILENT)("%s: %j → %s (%s)", async (id, input, code, severity) => {
    const parser = await loaded(id);
    const v = await judge(parser, canonicalPath(parser), input);
    expect(v.robust).toBeUndefined();
    expect(v.heard).toBeUndefined();
    expect(v.result.packages).toEqual([]);
    expect(v.result.diagnostics.map((d) => [d.code, d.severity])).toEqual([[code, severity]]);
  });
});

describe("known defects are still there (remove an entry once its parser is fixed)", () => {
  // Also keeps the suite non-empty when both lists are (vitest fails a suite without tests).
  it("names only registered parsers", () => {
    const ids = new Set(PARSERS.map((p) => p.id));
    expect([...Object.keys(KNOWN_SILENT), ...Object.keys(KNOWN_FRAGILE)].filter((k) => !ids.has(k))).toEqual(
      [],
    );
  });

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
