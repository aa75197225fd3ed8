import { describe, expect, it } from "vitest";
import type { OsvEvent, OsvRange } from "../advisory-db/index.js";
import { type EcosystemRules, rulesFor } from "../ecosystems/index.js";
import { type CompiledRange, compileRange, fixedAbove, rangeIncludes } from "./range.js";

const npm = rulesFor("npm") as EcosystemRules;
const pypi = rulesFor("PyPI") as EcosystemRules;

function compiled(
  events: OsvEvent[],
  rules: EcosystemRules,
  type: OsvRange["type"] = "ECOSYSTEM",
): CompiledRange {
  const r = compileRange({ type, events }, rules, rules === npm ? "npm" : "PyPI");
  if (r.status !== "ok") throw new Error(`range did not compile: ${JSON.stringify(r)}`);
  return r.range;
}

function includes(events: OsvEvent[], version: string, rules: EcosystemRules): boolean {
  const v = rules.parse(version);
  if (!v) throw new Error(`bad test version ${version}`);
  return rangeIncludes(v, compiled(events, rules), rules);
}

// [label, ecosystem, events, version → affected?]
const TABLE: Array<[string, "npm" | "PyPI", OsvEvent[], Record<string, boolean>]> = [
  [
    "introduced 0 is below every version; fixed is not affected",
    "npm",
    [{ introduced: "0" }, { fixed: "1.0.2" }],
    {
      "0.0.0": true,
      "0.0.1-alpha": true,
      "1.0.1": true,
      "1.0.2-beta.1": true,
      "1.0.2": false,
      "2.0.0": false,
    },
  ],
  [
    "events listed out of order are sorted first",
    "npm",
    [{ fixed: "3.2.5" }, { introduced: "3.0.0" }, { fixed: "1.0.2" }, { introduced: "1.0.0" }],
    {
      "0.9.9": false,
      "1.0.0": true,
      "1.0.1": true,
      "1.0.2": false,
      "2.9.9": false,
      "3.0.0": true,
      "3.2.4": true,
      "3.2.5": false,
      "4.0.0": false,
    },
  ],
  [
    "last_affected is affected, the next version is not",
    "PyPI",
    [{ introduced: "0" }, { last_affected: "2.1.214" }],
    {
      "0.1": true,
      "2.1.214": true,
      "2.1.214.0": true,
      "2.1.214.post1": false,
      "2.1.215": false,
      "2.1.215.dev0": false,
    },
  ],
  [
    "the TeamPCP litellm range, under PEP 440 equality",
    "PyPI",
    [{ introduced: "1.82.7" }, { last_affected: "1.82.8" }],
    {
      "1.82.6": false,
      "1.82.7.dev0": false,
      "1.82.7": true,
      "1.82.8rc1": true,
      "1.82.8": true,
      "1.82.8.0": true,
      "v1.82.8": true,
      "1.82.8.post1": false,
      "1.82.9": false,
    },
  ],
  [
    "introduced equal to last_affected is one version",
    "npm",
    [{ introduced: "2.15.1" }, { last_affected: "2.15.1" }],
    { "2.15.0": false, "2.15.1": true, "2.15.2": false },
  ],
  [
    "introduced equal to fixed is empty",
    "npm",
    [{ fixed: "1.0.0" }, { introduced: "1.0.0" }],
    { "0.9.0": false, "1.0.0": false, "1.0.1": false },
  ],
  [
    "a limit caps the range",
    "PyPI",
    [{ introduced: "1.0" }, { limit: "2.0" }],
    { "0.9": false, "1.0": true, "1.9.9": true, "2.0": false, "3.0": false },
  ],
  [
    "below any of several limits",
    "PyPI",
    [{ introduced: "0" }, { limit: "1.0" }, { limit: "3.0" }],
    { "0.5": true, "2.0": true, "3.0": false },
  ],
  [
    "a limit of * is no limit",
    "npm",
    [{ introduced: "1.0.0" }, { limit: "*" }],
    { "0.1.0": false, "1.0.0": true, "999.0.0": true },
  ],
  [
    "limit and fixed together: both apply",
    "npm",
    [{ introduced: "0" }, { fixed: "3.0.0" }, { limit: "2.0.0" }],
    { "1.0.0": true, "2.5.0": false, "3.0.0": false },
  ],
  [
    "reintroduced after a fix, never fixed again",
    "PyPI",
    [{ introduced: "1.0" }, { fixed: "2.0" }, { introduced: "3.0" }],
    { "1.5": true, "2.0": false, "2.5": false, "3.0": true, "99": true },
  ],
  [
    "PyPI pre, post and dev releases order as PEP 440 says",
    "PyPI",
    [{ introduced: "1.0a1" }, { fixed: "1.0.post1" }],
    {
      "1.0.dev0": false,
      "1.0a0": false,
      "1.0a1": true,
      "1.0rc1": true,
      "1.0": true,
      "1.0+local": true,
      "1.0.post1": false,
    },
  ],
  [
    "PyPI introduced 0 covers even 0.dev0 and epochs",
    "PyPI",
    [{ introduced: "0" }],
    { "0.dev0": true, "0a1": true, "1!0.1": true },
  ],
];

describe("rangeIncludes (OSV evaluation)", () => {
  for (const [label, eco, events, cases] of TABLE) {
    const rules = eco === "npm" ? npm : pypi;
    it.each(Object.entries(cases))(`${label}: ${eco} %s → %s`, (version, expected) => {
      expect(includes(events, version, rules)).toBe(expected);
    });
  }
});

describe("compileRange", () => {
  it("skips GIT ranges (commit hashes need a repository)", () => {
    const r = compileRange(
      { type: "GIT", repo: "https://github.com/a/b", events: [{ introduced: "0" }, { fixed: "b42dd4ba" }] },
      pypi,
      "PyPI",
    );
    expect(r.status).toBe("git");
  });

  it("reports an unparsable event instead of guessing", () => {
    const r = compileRange({ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.0" }] }, npm, "npm");
    expect(r).toEqual({ status: "unparsable", reason: 'fixed "1.0" is not a valid npm version' });
    const p = compileRange({ type: "ECOSYSTEM", events: [{ introduced: "latest" }] }, pypi, "PyPI");
    expect(p).toEqual({ status: "unparsable", reason: 'introduced "latest" is not a valid PyPI version' });
  });

  it("knows when a range covers every version", () => {
    expect(compiled([{ introduced: "0" }], npm).coversAll).toBe(true);
    expect(compiled([{ introduced: "0" }, { introduced: "2.0.0" }], npm).coversAll).toBe(true);
    expect(compiled([{ introduced: "0" }, { fixed: "2.0.0" }], npm).coversAll).toBe(false);
    expect(compiled([{ introduced: "0" }, { last_affected: "2.0.0" }], npm).coversAll).toBe(false);
    expect(compiled([{ introduced: "0" }, { limit: "2.0.0" }], npm).coversAll).toBe(false);
    expect(compiled([{ introduced: "1.0.0" }], npm).coversAll).toBe(false);
  });
});

describe("fixedAbove", () => {
  const range = compiled(
    [{ introduced: "4.0" }, { fixed: "4.3" }, { introduced: "5.0" }, { fixed: "5.2" }],
    pypi,
  );
  it.each([
    ["4.2", ["4.3", "5.2"]],
    ["5.1", ["5.2"]],
    ["5.2", []],
  ])("%s → %j", (version, fixed) => {
    expect(fixedAbove(pypi.parse(version), range, pypi)).toEqual(fixed);
  });
});
