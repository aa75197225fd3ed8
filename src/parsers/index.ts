// The parser registry: one line per lockfile format. The walk, `--help` and the README's format
// table all derive from this list, and test/registry.test.ts fails when a folder under
// src/parsers/ is missing here or two parsers claim the same file.

import type { LockfileParser } from "../core/types.js";
import { bunLockParser } from "./bun-lock/index.js";
import { packageJsonParser } from "./package-json/index.js";
import { packageLockParser } from "./package-lock/index.js";
import { pdmLockParser } from "./pdm-lock/index.js";
import { pipfileLockParser } from "./pipfile-lock/index.js";
import { pnpmLockParser } from "./pnpm-lock/index.js";
import { poetryLockParser } from "./poetry-lock/index.js";
import { pylockTomlParser } from "./pylock-toml/index.js";
import { pyprojectParser } from "./pyproject/index.js";
import { pythonMetadataParser } from "./python-metadata/index.js";
import { requirementsParser } from "./requirements/index.js";
import { uvLockParser } from "./uv-lock/index.js";
import { yarnLockParser } from "./yarn-lock/index.js";

export const PARSERS: readonly LockfileParser[] = [
  packageLockParser,
  bunLockParser,
  packageJsonParser,
  pnpmLockParser,
  yarnLockParser,
  pipfileLockParser,
  poetryLockParser,
  requirementsParser,
  uvLockParser,
  pdmLockParser,
  pylockTomlParser,
  pyprojectParser,
  pythonMetadataParser,
];

/** The parser that claims a repo-relative path, if any. The first match wins; the registry test keeps claims disjoint. */
export function parserFor(path: string): LockfileParser | undefined {
  return PARSERS.find((p) => p.matches(path));
}
