// Version and name rules per OSV ecosystem, behind one small interface so the advisory database
// and the matchers never import semver or PEP 440 code directly. Only npm and PyPI are scanned;
// other ecosystems (GitHub Actions, Go, OpenVSX…) have no rules here and are never version-matched.

import { compareSemver, type SemVer, semverParse } from "./npm.js";
import { comparePep440Keys, normalizePypiName, type Pep440Key, pep440Canonical, pep440Key } from "./pypi.js";

declare const parsedBrand: unique symbol;
/** A version parsed once by its ecosystem's rules; only compareParsed of the same rules understands it. */
export type ParsedVersion = { readonly [parsedBrand]: true };

export interface EcosystemRules {
  /** npm: as written; PyPI: PEP 503 (runs of -_. become "-", lowercase). */
  normalizeName(name: string): string;
  isValid(version: string): boolean;
  /** Never throws; invalid versions sort after valid ones and among themselves by string. Callers check validity first. */
  compare(a: string, b: string): number;
  /** PyPI: PEP 440 equality (1.82.8.0 == 1.82.8); npm: SemVer precedence equality; exact string when either is invalid. */
  equals(a: string, b: string): boolean;
  /** Parses once for repeated comparisons; undefined when the version is not valid. */
  parse(version: string): ParsedVersion | undefined;
  compareParsed(a: ParsedVersion, b: ParsedVersion): number;
  /** A string equal for exactly the versions that compare equal (set membership without pairwise compares). */
  canonical(version: ParsedVersion): string;
}

// A small cache so repeated compare()/equals() calls on the same strings do not re-parse. Bounded:
// cleared when full, which costs a re-parse and never a wrong answer.
const CACHE_LIMIT = 50_000;

function makeRules<P>(
  normalizeName: (name: string) => string,
  parse: (version: string) => P | undefined,
  compareParsed: (a: P, b: P) => number,
  canonical: (version: P) => string,
): EcosystemRules {
  const cache = new Map<string, P | null>();
  // Parsed versions are shared through the cache above, so their canonical strings can be remembered too.
  const canonicalCache = new WeakMap<object, string>();
  function cached(version: string): P | undefined {
    const hit = cache.get(version);
    if (hit !== undefined) return hit ?? undefined;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    const parsed = parse(version);
    cache.set(version, parsed ?? null);
    return parsed;
  }
  function compare(a: string, b: string): number {
    const pa = cached(a);
    const pb = cached(b);
    if (pa !== undefined && pb !== undefined) return compareParsed(pa, pb);
    if (pa !== undefined) return -1;
    if (pb !== undefined) return 1;
    return a === b ? 0 : a < b ? -1 : 1;
  }
  return {
    normalizeName,
    isValid: (version) => cached(version) !== undefined,
    compare,
    equals(a, b) {
      if (a === b) return true;
      const pa = cached(a);
      const pb = cached(b);
      return pa !== undefined && pb !== undefined && compareParsed(pa, pb) === 0;
    },
    parse: (version) => cached(version) as ParsedVersion | undefined,
    compareParsed: (a, b) => compareParsed(a as unknown as P, b as unknown as P),
    canonical(v) {
      let c = canonicalCache.get(v);
      if (c === undefined) {
        c = canonical(v as unknown as P);
        canonicalCache.set(v, c);
      }
      return c;
    },
  };
}

// SemVer precedence ignores build metadata, and node-semver's .version omits it.
const NPM: EcosystemRules = makeRules<SemVer>(
  (name) => name,
  semverParse,
  compareSemver,
  (v) => v.version,
);
const PYPI: EcosystemRules = makeRules<Pep440Key>(
  normalizePypiName,
  pep440Key,
  comparePep440Keys,
  pep440Canonical,
);

const RULES = new Map<string, EcosystemRules>([
  ["npm", NPM],
  ["PyPI", PYPI],
]);

/** Rules for an OSV ecosystem name ("npm", "PyPI"); undefined for every other ecosystem. */
export function rulesFor(ecosystem: string): EcosystemRules | undefined {
  return RULES.get(ecosystem);
}

export { normalizePypiName } from "./pypi.js";
