// Types for properties.mjs, so the strict TypeScript smoke test (test/fuzz-smoke.test.ts) can share
// the fuzzing model with the plain-Node fuzzer script.

import type * as FastCheck from "fast-check";
import type { LockfileParser, ParseContext, ParseResult, ParserMeta } from "../../src/core/types.js";

export interface Seed {
  label: string;
  text: string;
}

export interface SeedSet {
  small: Seed[];
  large: Seed[];
}

export type Mutation = { k: string; at?: number; [field: string]: unknown };

export interface FuzzCase {
  seed: number;
  ops: Mutation[];
  generic?: number;
}

export interface Verdict {
  /** Why the robustness property failed (a throw, a malformed result, too slow), or undefined. */
  robust: string | undefined;
  /** Why the "never silently empty" property failed, or undefined. */
  heard: string | undefined;
  result: ParseResult;
  ms?: number;
  /** CPU time of the parse (GC threads included); absent when it threw. */
  cpuMs?: number;
}

export const SPECIAL: readonly string[];
export function canonicalPath(parser: ParserMeta): string;
export function loadSeeds(
  parsers: readonly ParserMeta[],
  options: { repo: string; corpus?: string; maxBytes?: number; all?: readonly ParserMeta[] },
): Map<string, SeedSet>;
export function caseArbitrary(
  fc: typeof FastCheck,
  seedCount: number,
  options?: { maxInsert?: number; hugeLine?: number; maxNest?: number },
): FastCheck.Arbitrary<FuzzCase>;
export function applyCase(seeds: readonly Seed[], c: FuzzCase): string;
export function fuzzContext(path: string, content: string): ParseContext;
export function judge(
  parser: LockfileParser,
  path: string,
  input: string,
  options?: { timeBoundMs?: number },
): Promise<Verdict>;
export function preview(text: string, max?: number): string;
