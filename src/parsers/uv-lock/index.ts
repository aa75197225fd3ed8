import { normalizePypiName } from "../../ecosystems/pypi.js";
import { uvLockMeta } from "./meta.js";
// uv.lock (uv's universal lockfile, `version = 1`, revisions 1–3). smol-toml parses it; the Nth
// `[[package]]` header line is the Nth package. Workspace members (editable/virtual sources) are
// the graph's roots; their `[package.dev-dependencies]` and `[package.optional-dependencies]`
// decide which packages are dev or optional. See README.md for the format's quirks.

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import type {
  ArtifactHash,
  DependencyGraph,
  LockfileParser,
  PackageRef,
  PackageSource,
  ParseContext,
  ParseResult,
} from "../../core/types.js";
import {
  emptyLockDiagnostic,
  entryTables,
  fileNameOf,
  hashFromDigest,
  loadToml,
  locator,
  parseToml,
  uniqueHashes,
} from "../toml-lines.js";
import { analyseGraph } from "./graph.js";
import { readPackage, type UvPackage, type UvSourceKind } from "./schema.js";

const SOURCES: Record<UvSourceKind, PackageSource> = {
  registry: "registry",
  git: "git",
  url: "url",
  path: "path",
  directory: "path",
  editable: "workspace",
  virtual: "workspace",
};

export const uvLockParser = {
  ...uvLockMeta,
  sniff(content: string): boolean {
    const head = content.slice(0, 64 * 1024);
    return (
      /^version = \d+\s*$/m.test(head) &&
      /^source = \{ (?:registry|editable|virtual|git|url|path|directory) = /m.test(head)
    );
  },
  async parse(ctx: ParseContext): Promise<ParseResult> {
    await loadToml();
    return parseUvLock(ctx);
  },
} satisfies LockfileParser;

function hashesOf(pkg: UvPackage): ArtifactHash[] {
  const out: ArtifactHash[] = [];
  const add = (digest: string, from: string | undefined): void => {
    const h = hashFromDigest(digest, from === undefined ? undefined : fileNameOf(from));
    if (h) out.push(h);
  };
  const sdist = pkg.sdist;
  // A `url` source's sdist has only a hash: the archive is the source URL itself.
  if (sdist?.hash) add(sdist.hash, sdist.url ?? sdist.path ?? sdist.filename ?? pkg.source?.value);
  for (const w of pkg.wheels) {
    if (w.hash)
      add(
        w.hash,
        w.filename ?? w.url ?? w.path ?? (pkg.source?.kind === "url" ? pkg.source.value : undefined),
      );
  }
  return uniqueHashes(out);
}

export function parseUvLock(ctx: ParseContext): ParseResult {
  const parsed = parseToml(ctx.path, ctx.content);
  if (!parsed.ok) return { packages: [], diagnostics: [parsed.diagnostic] };
  const { doc, text } = parsed;
  const diagnostics: Diagnostic[] = [];
  const at = locator(ctx.path);
  const tables = entryTables(doc, text, "package", at);
  if (!tables.ok) return { packages: [], diagnostics: [tables.diagnostic] };
  const { raw: rawPackages, lines } = tables;

  // Entries that cannot be read are reported and left out; indexes below refer to `entries`.
  const entries: Array<{ pkg: UvPackage; line: number | undefined }> = [];
  rawPackages.forEach((raw, i) => {
    const line = lines[i];
    const read = readPackage(raw);
    if (read.ok) entries.push({ pkg: read.value, line });
    else
      diagnostics.push(
        diagnostic("ENTRY_SKIPPED", { entry: `[[package]] #${i + 1}`, reason: read.reason }, at(line)),
      );
  });

  const roots = new Set<number>();
  entries.forEach((e, i) => {
    const kind = e.pkg.source?.kind;
    if (kind === "editable" || kind === "virtual") roots.add(i);
  });
  const facts = analyseGraph(
    entries.map((e) => e.pkg),
    roots,
  );

  const ids: string[] = [];
  const used = new Set<string>();
  const packages: PackageRef[] = entries.map(({ pkg, line }, i) => {
    const base = `${normalizePypiName(pkg.name)}${pkg.version === undefined ? "" : `@${pkg.version}`}`;
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}#${k}`;
    used.add(id);
    ids.push(id);

    // An entry without a recognisable source is matched as a registry package: a false alarm is
    // better than a missed advisory.
    const source = pkg.source ? SOURCES[pkg.source.kind] : "registry";
    const ref: PackageRef = {
      ecosystem: "PyPI",
      name: pkg.name,
      source,
      nodeId: id,
      location: at(line),
    };
    if (pkg.version !== undefined) ref.version = pkg.version;
    else if (source !== "workspace" && source !== "path")
      diagnostics.push(
        diagnostic("VERSION_MISSING", { name: pkg.name, entry: `${source} source` }, at(line)),
      );
    const resolved = pkg.source?.kind === "registry" ? pkg.sdist?.url : pkg.source?.value;
    if (resolved !== undefined) ref.resolved = resolved;
    const hashes = hashesOf(pkg);
    if (hashes.length > 0) ref.hashes = hashes;
    const groups = facts.groups[i];
    if (groups) ref.groups = groups;
    const direct = facts.direct[i];
    if (direct !== undefined) ref.direct = direct;
    return ref;
  });

  const graph: DependencyGraph = { roots: new Map(), edges: new Map() };
  for (const i of roots) graph.roots.set(ids[i] as string, entries[i]?.pkg.name ?? "");
  facts.edges.forEach((targets, i) => {
    if (targets.length > 0)
      graph.edges.set(
        ids[i] as string,
        targets.map((t) => ids[t] as string),
      );
  });

  const version = doc["version"];
  const revision = doc["revision"];
  // Every entry gave a package or a diagnostic, so an empty, quiet result has no entries. uv always
  // writes `version`; a file without it (a comment-only file, some other TOML) is not a uv.lock.
  if (packages.length === 0 && diagnostics.length === 0 && text.trim() !== "") {
    diagnostics.push(
      emptyLockDiagnostic(
        doc,
        "package",
        typeof version === "number",
        "not a uv.lock: no top-level `version` and no [[package]] tables",
        at,
      ),
    );
  }
  const result: ParseResult = { packages, diagnostics, graph };
  if (typeof version === "number")
    result.variant = `version ${version}${typeof revision === "number" ? `, revision ${revision}` : ""}`;
  return result;
}
