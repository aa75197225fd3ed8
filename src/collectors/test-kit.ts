// Test helpers for the collectors (excluded from the build): the bundled indicators, and
// throwaway file trees removed after each test.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach } from "vitest";
import { loadIndicators } from "../indicators/load.js";
import type { IndicatorSet } from "../indicators/types.js";

/** The bundled TeamPCP indicators. */
export function bundledIndicators(): Promise<IndicatorSet> {
  return loadIndicators([join(import.meta.dirname, "..", "..", "advisories")]);
}

/**
 * A `tree(files, dirs)` function for one test file: each call makes a temporary folder holding
 * `files` (relative path → content) and the empty folders `dirs`; they go after each test.
 */
export function treeMaker(prefix: string): (files: Record<string, string>, dirs?: string[]) => string {
  const temps: string[] = [];
  afterEach(() => {
    for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return (files, dirs = []) => {
    const root = mkdtempSync(join(tmpdir(), prefix));
    temps.push(root);
    for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), content);
    }
    return root;
  };
}
