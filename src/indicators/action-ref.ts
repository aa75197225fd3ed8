// GitHub `uses:` references and how they meet action-ref / commit indicators.
//
// Syntax (docs.github.com, "Workflow syntax"): `owner/repo@ref`, `owner/repo/path@ref` (an action
// in a subfolder, or a reusable workflow), `./path` (local), `docker://image`. owner/repo compare
// case-insensitively, refs case-sensitively (git refs are), SHAs in lower case.
//
// Matching rules:
// - A full 40-hex SHA equal to a malicious commit is a hit whatever repository is written:
//   a commit names content, and fork networks share objects (the imposter actions/checkout
//   commit lived in a fork).
// - A 7–39 hex ref that is a prefix of a malicious commit is a hit too ("sha-prefix"): git and
//   some runners resolve short SHAs, and a prefix that long is not a coincidence.
// - A tag equal to an indicator's tag, or inside its tag range (same prefix, dotted numbers,
//   inclusive; `partial` admits `v1`/`v2.1`), is a hit for that action.
// - Any match with a `safe: true` indicator (the known-good pins) wins: nothing is reported.

import type { Indicator, IndicatorSet, TagRange } from "./types.js";

export type UsesRef =
  | { type: "local"; path: string }
  | { type: "docker"; image: string }
  | { type: "action"; action: string; owner: string; repo: string; subpath: string; ref: string }
  | { type: "invalid"; raw: string };

const NAME = /^[A-Za-z0-9_.-]+$/;

export function parseUses(raw: string): UsesRef {
  const value = raw.trim();
  if (value.startsWith("./") || value.startsWith("../") || value === ".")
    return { type: "local", path: value };
  if (value.startsWith("docker://")) return { type: "docker", image: value.slice("docker://".length) };
  const at = value.lastIndexOf("@");
  const target = at === -1 ? value : value.slice(0, at);
  const ref = at === -1 ? "" : value.slice(at + 1);
  const parts = target.split("/");
  const owner = parts[0] ?? "";
  const repo = parts[1] ?? "";
  if (!NAME.test(owner) || !NAME.test(repo)) return { type: "invalid", raw: value };
  return { type: "action", action: `${owner}/${repo}`, owner, repo, subpath: parts.slice(2).join("/"), ref };
}

export const FULL_SHA = /^[0-9a-f]{40}$/i;
const SHORT_SHA = /^[0-9a-f]{7,39}$/i;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function numbers(v: string): number[] {
  return v.split(".").map(Number);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `tag` is `${prefix}x.y.z` (or shorter with `partial`) within the inclusive range. */
export function tagInRange(tag: string, range: TagRange): boolean {
  const m = new RegExp(`^${escapeRegex(range.prefix)}(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?$`).exec(tag);
  if (!m) return false;
  if (!range.partial && (m[2] === undefined || m[3] === undefined)) return false;
  const v = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  return compare(v, numbers(range.from)) >= 0 && compare(v, numbers(range.to)) <= 0;
}

export type MatchHow = "sha" | "sha-prefix" | "tag" | "tag-range";

export interface RefMatch {
  indicator: Indicator;
  how: MatchHow;
}

/** Malicious matches of `action@ref`; empty when nothing matches or a safe indicator matches. */
export function matchActionRef(action: string, ref: string, set: IndicatorSet): RefMatch[] {
  const hits: RefMatch[] = [];
  let safe = false;
  const note = (indicator: Indicator, how: MatchHow) => {
    if (indicator.safe) safe = true;
    else if (!indicator.windowOnly) hits.push({ indicator, how });
  };
  if (FULL_SHA.test(ref)) {
    for (const ind of set.bySha(ref)) note(ind, "sha");
  } else if (SHORT_SHA.test(ref)) {
    for (const ind of set.byShaPrefix(ref)) note(ind, "sha-prefix");
  }
  for (const ind of set.actionRefs(action)) {
    if (ind.refType === "tag" && ind.ref === ref) note(ind, "tag");
    else if (ind.refType === "tag-range" && ind.range && tagInRange(ref, ind.range)) note(ind, "tag-range");
  }
  return safe ? [] : hits;
}

/** GitHub's own actions: exempt from the "pin to a SHA" rule (GitHub already runs their code). */
export function isFirstParty(owner: string): boolean {
  const o = owner.toLowerCase();
  return o === "actions" || o === "github";
}
