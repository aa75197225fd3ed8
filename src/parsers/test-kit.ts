// Shared helpers for parser unit tests (not part of the build). A fixture's expected packages are
// written out as one compact line each: "name@version line source [alias=x] [groups]".

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { diagnostic } from "../core/diagnostics.js";
import type { LockfileParser, PackageRef, ParseContext, ParseResult } from "../core/types.js";

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
