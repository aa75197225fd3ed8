// package-lock.json and npm-shrinkwrap.json (same format; the shrinkwrap is the published one).
// lockfileVersion 2 and 3 are read from `packages` (v2's legacy `dependencies` mirror is ignored);
// lockfileVersion 1 and older shrinkwraps from the nested `dependencies` tree. JSON.parse does
// the parsing; entry lines come from one forward pass of JsonKeyLocator over the text. See
// README.md in this folder for the format's quirks.

import { diagnostic } from "../../core/diagnostics.js";
import { LineIndex, stripBom } from "../../core/text.js";
import type { LockfileParser, ParseContext, ParseResult } from "../../core/types.js";
import { describeJsonError } from "./json-error.js";
import { packageLockMeta } from "./meta.js";
import { readDependencies } from "./read-dependencies.js";
import { readPackages } from "./read-packages.js";
import { ForwardLines, type Reader } from "./reader.js";
import { isObject, obj } from "./schema.js";

const SNIFF_BYTES = 64 * 1024;

export const packageLockParser = {
  ...packageLockMeta,
  sniff(content: string): boolean {
    const head = stripBom(content.slice(0, SNIFF_BYTES));
    if (!/^\s*\{/.test(head) || !/"lockfileVersion"\s*:/.test(head)) return false;
    // bun.lock also has lockfileVersion and packages, but a top-level `"workspaces": { "": {`.
    if (/"workspaces"\s*:\s*\{\s*""\s*:/.test(head)) return false;
    return /"(?:packages|dependencies)"\s*:\s*\{/.test(head);
  },
  parse: parsePackageLock,
} satisfies LockfileParser;

export function parsePackageLock(ctx: ParseContext): ParseResult {
  const text = stripBom(ctx.content);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const failure = describeJsonError(err, text, new LineIndex(text));
    return {
      packages: [],
      diagnostics: [
        diagnostic("LOCKFILE_UNPARSABLE", { reason: failure.reason }, { path: ctx.path, line: failure.line }),
      ],
    };
  }
  if (!isObject(data)) {
    return {
      packages: [],
      diagnostics: [
        diagnostic(
          "LOCKFILE_UNPARSABLE",
          { reason: "the top level is not a JSON object" },
          { path: ctx.path, line: 1 },
        ),
      ],
    };
  }

  const lines = new ForwardLines(text);
  const r: Reader = {
    path: ctx.path,
    text,
    lines,
    packages: [],
    diagnostics: [],
    roots: new Map(),
    edges: new Map(),
    direct: new Set(),
  };
  const lv = data["lockfileVersion"];
  const known = lv === 1 || lv === 2 || lv === 3;
  const packagesMap = obj(data, "packages");
  const dependenciesMap = obj(data, "dependencies");
  // v1 and versionless shrinkwraps are trees; anything newer (or unknown) is read from `packages`
  // when it has one, since that is what npm 7+ reads.
  const layout: "packages" | "dependencies" | "none" =
    packagesMap !== undefined && (lv !== 1 || dependenciesMap === undefined)
      ? "packages"
      : dependenciesMap !== undefined
        ? "dependencies"
        : "none";

  // No lockfileVersion, no packages, no dependencies: nothing marks this as a lockfile (an npm <= 4
  // shrinkwrap has `dependencies`), so it must not pass as an empty one.
  if (lv === undefined && data["packages"] === undefined && data["dependencies"] === undefined) {
    r.diagnostics.push(
      diagnostic(
        "LOCKFILE_UNPARSABLE",
        { reason: "not a package-lock: no lockfileVersion, packages or dependencies" },
        { path: ctx.path, line: 1 },
      ),
    );
    return { packages: [], diagnostics: r.diagnostics };
  }
  let variant =
    lv === undefined ? "no lockfileVersion (npm <= 4 shrinkwrap)" : `lockfileVersion ${String(lv)}`;
  if (lv !== undefined && !known) {
    variant += ` (unknown; read from ${layout})`;
    r.diagnostics.push(
      diagnostic(
        "GENERIC",
        { message: `unknown lockfileVersion ${JSON.stringify(lv)}; read from "${layout}" as npm would` },
        { path: ctx.path, line: lines.lineOf(Math.max(0, text.indexOf('"lockfileVersion"'))) },
      ),
    );
  }
  for (const field of ["packages", "dependencies"] as const) {
    if (data[field] !== undefined && !isObject(data[field]) && layout !== "packages") {
      r.diagnostics.push(
        diagnostic(
          "LOCKFILE_UNPARSABLE",
          { reason: `"${field}" is not a JSON object` },
          { path: ctx.path, line: lines.lineOf(Math.max(0, text.indexOf(`"${field}"`))) },
        ),
      );
    }
  }

  let graphComplete = true;
  let directKnown = true;
  const result: ParseResult = { packages: r.packages, diagnostics: r.diagnostics, variant };
  if (layout === "packages" && packagesMap !== undefined) {
    graphComplete = readPackages(r, data, packagesMap);
  } else if (layout === "dependencies" && dependenciesMap !== undefined) {
    const v1 = readDependencies(r, ctx, data, dependenciesMap);
    graphComplete = v1.graphComplete;
    directKnown = v1.directKnown;
    if (v1.manifest !== undefined) result.related = [v1.manifest];
  } else {
    r.roots.set("", typeof data["name"] === "string" ? data["name"] : "(root)");
  }

  // Every entry above became a package or a diagnostic; nothing at all means nothing is locked.
  if (r.packages.length === 0 && r.diagnostics.length === 0) {
    const field = layout === "none" ? undefined : layout;
    const detail =
      field === undefined
        ? 'no "packages" or "dependencies"'
        : field === "packages"
          ? '"packages" lists no package besides the project'
          : '"dependencies" is empty';
    const at = field === undefined ? -1 : text.indexOf(`"${field}"`);
    r.diagnostics.push(
      diagnostic(
        "NO_PACKAGES_LOCKED",
        { detail },
        { path: ctx.path, line: at === -1 ? 1 : lines.lineOf(at) },
      ),
    );
  }

  if (!graphComplete) {
    r.diagnostics.push(
      diagnostic(
        "GENERIC",
        { message: "dependency graph not built: the install paths are too long or too deep to resolve" },
        { path: ctx.path },
      ),
    );
    return result;
  }
  if (directKnown) for (const p of r.packages) p.direct = r.direct.has(p.nodeId as string);
  const graph = { roots: r.roots, edges: r.edges };
  const deferred = r.deferEdges;
  // Resolving every entry's edges is about a third of the parse of a large lockfile, and only a
  // file with findings needs paths: the rest of the graph is built when first read. If the resolve
  // budget runs out then, the graph keeps the edges it has (paths may be missing, never wrong).
  result.graph = deferred
    ? () => {
        deferred();
        return graph;
      }
    : graph;
  return result;
}
