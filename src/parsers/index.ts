// The parser registry: one line per lockfile format. The walk, `--help` and the README's format
// table all derive from this list, and test/registry.test.ts fails when a folder under
// src/parsers/ is missing here or two parsers claim the same file.
//
// Entries hold only each parser's metadata (meta.ts); the parser module, and the parsing library
// it brings (yaml, smol-toml, @yarnpkg/parsers, …), is imported the first time a file of that
// kind is met. A scan of a requirements file never loads the YAML library, and start-up stays
// close to bare Node.

import type { LockfileParser, ParserMeta, RegisteredParser } from "../core/types.js";
import { bunLockMeta } from "./bun-lock/meta.js";
import { packageJsonMeta } from "./package-json/meta.js";
import { packageLockMeta } from "./package-lock/meta.js";
import { pdmLockMeta } from "./pdm-lock/meta.js";
import { pipfileLockMeta } from "./pipfile-lock/meta.js";
import { pnpmLockMeta } from "./pnpm-lock/meta.js";
import { poetryLockMeta } from "./poetry-lock/meta.js";
import { pylockTomlMeta } from "./pylock-toml/meta.js";
import { pyprojectMeta } from "./pyproject/meta.js";
import { pythonMetadataMeta } from "./python-metadata/meta.js";
import { requirementsMeta } from "./requirements/meta.js";
import { uvLockMeta } from "./uv-lock/meta.js";
import { yarnLockMeta } from "./yarn-lock/meta.js";

function lazy(meta: ParserMeta, load: () => Promise<LockfileParser>): RegisteredParser {
  let loaded: Promise<LockfileParser> | undefined;
  return { ...meta, load: () => (loaded ??= load()) };
}

export const PARSERS: readonly RegisteredParser[] = [
  lazy(packageLockMeta, async () => (await import("./package-lock/index.js")).packageLockParser),
  lazy(bunLockMeta, async () => (await import("./bun-lock/index.js")).bunLockParser),
  lazy(packageJsonMeta, async () => (await import("./package-json/index.js")).packageJsonParser),
  lazy(pnpmLockMeta, async () => (await import("./pnpm-lock/index.js")).pnpmLockParser),
  lazy(yarnLockMeta, async () => (await import("./yarn-lock/index.js")).yarnLockParser),
  lazy(pipfileLockMeta, async () => (await import("./pipfile-lock/index.js")).pipfileLockParser),
  lazy(poetryLockMeta, async () => (await import("./poetry-lock/index.js")).poetryLockParser),
  lazy(requirementsMeta, async () => (await import("./requirements/index.js")).requirementsParser),
  lazy(uvLockMeta, async () => (await import("./uv-lock/index.js")).uvLockParser),
  lazy(pdmLockMeta, async () => (await import("./pdm-lock/index.js")).pdmLockParser),
  lazy(pylockTomlMeta, async () => (await import("./pylock-toml/index.js")).pylockTomlParser),
  lazy(pyprojectMeta, async () => (await import("./pyproject/index.js")).pyprojectParser),
  lazy(pythonMetadataMeta, async () => (await import("./python-metadata/index.js")).pythonMetadataParser),
];

/** The parser that claims a repo-relative path, if any. The registry test keeps claims disjoint. */
export function parserFor(path: string): RegisteredParser | undefined {
  return PARSERS.find((p) => p.matches(path));
}

/** For a file named explicitly whose name no parser claims: the first parser that recognises its content. */
export async function sniffParser(content: string): Promise<LockfileParser | undefined> {
  for (const entry of PARSERS) {
    const parser = await entry.load();
    if (parser.sniff?.(content)) return parser;
  }
  return undefined;
}
