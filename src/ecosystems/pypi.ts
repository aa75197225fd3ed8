// PyPI version and name rules. Versions follow PEP 440 (parsed by @renovatebot/pep440's regex);
// the ordering key is computed here, once per version, because the library's compare() re-parses
// both sides on every call and a scan compares each locked version against many range events.
// Names follow PEP 503: runs of -, _ and . collapse to one "-", case-insensitively.

import { parse as parsePep440 } from "@renovatebot/pep440/lib/version.js";

/** The pieces @renovatebot/pep440's parse() really returns (its .d.ts describes explain() instead). */
interface RawPep440 {
  epoch: number;
  release: number[];
  pre: [string, number] | null;
  post: [string, number] | null;
  dev: [string, number] | null;
  local: Array<string | number> | null;
}

/** A PEP 440 sort key (packaging's _cmpkey): compare field by field. */
export interface Pep440Key {
  epoch: number;
  /** Release segment with trailing zeros removed, so 1.0 == 1.0.0. */
  release: number[];
  /** -Infinity: dev release of a final (1.0.dev0 sorts before 1.0a0); Infinity: no pre-release; else 0 a, 1 b, 2 rc. */
  pre: number;
  preN: number;
  /** -Infinity when there is no post-release. */
  post: number;
  /** Infinity when there is no dev release. */
  dev: number;
  /** null when there is no local label (sorts first); numbers sort after strings. */
  local: Array<string | number> | null;
}

const PRE_RANK: Record<string, number> = { a: 0, b: 1, rc: 2 };

/** PEP 503 normalised project name. */
export function normalizePypiName(name: string): string {
  // Most names are already normalised; testing is cheaper than rewriting.
  return NORMALISED.test(name) ? name : name.replace(/[-_.]+/g, "-").toLowerCase();
}

const NORMALISED = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Parses a PEP 440 version (surrounding whitespace allowed, as in PEP 440) into a sort key. */
export function pep440Key(version: string): Pep440Key | undefined {
  const text = version.trim();
  const raw = parsePep440(text) as unknown as RawPep440 | null;
  if (!raw) return undefined;
  const release = raw.release.slice();
  while (release.length > 0 && release[release.length - 1] === 0) release.pop();
  let pre: number;
  let preN = 0;
  if (raw.pre) {
    pre = PRE_RANK[raw.pre[0]] ?? 2;
    preN = raw.pre[1];
  } else if (!raw.post && raw.dev) {
    pre = Number.NEGATIVE_INFINITY;
  } else {
    pre = Number.POSITIVE_INFINITY;
  }
  return {
    epoch: raw.epoch,
    release,
    pre,
    preN,
    post: raw.post ? raw.post[1] : Number.NEGATIVE_INFINITY,
    dev: raw.dev ? raw.dev[1] : Number.POSITIVE_INFINITY,
    local: raw.local ? localSegments(text) : null,
  };
}

// Re-split the local label: the library turns any segment Number() accepts into a number, so
// "+1e5" or "+0x1" would sort as numbers; PEP 440 treats only all-digit segments as numeric.
function localSegments(text: string): Array<string | number> {
  return text
    .slice(text.indexOf("+") + 1)
    .split(/[-_.]/)
    .map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part.toLowerCase()));
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareRelease(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareNumbers(a[i] as number, b[i] as number);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

// PEP 440 local labels: numeric segments sort after alphanumeric ones, numbers numerically,
// strings lexicographically, and a shorter label that is a prefix sorts first.
function compareLocal(
  a: ReadonlyArray<string | number> | null,
  b: ReadonlyArray<string | number> | null,
): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (typeof x === "number" && typeof y === "number") {
      const c = compareNumbers(x, y);
      if (c !== 0) return c;
    } else if (typeof x === "number") {
      return 1;
    } else if (typeof y === "number") {
      return -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return sign(a.length - b.length);
}

export function comparePep440Keys(a: Pep440Key, b: Pep440Key): number {
  return (
    compareNumbers(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    compareNumbers(a.pre, b.pre) ||
    compareNumbers(a.preN, b.preN) ||
    compareNumbers(a.post, b.post) ||
    compareNumbers(a.dev, b.dev) ||
    compareLocal(a.local, b.local)
  );
}

/** A string that is equal exactly when two keys compare equal (every key field, in order). */
export function pep440Canonical(k: Pep440Key): string {
  return `${k.epoch}!${k.release.join(".")}|${k.pre}.${k.preN}|${k.post}|${k.dev}|${k.local === null ? "" : `+${k.local.map((p) => (typeof p === "number" ? `#${p}` : p)).join(".")}`}`;
}
