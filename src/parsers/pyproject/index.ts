// pyproject.toml without a lockfile. A manifest locks nothing, so this parser reports no packages
// (it never guesses a version from a range): when no Python lockfile sits beside it, it says so
// once (NO_LOCKFILE) and lists each declared dependency at its line (DECLARED_RANGE), or says it
// declares none (NO_DEPENDENCIES_DECLARED). With a lockfile beside it, or a uv workspace lockfile
// above it that lists it as a member, it reports nothing: the lockfile's parser covers those
// dependencies. See README.md.

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import { dirName } from "../../core/text.js";
import type { LockfileParser, ParseContext, ParseResult } from "../../core/types.js";
import { loadToml, parseToml, scanTomlLines } from "../toml-lines.js";
import { readDeclarations } from "./declarations.js";
import { pyprojectMeta } from "./meta.js";

/** Python lockfiles (and pinned requirement files) that cover a pyproject.toml beside them. */
export const SIBLING_LOCKFILES = [
  "poetry.lock",
  "uv.lock",
  "pdm.lock",
  "pylock.toml",
  "Pipfile.lock",
  "requirements.txt",
] as const;

export const pyprojectParser = {
  ...pyprojectMeta,
  parse: parsePyproject,
} satisfies LockfileParser;

/**
 * A uv workspace keeps one uv.lock at the workspace root; members list their folder as an
 * editable (or virtual) source. Looks for such a lockfile in the ancestors of `ctx.path`.
 */
function inUvWorkspace(ctx: ParseContext): boolean {
  const dir = dirName(ctx.path);
  const segments = dir === "" ? [] : dir.split("/");
  for (let up = 1; up <= segments.length; up++) {
    const rel = `${"../".repeat(up)}uv.lock`;
    if (ctx.exists && !ctx.exists(ctx.path, rel)) continue;
    const lock = ctx.readRelated(ctx.path, rel);
    if (!lock.ok) continue;
    const member = JSON.stringify(segments.slice(segments.length - up).join("/"));
    // A string probe, not a parse: the member's source is written `{ editable = "<dir>" }`.
    if (lock.content.includes(`editable = ${member}`) || lock.content.includes(`virtual = ${member}`))
      return true;
  }
  return false;
}

export async function parsePyproject(ctx: ParseContext): Promise<ParseResult> {
  // exists() avoids reading a sibling lockfile of several MB just to learn it is there.
  const present = (name: string): boolean =>
    ctx.exists ? ctx.exists(ctx.path, name) : ctx.readRelated(ctx.path, name).ok;
  for (const name of SIBLING_LOCKFILES) if (present(name)) return { packages: [], diagnostics: [] };
  if (inUvWorkspace(ctx)) return { packages: [], diagnostics: [] };

  // Only now is there TOML to read: a pyproject beside a lockfile never loads smol-toml.
  await loadToml();
  const parsed = parseToml(ctx.path, ctx.content);
  if (!parsed.ok) return { packages: [], diagnostics: [parsed.diagnostic] };
  const declared = readDeclarations(parsed.doc, scanTomlLines(parsed.text));
  const diagnostics: Diagnostic[] = [];
  for (const d of declared.declarations) {
    const location = d.line === undefined ? { path: ctx.path } : { path: ctx.path, line: d.line };
    diagnostics.push(
      diagnostic("DECLARED_RANGE", { name: d.name, range: d.range === "" ? "*" : d.range }, location),
    );
  }
  for (const p of declared.problems) {
    const location = p.line === undefined ? { path: ctx.path } : { path: ctx.path, line: p.line };
    // A warning, not an error: a manifest's entries are never scanned, so nothing is missed.
    diagnostics.push(diagnostic("ENTRY_SKIPPED", { entry: p.entry, reason: p.reason }, location, "warning"));
  }
  if (diagnostics.length === 0) {
    if (ctx.content.trim() === "") return { packages: [], diagnostics };
    // Standalone and declaring nothing (a tool-config pyproject, `dependencies = []`): said once.
    diagnostics.push(diagnostic("NO_DEPENDENCIES_DECLARED", { manifest: ctx.path }, { path: ctx.path }));
    return { packages: [], diagnostics, variant: "no lockfile, no dependencies" };
  }
  diagnostics.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0));
  diagnostics.unshift(diagnostic("NO_LOCKFILE", { manifest: ctx.path }, { path: ctx.path }));
  return { packages: [], diagnostics, variant: "no lockfile" };
}
