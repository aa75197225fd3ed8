import { normalizePypiName } from "../../ecosystems/pypi.js";
import { pylockTomlMeta } from "./meta.js";
// pylock.toml and pylock.<name>.toml (PEP 751, lock-version 1.0), as written by uv, pdm, pipenv
// and pip. smol-toml parses it; the Nth `[[packages]]` header line is the Nth package. One name may
// appear several times (different markers): each entry is its own package. Groups come from the
// `… in dependency_groups` / `… in extras` marker terms PEP 751 adds. See README.md.

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import type {
  ArtifactHash,
  DependencyGraph,
  LockfileParser,
  PackageGroup,
  PackageRef,
  PackageSource,
  ParseContext,
  ParseResult,
} from "../../core/types.js";
import { readSiblingPyproject } from "../pyproject/declarations.js";
import {
  artifactHash,
  emptyLockDiagnostic,
  entryTables,
  fileNameOf,
  loadToml,
  locator,
  parseRequirement,
  parseToml,
  uniqueHashes,
} from "../toml-lines.js";
import { type PylockFile, type PylockPackage, readHeader, readPackage } from "./schema.js";

/** The graph id of the project (from the sibling pyproject.toml); package ids are `name@version`. */
const ROOT_ID = "<root>";

/** PEP 751 file names: `pylock.toml` or `pylock.<name>.toml` (the name has no dot). */
const _FILE_NAME = /^pylock\.(?:[^.]+\.)?toml$/;

export const pylockTomlParser = {
  ...pylockTomlMeta,
  sniff(content: string): boolean {
    const head = content.slice(0, 64 * 1024);
    return /^lock-version = ["']1\./m.test(head) && /^\[\[packages\]\]/m.test(content);
  },
  async parse(ctx: ParseContext): Promise<ParseResult> {
    await loadToml();
    return parsePylock(ctx);
  },
} satisfies LockfileParser;

function sourceOf(pkg: PylockPackage): { source: PackageSource; resolved?: string } {
  if (pkg.vcs) {
    const where = pkg.vcs.url ?? pkg.vcs.path;
    if (where === undefined) return { source: "git" };
    return { source: "git", resolved: pkg.vcs.commit ? `${where}#${pkg.vcs.commit}` : where };
  }
  if (pkg.directory)
    return pkg.directory.path === undefined
      ? { source: "path" }
      : { source: "path", resolved: pkg.directory.path };
  if (pkg.archive) {
    if (pkg.archive.url !== undefined) return { source: "url", resolved: pkg.archive.url };
    return pkg.archive.path === undefined
      ? { source: "path" }
      : { source: "path", resolved: pkg.archive.path };
  }
  const sdist = pkg.sdist?.url;
  return sdist === undefined ? { source: "registry" } : { source: "registry", resolved: sdist };
}

function hashesOf(pkg: PylockPackage): ArtifactHash[] {
  const out: ArtifactHash[] = [];
  const files: PylockFile[] = [
    ...(pkg.archive ? [pkg.archive] : []),
    ...(pkg.sdist ? [pkg.sdist] : []),
    ...pkg.wheels,
  ];
  for (const f of files) {
    const from = f.name ?? f.url ?? f.path;
    const file = from === undefined ? undefined : fileNameOf(from);
    for (const [algorithm, hex] of f.hashes) {
      const h = artifactHash(algorithm, hex, file);
      if (h) out.push(h);
    }
  }
  return uniqueHashes(out);
}

const MARKER_TERM = /(['"])([^'"]*)\1\s+in\s+(dependency_groups|extras)\b/g;

/**
 * Groups from the marker's `'<g>' in dependency_groups` and `'<e>' in extras` terms. The boolean
 * structure is not evaluated: a package that any default group selects is a main dependency; one
 * that an extra selects is optional; one that only non-default groups select is dev.
 */
function groupsOf(
  marker: string | undefined,
  defaultGroups: ReadonlySet<string>,
): PackageGroup[] | undefined {
  if (!marker) return undefined;
  const groups = new Set<string>();
  const extras = new Set<string>();
  for (const m of marker.matchAll(MARKER_TERM)) {
    const name = m[2] as string;
    if (m[3] === "extras") extras.add(name);
    else groups.add(name);
  }
  if ([...groups].some((g) => defaultGroups.has(g))) return undefined;
  const groupLabels = [...groups]
    .filter((g) => g !== "dev")
    .sort()
    .map((g): PackageGroup => `group:${g}`);
  if (extras.size > 0) {
    const extraLabels = [...extras].sort().map((e): PackageGroup => `extra:${e}`);
    return ["optional", ...extraLabels, ...groupLabels];
  }
  if (groups.size > 0) return ["dev", ...groupLabels];
  return undefined;
}

export function parsePylock(ctx: ParseContext): ParseResult {
  const parsed = parseToml(ctx.path, ctx.content);
  if (!parsed.ok) return { packages: [], diagnostics: [parsed.diagnostic] };
  const { doc, text } = parsed;
  const diagnostics: Diagnostic[] = [];
  const at = locator(ctx.path);
  const header = readHeader(doc);
  const major = header.lockVersion === undefined ? undefined : Number.parseInt(header.lockVersion, 10);
  if (major !== undefined && major > 1) {
    // PEP 751 tells installers to refuse a newer major version; a scanner reads what it can and says so.
    diagnostics.push(
      diagnostic(
        "LOCKFILE_UNSUPPORTED",
        { reason: `lock-version ${header.lockVersion} is newer than 1.x; read as 1.0` },
        at(undefined),
        "warning",
      ),
    );
  }
  const tables = entryTables(doc, text, "packages", at);
  if (!tables.ok) return { packages: [], diagnostics: [tables.diagnostic] };
  const { raw: rawPackages, lines } = tables;
  // PEP 751: without `default-groups` the default install is the synthetic group "default".
  const defaultGroups = new Set(header.defaultGroups.length > 0 ? header.defaultGroups : ["default"]);

  const entries: Array<{ pkg: PylockPackage; ref: PackageRef }> = [];
  const used = new Set<string>();
  rawPackages.forEach((raw, i) => {
    const line = lines[i];
    const read = readPackage(raw);
    if (!read.ok) {
      diagnostics.push(
        diagnostic("ENTRY_SKIPPED", { entry: `[[packages]] #${i + 1}`, reason: read.reason }, at(line)),
      );
      return;
    }
    const pkg = read.value;
    const base = `${normalizePypiName(pkg.name)}${pkg.version === undefined ? "" : `@${pkg.version}`}`;
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}#${k}`;
    used.add(id);
    const { source, resolved } = sourceOf(pkg);
    const ref: PackageRef = { ecosystem: "PyPI", name: pkg.name, source, nodeId: id, location: at(line) };
    if (pkg.version !== undefined) ref.version = pkg.version;
    else if (source !== "path")
      diagnostics.push(
        diagnostic("VERSION_MISSING", { name: pkg.name, entry: `${source} source` }, at(line)),
      );
    if (resolved !== undefined) ref.resolved = resolved;
    const hashes = hashesOf(pkg);
    if (hashes.length > 0) ref.hashes = hashes;
    const groups = groupsOf(pkg.marker, defaultGroups);
    if (groups) ref.groups = groups;
    entries.push({ pkg, ref });
  });

  const byName = new Map<string, PackageRef[]>();
  for (const { ref } of entries) {
    const k = normalizePypiName(ref.name);
    const list = byName.get(k);
    if (list) list.push(ref);
    else byName.set(k, [ref]);
  }
  const idsOf = (name: string, version?: string): string[] => {
    const all = byName.get(normalizePypiName(name)) ?? [];
    const fit = version === undefined ? all : all.filter((r) => r.version === version);
    return fit.map((r) => r.nodeId as string);
  };

  const graph: DependencyGraph = { roots: new Map(), edges: new Map() };
  for (const { pkg, ref } of entries) {
    const id = ref.nodeId as string;
    const out = new Set<string>();
    for (const d of pkg.dependencies) for (const t of idsOf(d.name, d.version)) out.add(t);
    // pdm's own record of the requirements, used where PEP 751 `dependencies` is absent.
    if (pkg.dependencies.length === 0)
      for (const r of pkg.toolRequirements) {
        const req = parseRequirement(r);
        if (req) for (const t of idsOf(req.name)) out.add(t);
      }
    out.delete(id);
    if (out.size > 0) graph.edges.set(id, [...out]);
  }

  const { declared, related } = readSiblingPyproject(ctx);
  if (declared) {
    const direct = new Set<string>();
    for (const d of declared.declarations) for (const t of idsOf(d.name)) direct.add(t);
    graph.roots.set(ROOT_ID, declared.projectName ?? "(project)");
    if (direct.size > 0) graph.edges.set(ROOT_ID, [...direct]);
    for (const { ref } of entries) ref.direct = direct.has(ref.nodeId as string);
  }

  // Every entry gave a package or a diagnostic, so an empty, quiet result has no entries. PEP 751
  // requires `lock-version`; without it nothing says this is a pylock.toml. `[[package]]` tables
  // (poetry.lock's and uv.lock's spelling) are entries PEP 751 does not define: not read, so an error.
  if (entries.length === 0 && diagnostics.length === 0 && text.trim() !== "") {
    const misspelt = Array.isArray(doc["package"]);
    diagnostics.push(
      emptyLockDiagnostic(
        doc,
        "packages",
        !misspelt && header.lockVersion !== undefined,
        misspelt
          ? "not a pylock.toml: [[package]] tables, where PEP 751 has [[packages]]"
          : "not a pylock.toml: no lock-version and no [[packages]] tables",
        at,
      ),
    );
  }

  const result: ParseResult = { packages: entries.map((e) => e.ref), diagnostics, graph };
  if (header.lockVersion !== undefined)
    result.variant = `lock-version ${header.lockVersion}${header.createdBy ? ` (${header.createdBy})` : ""}`;
  if (related !== undefined) result.related = [related];
  return result;
}
