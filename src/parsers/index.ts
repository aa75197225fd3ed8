// The parser registry: one line per lockfile format. The walk, `--help` and the README's format
// table all derive from this list, and test/registry.test.ts fails when a folder under
// src/parsers/ is missing here or two parsers claim the same file.

import type { LockfileParser } from "../core/types.js";

export const PARSERS: readonly LockfileParser[] = [];

/** The parser that claims a repo-relative path, if any. The first match wins; the registry test keeps claims disjoint. */
export function parserFor(path: string): LockfileParser | undefined {
  return PARSERS.find((p) => p.matches(path));
}
