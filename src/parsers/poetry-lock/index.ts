// poetry.lock (Poetry): TOML, one `[[package]]` table per locked package. Three layouts:
// lock-version 2.x (per-package `files`, 2.1 adds `groups`), 1.x (`category`, hashes under
// [metadata.files]) and the legacy layout with no lock-version. Parsed with smol-toml; entry
// lines come from one pass over the text (header-lines.ts). See README.md.

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import { errorReason, LineIndex, stripBom } from "../../core/text.js";
import type {
  ArtifactHash,
  DependencyGraph,
  Location,
  LockfileParser,
  PackageGroup,
  PackageRef,
  PackageSource,
  ParseContext,
  ParseResult,
} from "../../core/types.js";
import { normalizePypiName } from "../../ecosystems/pypi.js";
import { parseDistFileName, parseHash } from "../../ecosystems/pypi-dist.js";
import { emptyLockDiagnostic, loadToml, toml } from "../toml-lines.js";
import { packageHeaderLines } from "./header-lines.js";
import { poetryLockMeta } from "./meta.js";
import { readProject } from "./pyproject.js";
import { isTable, type PoetryFile, type PoetryPackage, readFiles, readPackage } from "./schema.js";

const SUPPORTED_MAJOR = 2;

function sniff(content: string): boolean {
  return /^\[\[package\]\]\s*$/m.test(content) && /^\[metadata\]\s*$/m.test(content);
}

function at(path: string, line: number | undefined): Location {
  return line === undefined ? { path } : { path, line };
}

function unparsable(ctx: ParseContext, reason: string, line: number | undefined): ParseResult {
  return { packages: [], diagnostics: [diagnostic("LOCKFILE_UNPARSABLE", { reason }, at(ctx.path, line))] };
}

async function parse(ctx: ParseContext): Promise<ParseResult> {
  // smol-toml is imported on first use (see toml-lines.ts); the rest of the parse is synchronous.
  await loadToml();
  return parseLoaded(ctx);
}

function parseLoaded(ctx: ParseContext): ParseResult {
  const { parse: parseToml, TomlError } = toml();
  const text = stripBom(ctx.content);
  if (text.trim() === "") return { packages: [], diagnostics: [] };
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text);
  } catch (err) {
    return unparsable(ctx, errorReason(err), err instanceof TomlError ? err.line : undefined);
  }
  const list = doc.package ?? [];
  if (!Array.isArray(list)) return unparsable(ctx, "`package` is not an array of tables", undefined);

  const diagnostics: Diagnostic[] = [];
  const metadata = isTable(doc.metadata) ? doc.metadata : undefined;
  const lockVersion = typeof metadata?.["lock-version"] === "string" ? metadata["lock-version"] : undefined;
  if (metadata === undefined) {
    // Poetry always ends the file with [metadata]; without it the file was cut at a table boundary.
    const reason = "no [metadata] table: the file looks truncated";
    diagnostics.push(
      diagnostic("LOCKFILE_UNPARSABLE", { reason }, at(ctx.path, new LineIndex(text).lineCount)),
    );
  }
  if (lockVersion !== undefined && Number.parseInt(lockVersion, 10) > SUPPORTED_MAJOR) {
    const reason = `lock-version ${lockVersion} is newer than the ${SUPPORTED_MAJOR}.x this parser knows; read as ${SUPPORTED_MAJOR}.x`;
    diagnostics.push(diagnostic("LOCKFILE_UNSUPPORTED", { reason }, at(ctx.path, undefined), "warning"));
  }

  const headerLines = packageHeaderLines(text);
  const linesKnown = headerLines.length === list.length;
  if (!linesKnown) {
    const message = `found ${headerLines.length} [[package]] headers for ${list.length} packages; packages are reported without lines`;
    diagnostics.push(diagnostic("GENERIC", { message }, at(ctx.path, undefined), "warning"));
  }

  const entries: Array<{ pkg: PoetryPackage; ref: PackageRef }> = [];
  for (const [i, value] of list.entries()) {
    const location = at(ctx.path, linesKnown ? headerLines[i] : undefined);
    const read = readPackage(value);
    if (!read.ok) {
      const name = isTable(value) && typeof value.name === "string" ? value.name : `[[package]] #${i + 1}`;
      diagnostics.push(diagnostic("ENTRY_SKIPPED", { entry: name, reason: read.reason }, location));
      continue;
    }
    entries.push({ pkg: read.pkg, ref: toRef(read.pkg, location) });
  }

  attachMetadataHashes(entries, metadata);
  // A [metadata] table and no package: a valid lock of a project without dependencies.
  if (entries.length === 0 && diagnostics.length === 0) {
    diagnostics.push(emptyLockDiagnostic(doc, "package", true, "", (line) => at(ctx.path, line)));
  }
  const result: ParseResult = { packages: entries.map((e) => e.ref), diagnostics };
  const related: string[] = [];
  result.graph = buildGraph(ctx, entries, diagnostics, related);
  if (related.length > 0) result.related = related;
  result.variant = lockVersion !== undefined ? `lock-version ${lockVersion}` : "legacy (no lock-version)";
  return result;
}

function toRef(pkg: PoetryPackage, location: Location): PackageRef {
  const ref: PackageRef = { ecosystem: "PyPI", name: pkg.name, source: "registry", location };
  if (pkg.version !== undefined) ref.version = pkg.version;
  const source = pkg.source;
  if (source !== undefined) {
    ref.source = sourceKind(source.type);
    if (source.type === "git" && source.url !== undefined) {
      const commit = source.resolvedReference ?? source.reference;
      ref.resolved = commit !== undefined ? `${source.url}#${commit}` : source.url;
    } else if (source.type !== "legacy" && source.url !== undefined) {
      ref.resolved = source.url;
    }
  }
  const groups = groupsOf(pkg);
  if (groups.length > 0) ref.groups = groups;
  if (pkg.files !== undefined) {
    const hashes = toHashes(pkg.files);
    if (hashes.length > 0) ref.hashes = hashes;
  }
  return ref;
}

function sourceKind(type: string): PackageSource {
  switch (type) {
    case "git":
      return "git";
    case "directory":
    case "file":
      return "path";
    case "legacy": // a private or secondary index: still a registry release
      return "registry";
    default: // "url", and any future remote kind
      return "url";
  }
}

/**
 * 1.x `category = "dev"` → dev. 2.1 `groups`: "dev" → dev unless "main" also needs the package
 * (a runtime dependency is not dev-only), other non-main groups → group:<name>.
 */
function groupsOf(pkg: PoetryPackage): PackageGroup[] {
  const out = new Set<PackageGroup>();
  if (pkg.category === "dev") out.add("dev");
  else if (pkg.category !== undefined && pkg.category !== "main") out.add(`group:${pkg.category}`);
  const groups = pkg.groups ?? [];
  const inMain = groups.includes("main");
  for (const g of groups) {
    if (g === "main") continue;
    if (g !== "dev") out.add(`group:${g}`);
    else if (!inMain) out.add("dev");
  }
  if (pkg.optional) out.add("optional");
  return [...out];
}

function toHashes(files: PoetryFile[]): ArtifactHash[] {
  const out: ArtifactHash[] = [];
  for (const f of files) {
    // Pre-1.0 [metadata.hashes] lists bare sha256 hex strings.
    const hash = /^[0-9A-Fa-f]{64}$/.test(f.hash)
      ? parseHash(`sha256:${f.hash}`, f.file)
      : parseHash(f.hash, f.file);
    if (hash) out.push(hash);
  }
  return out;
}

/**
 * 1.x and legacy files keep hashes in [metadata.files] (or, before 1.0, [metadata.hashes]) keyed by
 * name. When one name is locked at several versions, each gets the files whose name carries its
 * version.
 */
function attachMetadataHashes(
  entries: Array<{ pkg: PoetryPackage; ref: PackageRef }>,
  metadata: Record<string, unknown> | undefined,
): void {
  const table = isTable(metadata?.files)
    ? metadata.files
    : isTable(metadata?.hashes)
      ? metadata.hashes
      : undefined;
  if (table === undefined) return;
  const byName = new Map<string, PoetryFile[]>();
  for (const [name, files] of Object.entries(table)) byName.set(normalizePypiName(name), readFiles(files));
  const perName = new Map<string, number>();
  for (const { pkg } of entries)
    perName.set(normalizePypiName(pkg.name), (perName.get(normalizePypiName(pkg.name)) ?? 0) + 1);
  for (const { pkg, ref } of entries) {
    if (pkg.files !== undefined) continue;
    const key = normalizePypiName(pkg.name);
    let files = byName.get(key) ?? [];
    if ((perName.get(key) ?? 0) > 1) {
      files = files.filter(
        (f) => f.file !== undefined && parseDistFileName(f.file, pkg.name)?.version === pkg.version,
      );
    }
    const hashes = toHashes(files);
    if (hashes.length > 0) ref.hashes = hashes;
  }
}

/**
 * Poetry records each package's dependencies by name only, so an edge goes to every locked entry
 * of that name (markers decide which one installs; we do not evaluate them). Roots come from the
 * sibling pyproject.toml when there is one.
 */
function buildGraph(
  ctx: ParseContext,
  entries: Array<{ pkg: PoetryPackage; ref: PackageRef }>,
  diagnostics: Diagnostic[],
  related: string[],
): DependencyGraph {
  const idsByName = new Map<string, string[]>();
  const used = new Set<string>();
  for (const [i, { pkg, ref }] of entries.entries()) {
    let id = `${pkg.name}@${pkg.version ?? "-"}`;
    if (used.has(id)) id = `${id}#${i + 1}`;
    used.add(id);
    ref.nodeId = id;
    const key = normalizePypiName(pkg.name);
    const ids = idsByName.get(key);
    if (ids) ids.push(id);
    else idsByName.set(key, [id]);
  }
  const targets = (names: string[], self?: string): string[] => {
    const out = new Set<string>();
    for (const name of names)
      for (const id of idsByName.get(normalizePypiName(name)) ?? []) if (id !== self) out.add(id);
    return [...out];
  };
  const edges = new Map<string, string[]>();
  for (const { pkg, ref } of entries) {
    const to = targets(pkg.dependencies, ref.nodeId);
    if (to.length > 0 && ref.nodeId !== undefined) edges.set(ref.nodeId, to);
  }
  const roots = new Map<string, string>();

  const manifest = ctx.readRelated(ctx.path, "pyproject.toml");
  if (!manifest.ok) return { roots, edges }; // no manifest beside the lock: no roots, no direct flags
  related.push(manifest.path);
  const { parse: parseToml, TomlError } = toml();
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(stripBom(manifest.content));
  } catch (err) {
    // The lock itself was read in full, so this only costs the graph its roots: a warning.
    const line = err instanceof TomlError ? err.line : undefined;
    diagnostics.push(
      diagnostic("LOCKFILE_UNPARSABLE", { reason: errorReason(err) }, at(manifest.path, line), "warning"),
    );
    return { roots, edges };
  }
  const project = readProject(doc);
  roots.set(manifest.path, project.name ?? "(root)");
  edges.set(manifest.path, targets(project.direct));
  const direct = new Set(project.direct.map(normalizePypiName));
  for (const { ref } of entries) ref.direct = direct.has(normalizePypiName(ref.name));
  return { roots, edges };
}

export const poetryLockParser: LockfileParser = {
  ...poetryLockMeta,
  sniff,
  parse,
};
