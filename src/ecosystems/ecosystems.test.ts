import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EcosystemRules, rulesFor } from "./index.js";

type Row =
  | { kind: "chain"; line: number; items: string[]; ops: Array<"<" | ">" | "=="> }
  | { kind: "invalid"; line: number; version: string };

/** Reads an order table: `a < b < c`, `a == b`, `a > b`, `invalid x`; # comments. */
function readTable(file: string): Row[] {
  const rows: Row[] = [];
  readFileSync(new URL(file, import.meta.url), "utf8")
    .split("\n")
    .forEach((raw, i) => {
      const text = raw.trim();
      if (text === "" || text.startsWith("#")) return;
      if (text.startsWith("invalid ")) {
        rows.push({ kind: "invalid", line: i + 1, version: text.slice("invalid ".length) });
        return;
      }
      const parts = text.split(/\s+(<|>|==)\s+/);
      const items = parts.filter((_, j) => j % 2 === 0);
      const ops = parts.filter((_, j) => j % 2 === 1) as Array<"<" | ">" | "==">;
      if (ops.length === 0) throw new Error(`${file}:${i + 1}: no operator in "${text}"`);
      rows.push({ kind: "chain", line: i + 1, items, ops });
    });
  return rows;
}

function tableSuite(ecosystem: string, file: string): void {
  const rules = rulesFor(ecosystem) as EcosystemRules;
  const rows = readTable(file);
  const pairs = rows.flatMap((r) =>
    r.kind === "chain"
      ? r.ops.map((op, j) => ({ line: r.line, a: r.items[j] as string, op, b: r.items[j + 1] as string }))
      : [],
  );
  const invalid = rows.flatMap((r) => (r.kind === "invalid" ? [r] : []));

  describe(`${ecosystem} ordering (${file})`, () => {
    it("has a table worth testing", () => {
      expect(pairs.length).toBeGreaterThan(40);
      expect(invalid.length).toBeGreaterThan(5);
    });

    it.each(pairs)("line $line: $a $op $b", ({ a, op, b }) => {
      expect(rules.isValid(a), `${a} valid`).toBe(true);
      expect(rules.isValid(b), `${b} valid`).toBe(true);
      const ab = Math.sign(rules.compare(a, b));
      const ba = Math.sign(rules.compare(b, a));
      const expected = op === "<" ? -1 : op === ">" ? 1 : 0;
      expect(ab).toBe(expected);
      expect(ba).toBe(expected === 0 ? 0 : -expected);
      expect(rules.equals(a, b)).toBe(op === "==");
      const pa = rules.parse(a);
      const pb = rules.parse(b);
      expect(pa && pb && Math.sign(rules.compareParsed(pa, pb))).toBe(expected);
      // Canonical forms are equal exactly for equal versions (the matcher's set lookups rely on it).
      expect(pa && pb && rules.canonical(pa) === rules.canonical(pb)).toBe(op === "==");
    });

    it.each(invalid)("line $line: invalid $version", ({ version }) => {
      expect(rules.isValid(version)).toBe(false);
      expect(rules.parse(version)).toBeUndefined();
      // Invalid versions never throw and compare equal only to the identical string.
      expect(rules.equals(version, version)).toBe(true);
      expect(rules.equals(version, `${version} `)).toBe(false);
      expect(() => rules.compare(version, "1.0.0")).not.toThrow();
      expect(rules.compare(version, "1.0.0")).toBeGreaterThan(0);
      expect(rules.compare("1.0.0", version)).toBeLessThan(0);
    });

    it("orders every version of the table consistently (a total preorder)", () => {
      const versions = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
      const sorted = versions.slice().sort((x, y) => rules.compare(x, y));
      // Sorting must agree with every stated pair, whichever row it came from.
      const rank = new Map<string, number>();
      let r = 0;
      sorted.forEach((v, i) => {
        if (i > 0 && rules.compare(sorted[i - 1] as string, v) !== 0) r++;
        rank.set(v, r);
      });
      for (const { a, op, b } of pairs) {
        const ra = rank.get(a) as number;
        const rb = rank.get(b) as number;
        if (op === "<") expect(ra, `${a} < ${b}`).toBeLessThan(rb);
        else if (op === ">") expect(ra, `${a} > ${b}`).toBeGreaterThan(rb);
        else expect(ra, `${a} == ${b}`).toBe(rb);
      }
      fc.assert(
        fc.property(
          fc.constantFrom(...versions),
          fc.constantFrom(...versions),
          fc.constantFrom(...versions),
          (x, y, z) => {
            const xy = rules.compare(x, y);
            expect(Math.sign(xy) + Math.sign(rules.compare(y, x))).toBe(0);
            if (xy <= 0 && rules.compare(y, z) <= 0) expect(rules.compare(x, z)).toBeLessThanOrEqual(0);
          },
        ),
        { numRuns: 3000 },
      );
    });
  });
}

tableSuite("PyPI", "./pep440-order.txt");
tableSuite("npm", "./semver-order.txt");

describe("PyPI rules", () => {
  const pypi = rulesFor("PyPI") as EcosystemRules;

  it.each([
    ["litellm", "litellm"],
    ["LiteLLM", "litellm"],
    ["Django", "django"],
    ["zope.interface", "zope-interface"],
    ["Zope_Interface", "zope-interface"],
    ["friendly-bard", "friendly-bard"],
    ["Friendly-Bard", "friendly-bard"],
    ["FRIENDLY-BARD", "friendly-bard"],
    ["friendly.bard", "friendly-bard"],
    ["friendly_bard", "friendly-bard"],
    ["friendly--bard", "friendly-bard"],
    ["FrIeNdLy-._.-bArD", "friendly-bard"],
    ["backports.ssl_match_hostname", "backports-ssl-match-hostname"],
  ])("PEP 503: %s → %s", (name, normalised) => {
    expect(pypi.normalizeName(name)).toBe(normalised);
  });

  it("accepts the surrounding whitespace PEP 440 allows", () => {
    expect(pypi.isValid(" 1.0 ")).toBe(true);
    expect(pypi.equals(" 1.0\t", "1.0.0")).toBe(true);
  });

  it("distinguishes a local version from its public version", () => {
    expect(pypi.equals("1.82.8+local", "1.82.8")).toBe(false);
  });
});

describe("npm rules", () => {
  const npm = rulesFor("npm") as EcosystemRules;

  it("keeps names as written (npm names are compared exactly)", () => {
    expect(npm.normalizeName("@Teale.io/ESLint-Config")).toBe("@Teale.io/ESLint-Config");
    expect(npm.normalizeName("JSONStream")).toBe("JSONStream");
  });
});

describe("rulesFor", () => {
  it("knows only npm and PyPI, in OSV spelling", () => {
    expect(rulesFor("npm")).toBeDefined();
    expect(rulesFor("PyPI")).toBeDefined();
    for (const other of ["pypi", "NPM", "GitHub Actions", "Go", "OpenVSX", ""]) {
      expect(rulesFor(other), other).toBeUndefined();
    }
  });
});
