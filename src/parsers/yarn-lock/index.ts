// yarn.lock, both dialects. Classic (yarn 1) starts with `# yarn lockfile v1` and uses a YAML-like
// syntax of its own; berry (yarn 2+) is YAML with a `__metadata` entry. @yarnpkg/parsers (yarn's own
// reader) parses both; headers.ts recovers the lines. See README.md for the format's quirks.

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import { stripBom } from "../../core/text.js";
import type { LockfileParser, PackageGroup, ParseContext, ParseResult } from "../../core/types.js";
import { buildEdges } from "./edges.js";
import { analyse } from "./graph.js";
import { BERRY_METADATA, CLASSIC_MARKER, readLockfile } from "./load.js";
import { yarnLockMeta } from "./meta.js";
import { buildPackages } from "./packages.js";
import { readResolutions } from "./resolutions.js";
import { berryRoots, classicRoots, Manifests } from "./roots.js";
import { str } from "./schema.js";

function sniff(content: string): boolean {
  const head = stripBom(content.slice(0, 4096));
  return CLASSIC_MARKER.test(head) || /^#\s*yarn lockfile v1\s*$/m.test(head) || BERRY_METADATA.test(head);
}

function parse(ctx: ParseContext): ParseResult {
  const text = stripBom(ctx.content);
  const diagnostics: Diagnostic[] = [];
  const lock = readLockfile(text, ctx.path, diagnostics);
  if (!lock) return { packages: [], diagnostics };
  const { dialect, entries, metadata } = lock;
  const variant =
    dialect === "classic"
      ? "classic (v1)"
      : `berry (__metadata.version ${(metadata && str(metadata, "version")) ?? "unknown"})`;

  const built = buildPackages(entries, dialect, ctx.path, diagnostics);
  // Each entry gives a package or a diagnostic, so an empty, quiet result means no entries at all
  // (yarn writes just the header, or berry's __metadata, for a project without dependencies).
  if (built.packages.length === 0 && diagnostics.length === 0 && text.trim() !== "") {
    const detail = dialect === "berry" ? "only __metadata, no entries" : "no entries";
    const meta = dialect === "berry" ? BERRY_METADATA.exec(text) : null;
    const line = meta === null ? 1 : text.slice(0, meta.index).split("\n").length;
    diagnostics.push(diagnostic("NO_PACKAGES_LOCKED", { detail }, { path: ctx.path, line }));
  }
  const manifests = new Manifests(ctx);
  if (dialect === "berry") built.index.useOverrides(readResolutions(manifests.get(".")));
  const { adjacency, truncated } = buildEdges(entries, built, text.length);
  if (truncated) {
    const message = "dependency graph truncated: the file reuses YAML aliases far beyond any real lockfile";
    diagnostics.push(diagnostic("GENERIC", { message }, { path: ctx.path }, "warning"));
  }
  const { roots, complete } =
    dialect === "berry" ? berryRoots(manifests, entries, built, adjacency) : classicRoots(manifests, built);
  const facts = analyse(
    entries.map((e) => e.id),
    adjacency,
    roots,
  );

  if (roots.length > 0) {
    built.packages.forEach((pkg, k) => {
      const i = built.owner[k] as number;
      if (facts.direct[i]) pkg.direct = true;
      else if (complete) pkg.direct = false;
      if (!complete) return;
      const groups: PackageGroup[] = [];
      if (facts.dev[i]) groups.push("dev");
      if (facts.optional[i]) groups.push("optional");
      if (groups.length > 0) pkg.groups = groups;
    });
  }
  const result: ParseResult = { packages: built.packages, diagnostics, graph: facts.graph, variant };
  if (manifests.related.length > 0) result.related = manifests.related;
  return result;
}

export const yarnLockParser = {
  ...yarnLockMeta,
  sniff,
  parse,
} satisfies LockfileParser;
