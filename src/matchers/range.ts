// OSV affected-range evaluation, as the schema's "Evaluation" pseudocode defines it
// (https://ossf.github.io/osv-schema/#evaluation): events are sorted by version first (records may
// list them in any order), `introduced: "0"` sorts before every version and a `limit` containing
// "*" after every version; a version is inside a range when, walking the sorted events, the last
// event at or below it is an `introduced` (a `fixed` closes the range at that version, a
// `last_affected` just after it), and it lies below some `limit` when the range has limits.
//
// GIT ranges hold commit hashes that only a repository can order, so they are skipped for version
// matching; skipping one never affects the other ranges of the entry (osv-scalibr's offline
// matcher let a leading GIT range hide the ECOSYSTEM range after it).

import type { OsvRange } from "../advisory-db/index.js";
import type { EcosystemRules, ParsedVersion } from "../ecosystems/index.js";

type EventKind = "introduced" | "fixed" | "last_affected" | "limit";

/** A point on the version line: below everything, above everything, or a parsed version. */
type Point = { at: "min" } | { at: "max" } | { at: "version"; version: ParsedVersion; raw: string };

interface CompiledEvent {
  kind: EventKind;
  point: Point;
}

export interface CompiledRange {
  /** introduced/fixed/last_affected events, sorted by version (introduced first on a tie). */
  events: CompiledEvent[];
  /** limit events; empty means the implicit "*". */
  limits: Point[];
  /** True when every version is inside (introduced "0" and nothing that closes the range). */
  coversAll: boolean;
}

export type CompileResult =
  | { status: "ok"; range: CompiledRange }
  | { status: "git" }
  | { status: "unparsable"; reason: string };

const KINDS: readonly EventKind[] = ["introduced", "fixed", "last_affected", "limit"];
// On a tie an introduced event comes first, so [1.0, 1.0) is empty and introduced == last_affected is one version.
const TIE_ORDER: Record<EventKind, number> = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };

function comparePoints(a: Point, b: Point, rules: EcosystemRules): number {
  if (a.at === "version" && b.at === "version") return rules.compareParsed(a.version, b.version);
  const rank = (p: Point): number => (p.at === "min" ? 0 : p.at === "version" ? 1 : 2);
  return rank(a) - rank(b);
}

function compareToPoint(v: ParsedVersion, p: Point, rules: EcosystemRules): number {
  if (p.at === "min") return 1;
  if (p.at === "max") return -1;
  return rules.compareParsed(v, p.version);
}

/**
 * Parses a range's events once. SEMVER and ECOSYSTEM ranges are both ordered by the package
 * ecosystem's rules: for npm that is SemVer; PyPI records use ECOSYSTEM (PEP 440), and PEP 440
 * orders plain x.y.z releases exactly as SemVer does.
 */
export function compileRange(range: OsvRange, rules: EcosystemRules, ecosystem: string): CompileResult {
  if (range.type === "GIT") return { status: "git" };
  const events: CompiledEvent[] = [];
  const limits: Point[] = [];
  for (const event of range.events) {
    const kind = KINDS.find((k) => event[k] !== undefined);
    const raw = kind === undefined ? undefined : event[kind];
    if (kind === undefined || raw === undefined) continue;
    let point: Point;
    if (kind === "introduced" && raw === "0") point = { at: "min" };
    else if (kind === "limit" && raw.includes("*")) point = { at: "max" };
    else {
      const version = rules.parse(raw);
      if (version === undefined) {
        return { status: "unparsable", reason: `${kind} "${raw}" is not a valid ${ecosystem} version` };
      }
      point = { at: "version", version, raw };
    }
    if (kind === "limit") limits.push(point);
    else events.push({ kind, point });
  }
  events.sort((a, b) => comparePoints(a.point, b.point, rules) || TIE_ORDER[a.kind] - TIE_ORDER[b.kind]);
  const coversAll =
    limits.length === 0 &&
    events.some((e) => e.kind === "introduced" && e.point.at === "min") &&
    events.every((e) => e.kind === "introduced");
  return { status: "ok", range: { events, limits, coversAll } };
}

/** Is the version inside the range? (The schema's BeforeLimits + IncludedInRanges for one range.) */
export function rangeIncludes(version: ParsedVersion, range: CompiledRange, rules: EcosystemRules): boolean {
  if (range.limits.length > 0 && !range.limits.some((l) => compareToPoint(version, l, rules) < 0))
    return false;
  let affected = false;
  for (const e of range.events) {
    const c = compareToPoint(version, e.point, rules);
    if (e.kind === "introduced") {
      if (c >= 0) affected = true;
    } else if (e.kind === "fixed") {
      if (c >= 0) affected = false;
    } else if (c > 0) {
      affected = false;
    }
    // Events are sorted: once one lies above the version, no later one can apply.
    if (c < 0) break;
  }
  return affected;
}

/** The range's fixed versions above the given version (the upgrade targets), as written. */
export function fixedAbove(
  version: ParsedVersion | undefined,
  range: CompiledRange,
  rules: EcosystemRules,
): string[] {
  const out: string[] = [];
  for (const e of range.events) {
    if (e.kind !== "fixed" || e.point.at !== "version") continue;
    if (version === undefined || rules.compareParsed(e.point.version, version) > 0) out.push(e.point.raw);
  }
  return out;
}
