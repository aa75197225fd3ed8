// package.json without a lockfile: nothing is locked, so nothing can be matched offline. The
// declared ranges become info diagnostics (with their lines) and one NO_LOCKFILE note; with
// `--resolve` the CLI asks the registry which versions those ranges pick (src/cli/resolve.ts).
// A package.json with a lockfile beside it or in a parent folder (a workspace member) says nothing;
// one on its own that declares no registry dependency says that once (NO_DEPENDENCIES_DECLARED).

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import { errorReason, JsonKeyLocator, jsonErrorLine, LineIndex, stripBom } from "../../core/text.js";
import type { LockfileParser, ParseContext, ParseResult } from "../../core/types.js";
import { packageJsonMeta } from "./meta.js";

const LOCKFILES = [
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "bun.lockb",
];
/** How far up a workspace member looks for the monorepo's lockfile. */
const MAX_PARENT_LEVELS = 8;
const SECTIONS = ["dependencies", "devDependencies", "optionalDependencies"] as const;

export interface DeclaredDependency {
  name: string;
  range: string;
  section: (typeof SECTIONS)[number];
  line?: number;
}

/** Thrown for valid JSON that is not a manifest (an array, a string, null). */
class NotAnObject extends Error {}

/** Declared registry dependencies (name, range, line); local and git specs are left out. */
export function declaredDependencies(content: string): DeclaredDependency[] {
  const text = stripBom(content);
  const json: unknown = JSON.parse(text);
  if (!isObject(json)) throw new NotAnObject("the top level is not a JSON object");
  const locator = new JsonKeyLocator(text);
  const out: DeclaredDependency[] = [];
  for (const s of SECTIONS) {
    const section = json[s];
    if (!isObject(section)) continue;
    // Each section is found from the top; its keys then follow it in text order.
    locator.seek(0);
    if (locator.next(s, "{") === -1) locator.seek(0);
    for (const [name, range] of Object.entries(section)) {
      if (typeof range !== "string" || !isRegistryRange(range)) continue;
      const line = locator.nextLine(name);
      const d: DeclaredDependency = { name, range, section: s };
      if (line !== undefined) d.line = line;
      out.push(d);
    }
  }
  return out;
}

function isRegistryRange(range: string): boolean {
  return !/^(file:|link:|workspace:|portal:|git\+|git:|github:|https?:|[\w.-]+\/[\w.-]+(#.*)?$)/.test(
    range.trim(),
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hasLockfile(ctx: ParseContext): boolean {
  let prefix = "";
  for (let level = 0; level <= MAX_PARENT_LEVELS; level++) {
    for (const name of LOCKFILES) {
      const rel = `${prefix}${name}`;
      const found = ctx.exists ? ctx.exists(ctx.path, rel) : ctx.readRelated(ctx.path, rel).ok;
      if (found) return true;
    }
    prefix += "../";
  }
  return false;
}

function parse(ctx: ParseContext): ParseResult {
  const diagnostics: Diagnostic[] = [];
  if (ctx.content.trim() === "") return { packages: [], diagnostics };
  let declared: DeclaredDependency[];
  try {
    declared = declaredDependencies(ctx.content);
  } catch (err) {
    const loc: { path: string; line?: number } = { path: ctx.path };
    const line = err instanceof NotAnObject ? 1 : jsonErrorLine(err, new LineIndex(ctx.content), ctx.content);
    if (line !== undefined) loc.line = line;
    return {
      packages: [],
      diagnostics: [diagnostic("LOCKFILE_UNPARSABLE", { reason: errorReason(err) }, loc)],
    };
  }
  if (hasLockfile(ctx)) return { packages: [], diagnostics };
  if (declared.length === 0) {
    // Standalone and declaring nothing to check: said once, so the file is not listed silently.
    diagnostics.push(
      diagnostic("NO_DEPENDENCIES_DECLARED", { manifest: ctx.path }, { path: ctx.path, line: 1 }),
    );
    // Not "no lockfile": --resolve has nothing to ask the registry about this one.
    return { packages: [], diagnostics, variant: "no lockfile, no dependencies" };
  }
  diagnostics.push(diagnostic("NO_LOCKFILE", { manifest: ctx.path }, { path: ctx.path, line: 1 }));
  for (const d of declared) {
    const loc: { path: string; line?: number } = { path: ctx.path };
    if (d.line !== undefined) loc.line = d.line;
    diagnostics.push(diagnostic("DECLARED_RANGE", { name: d.name, range: d.range }, loc));
  }
  return { packages: [], diagnostics, variant: "no lockfile" };
}

export const packageJsonParser: LockfileParser = {
  ...packageJsonMeta,
  parse,
};
