// Shared helpers for parser unit tests (not part of the build). A fixture's expected packages are
// written out as one compact line each: "name@version line source [alias=x] [groups]".

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { diagnostic } from "../core/diagnostics.js";
import type { LockfileParser, PackageRef, ParseContext, ParseResult } from "../core/types.js";
import { normalizePypiName } from "../ecosystems/pypi.js";

/** Parses a fixture file; readRelated serves sibling files from the same fixture folder. */
export async function parseFixture(
  parser: LockfileParser,
  file: string,
  asPath?: string,
): Promise<ParseResult> {
  const content = readFileSync(file, "utf8");
  const root = dirname(file);
  const ctx: ParseContext = {
    path: asPath ?? posix.basename(file),
    content,
    readRelated(from, relative) {
      const rel = posix.normalize(posix.join(posix.dirname(from), relative));
      if (rel.startsWith(".."))
        return { ok: false, diagnostic: diagnostic("INCLUDE_OUTSIDE_ROOT", { file: relative }) };
      const abs = join(root, rel);
      if (!existsSync(abs))
        return { ok: false, diagnostic: diagnostic("INCLUDE_MISSING", { file: relative }) };
      return { ok: true, path: rel, content: readFileSync(abs, "utf8") };
    },
  };
  return parser.parse(ctx);
}

/** Parses in-memory content. */
export async function parseText(parser: LockfileParser, path: string, content: string): Promise<ParseResult> {
  return parser.parse({
    path,
    content,
    readRelated: (_from, relative) => ({
      ok: false,
      diagnostic: diagnostic("INCLUDE_MISSING", { file: relative }),
    }),
  });
}

/** One compact, readable line per package, sorted by line then name. */
export function summarize(packages: PackageRef[]): string[] {
  return packages
    .map((p) => {
      const extra: string[] = [];
      if (p.alias) extra.push(`alias=${p.alias}`);
      if (p.groups?.length) extra.push(`[${[...p.groups].sort().join(",")}]`);
      return `${p.name}@${p.version ?? "-"} ${p.location.line ?? "?"} ${p.source}${extra.length ? ` ${extra.join(" ")}` : ""}`;
    })
    .sort((a, b) => {
      const la = Number(a.split(" ")[1]);
      const lb = Number(b.split(" ")[1]);
      return la - lb || a.localeCompare(b);
    });
}

/** The shared corpus folder (../shared/corpus beside the repo). */
export const CORPUS = join(import.meta.dirname, "../..", "../shared/corpus");

/** Short names of the corpus cases of one format folder (empty when the corpus is absent). */
export function corpusCases(format: string): { dir: string; cases: string[] } {
  const dir = join(CORPUS, format);
  const cases = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".expected.json"))
        .map((f) => f.slice(0, -".expected.json".length))
    : [];
  return { dir, cases };
}

/** [format, case] pairs of several corpus format folders, each folder's cases sorted. */
export function corpusFormatCases(formats: readonly string[]): Array<[string, string]> {
  return formats.flatMap((format) =>
    corpusCases(format)
      .cases.sort()
      .map((name): [string, string] => [format, name]),
  );
}

/** Sorted, de-duplicated "pep503-name@version" pairs of the non-local packages, as the corpus counts them. */
export function pythonInventory(packages: readonly PackageRef[]): string[] {
  return [
    ...new Set(
      packages
        .filter((p) => p.source !== "path" && p.source !== "workspace" && p.version !== undefined)
        .map((p) => `${normalizePypiName(p.name)}@${p.version}`),
    ),
  ].sort();
}

/** The same pairs from a case's .expected.json. */
export function expectedPythonInventory(dir: string, name: string): string[] {
  const list = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8")) as Array<{
    name: string;
    version: string;
  }>;
  return list.map((p) => `${normalizePypiName(p.name)}@${p.version}`).sort();
}

/**
 * What is wrong with the lines of a TOML lockfile's packages (empty when nothing): each must sit at
 * its own `header` line (`[[package]]`, `[[packages]]`), directly followed by its `name = …`, and be
 * located in `path`.
 */
export function headerLineProblems(
  text: string,
  path: string,
  header: string,
  packages: readonly PackageRef[],
): string[] {
  const lines = text.split("\n");
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const p of packages) {
    const line = p.location.line ?? 0;
    if (p.location.path !== path) problems.push(`${p.name}: in ${p.location.path}, not ${path}`);
    if (lines[line - 1] !== header) problems.push(`${p.name}: line ${line} is not ${header}`);
    if (lines[line] !== `name = ${JSON.stringify(p.name)}`)
      problems.push(`${p.name}: line ${line + 1} does not name it`);
    if (seen.has(line)) problems.push(`${p.name}: line ${line} is another package's too`);
    seen.add(line);
  }
  return problems;
}
