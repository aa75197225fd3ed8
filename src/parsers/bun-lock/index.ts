// bun.lock (bun ≥ 1.1.39's text lockfile, lockfileVersion 0 and 1) and bun.lockb (the older binary
// lockfile, which is reported, not read). jsonc-parser reads the JSONC; the `packages` tuples are
// classified with the same npm spec rules as package-lock. See README.md in this folder.

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import { baseName, sriToHex, stripBom } from "../../core/text.js";
import type { LockfileParser, PackageRef, ParseContext, ParseResult } from "../../core/types.js";
import { readVersionSpec, type SpecReading, splitNameSpec } from "../package-lock/npm-spec.js";
import { BunResolver, derivedGroups, splitKey, type TypedEdges } from "./graph.js";
import { parseJsoncDocument, workspaceKey } from "./jsonc-tree.js";
import { bunLockMeta } from "./meta.js";
import {
  type EdgeKind,
  forEachDependency,
  isObject,
  type JsonObject,
  obj,
  PACKAGE_DEP_FIELDS,
  str,
  tupleInfo,
  tupleIntegrity,
  tupleRegistry,
  WORKSPACE_DEP_FIELDS,
} from "./schema.js";

const SNIFF_BYTES = 64 * 1024;
const BINARY_HINT = "run `bun install --save-text-lockfile` to write bun.lock";

export const bunLockParser = {
  ...bunLockMeta,
  sniff(content: string): boolean {
    const head = stripBom(content.slice(0, SNIFF_BYTES));
    return (
      /^\s*\{/.test(head) && /"lockfileVersion"\s*:/.test(head) && /"workspaces"\s*:\s*\{\s*""\s*:/.test(head)
    );
  },
  parse: parseBunLock,
} satisfies LockfileParser;

function unparsable(path: string, reason: string, line: number): ParseResult {
  return { packages: [], diagnostics: [diagnostic("LOCKFILE_UNPARSABLE", { reason }, { path, line })] };
}

export function parseBunLock(ctx: ParseContext): ParseResult {
  const path = ctx.path;
  if (baseName(path) === "bun.lockb") {
    return {
      packages: [],
      diagnostics: [diagnostic("BINARY_LOCKFILE", { hint: BINARY_HINT }, { path })],
      variant: "bun.lockb (binary)",
    };
  }
  const text = stripBom(ctx.content);
  if (text.trim() === "") return unparsable(path, "file is empty", 1);
  let doc: ReturnType<typeof parseJsoncDocument>;
  try {
    doc = parseJsoncDocument(text);
  } catch (err) {
    // jsonc-parser recurses once per nesting level.
    const reason = err instanceof RangeError ? "nested too deeply" : String(err);
    return unparsable(path, reason, 1);
  }
  if (doc.error !== undefined) return unparsable(path, doc.error.reason, doc.error.line);
  const data = doc.value;
  if (!isObject(data)) return unparsable(path, "the top level is not a JSON object", 1);

  const diagnostics: Diagnostic[] = [];
  const lv = data["lockfileVersion"];
  let variant = `lockfileVersion ${String(lv)}`;
  if (lv !== 0 && lv !== 1) {
    variant += " (unknown; read as 1)";
    diagnostics.push(
      diagnostic(
        "GENERIC",
        { message: `unknown bun.lock lockfileVersion ${JSON.stringify(lv) ?? "(none)"}; read as version 1` },
        { path, line: 1 },
      ),
    );
  }
  const packagesMap = data["packages"];
  if (packagesMap !== undefined && !isObject(packagesMap)) {
    return unparsable(path, '"packages" is not a JSON object', 1);
  }
  if (packagesMap === undefined && !isObject(data["workspaces"])) {
    // bun always writes both; with neither, nothing marks this as a bun.lock.
    return unparsable(path, 'not a bun.lock: no "workspaces" and no "packages"', 1);
  }
  const section: JsonObject = packagesMap ?? Object.create(null);
  const workspaces: JsonObject = obj(data, "workspaces") ?? Object.create(null);

  const packages: PackageRef[] = [];
  const has = (key: string): boolean => Object.hasOwn(section, key) && Array.isArray(section[key]);
  const resolver = new BunResolver(has);
  const edges: TypedEdges = new Map();
  const workspaceNode = new Map<string, string>();
  const addEdges = (from: string, o: JsonObject, fields: typeof PACKAGE_DEP_FIELDS) => {
    forEachDependency(o, fields, (name, kind: EdgeKind) => {
      const to = resolver.resolve(from, name);
      if (to === undefined) return;
      const list = edges.get(from);
      if (list === undefined) edges.set(from, [[to, kind]]);
      else list.push([to, kind]);
    });
  };

  for (const key of Object.keys(section)) {
    const tuple = section[key];
    const line = doc.packageLines.get(key) ?? 1;
    const head = Array.isArray(tuple) && typeof tuple[0] === "string" ? splitNameSpec(tuple[0]) : undefined;
    if (!Array.isArray(tuple) || head === undefined) {
      diagnostics.push(
        diagnostic(
          "ENTRY_SKIPPED",
          { entry: JSON.stringify(key), reason: 'not a ["name@version", …] tuple' },
          { path, line },
        ),
      );
      continue;
    }
    const { name, spec } = head;
    if (spec.startsWith("root:")) continue; // the project itself, described by workspaces[""]
    const installed = splitKey(key)[1];
    let reading: SpecReading;
    if (spec.startsWith("workspace:")) {
      const folder = spec.slice(10);
      workspaceNode.set(folder, key);
      const ws = obj(workspaces, folder);
      reading = { source: "workspace" };
      const v = ws && str(ws, "version");
      if (v !== undefined) reading.version = v;
    } else {
      reading = readVersionSpec(name, spec, undefined);
      if (reading.source === "registry") {
        const registry = tupleRegistry(tuple);
        if (registry !== undefined) reading.resolved = registry;
      }
    }
    const p: PackageRef = {
      ecosystem: "npm",
      name,
      source: reading.source,
      nodeId: key,
      location: { path, line },
    };
    if (installed !== name) p.alias = installed;
    if (reading.version !== undefined) p.version = reading.version;
    if (reading.resolved !== undefined) p.resolved = reading.resolved;
    const integrity = tupleIntegrity(tuple);
    if (integrity !== undefined) {
      const hashes = sriToHex(integrity);
      if (hashes.length > 0) p.hashes = hashes;
    }
    packages.push(p);
    if (p.version === undefined && p.source !== "workspace" && p.source !== "path") {
      diagnostics.push(diagnostic("VERSION_MISSING", { name, entry: key }, p.location));
    }
    const info = tupleInfo(tuple);
    if (info !== undefined) addEdges(key, info, PACKAGE_DEP_FIELDS);
  }

  // Roots: the project ("") and each workspace, whose dependencies bun records in `workspaces`.
  const roots = new Map<string, string>();
  for (const folder of Object.keys(workspaces)) {
    const ws = workspaces[folder];
    if (!isObject(ws)) continue;
    const id = folder === "" ? "" : (workspaceNode.get(folder) ?? `workspace:${folder}`);
    roots.set(id, str(ws, "name") ?? (folder === "" ? "(root)" : folder));
    addEdges(id, ws, WORKSPACE_DEP_FIELDS);
  }
  if (!roots.has("")) roots.set("", "(root)");
  if (!resolver.exhausted)
    reportMissing(workspaces, workspaceNode, resolver, doc.workspaceLines, path, diagnostics);
  if (packages.length === 0 && diagnostics.length === 0) {
    const line = doc.topLines.get("packages") ?? 1;
    diagnostics.push(
      diagnostic(
        "NO_PACKAGES_LOCKED",
        {
          detail:
            packagesMap === undefined ? 'no "packages"' : '"packages" lists no package besides the project',
        },
        { path, line },
      ),
    );
  }

  const result: ParseResult = { packages, diagnostics, variant };
  if (resolver.exhausted) {
    diagnostics.push(
      diagnostic(
        "GENERIC",
        { message: "dependency graph not built: the install paths are too long or too deep to resolve" },
        { path },
      ),
    );
    return result;
  }
  const direct = new Set<string>();
  for (const id of roots.keys()) for (const [to] of edges.get(id) ?? []) direct.add(to);
  const groups = derivedGroups(roots.keys(), edges);
  for (const p of packages) {
    const id = p.nodeId as string;
    p.direct = direct.has(id);
    const g = p.source === "workspace" ? undefined : groups.get(id);
    if (g !== undefined) p.groups = g;
  }
  const plain = new Map<string, string[]>();
  for (const [from, list] of edges) {
    plain.set(
      from,
      list.map(([to]) => to),
    );
  }
  result.graph = { roots, edges: plain };
  return result;
}

/**
 * A dependency a workspace declares that has no entry in `packages`: bun writes one for every
 * dependency it installs, so the package was never locked and cannot be checked. Peers listed in
 * `optionalPeers` are the exception (bun installs them only when something else brings them).
 */
function reportMissing(
  workspaces: JsonObject,
  workspaceNode: ReadonlyMap<string, string>,
  resolver: BunResolver,
  lines: ReadonlyMap<string, number>,
  path: string,
  diagnostics: Diagnostic[],
): void {
  for (const folder of Object.keys(workspaces)) {
    const ws = workspaces[folder];
    if (!isObject(ws)) continue;
    const from = folder === "" ? "" : (workspaceNode.get(folder) ?? `workspace:${folder}`);
    const optionalPeers = Array.isArray(ws["optionalPeers"]) ? (ws["optionalPeers"] as unknown[]) : [];
    const where = folder === "" ? "the root workspace" : `workspace ${JSON.stringify(folder)}`;
    const seen = new Set<string>();
    for (const [field] of WORKSPACE_DEP_FIELDS) {
      const map = obj(ws, field);
      if (map === undefined) continue;
      for (const name of Object.keys(map)) {
        if (seen.has(name)) continue;
        seen.add(name);
        if (field === "peerDependencies" && optionalPeers.includes(name)) continue;
        if (resolver.resolve(from, name) !== undefined) continue;
        if (resolver.exhausted) return; // the graph's own diagnostic says paths were not resolved
        const line = lines.get(workspaceKey(folder, field, name));
        diagnostics.push(
          diagnostic(
            "LOCKFILE_INCONSISTENT",
            {
              entry: `${JSON.stringify(name)} (a ${field.replace(/ies$/, "y")} of ${where})`,
              reason: "no entry in packages, so no version is locked; not scanned",
            },
            line === undefined ? { path } : { path, line },
          ),
        );
      }
    }
  }
}
