// lockfileVersion 1 (npm 5/6) and pre-lockfileVersion npm-shrinkwrap.json: a `dependencies` tree
// nested the way node_modules is. Each entry is keyed by its installed name; `version` may hold a
// spec instead of a version (`npm:real@1.0.0` aliases, git URLs, `github:` shorthands, tarball
// URLs, `file:` paths). Node ids are the v2-style install paths the nesting implies
// ("node_modules/a/node_modules/b"), so both layouts share the graph code. The tree is walked
// with an explicit stack in document order (pre-order), which is also the order the keys appear
// in the text, so one forward cursor finds every key.

import { diagnostic } from "../../core/diagnostics.js";
import type { JsonKeyLocator } from "../../core/text.js";
import { stripBom } from "../../core/text.js";
import type { ParseContext } from "../../core/types.js";
import { NodeModulesResolver } from "./graph.js";
import {
  readVersionSpec,
  registryTarballVersion,
  type SpecReading,
  sourceOfResolved,
  splitNameSpec,
} from "./npm-spec.js";
import { addPackage, isIndexLike, keyLocator, type Reader, setIntegrity, setVersion } from "./reader.js";
import {
  forEachDependency,
  groupsOf,
  isObject,
  type JsonObject,
  obj,
  ROOT_DEP_FIELDS,
  str,
} from "./schema.js";

/** Deeper nesting than this is not a real install tree; its subtree is reported as skipped. */
export const MAX_V1_DEPTH = 200;

interface Frame {
  map: JsonObject;
  keys: string[];
  next: number;
  /** Node id of the entry owning this map ("" for the top level). */
  parent: string;
  locator: JsonKeyLocator;
  /** Offset of this map's key in the text, for the locator of an index-like key. */
  start: number;
  /** Line reported for an entry whose key cannot be found: its parent's. */
  line: number;
  depth: number;
}

export interface V1Result {
  /** The sibling package.json read for the root's direct dependencies, when one was available. */
  manifest?: string;
  /** True when package.json said which dependencies are direct. */
  directKnown: boolean;
  graphComplete: boolean;
}

export function readDependencies(r: Reader, ctx: ParseContext, data: JsonObject, top: JsonObject): V1Result {
  const cursor = keyLocator(r.text);
  const topAt = cursor.next("dependencies", "{");
  const entries = new Map<string, JsonObject>();
  const stack: Frame[] = [
    {
      map: top,
      keys: Object.keys(top),
      next: 0,
      parent: "",
      locator: cursor,
      start: topAt === -1 ? 0 : topAt,
      line: topAt === -1 ? 1 : r.lines.lineOf(topAt),
      depth: 1,
    },
  ];

  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    if (f.next >= f.keys.length) {
      stack.pop();
      continue;
    }
    const key = f.keys[f.next++] as string;
    const entry = f.map[key];
    const locator = isIndexLike(key) ? keyLocator(r.text, f.start) : f.locator;
    const at = locator.next(key, isObject(entry) ? "{" : undefined);
    const line = at === -1 ? f.line : r.lines.lineOf(at);
    const nodeId = f.parent === "" ? `node_modules/${key}` : `${f.parent}/node_modules/${key}`;
    if (!isObject(entry)) {
      r.diagnostics.push(
        diagnostic("ENTRY_SKIPPED", { entry: nodeId, reason: "not a JSON object" }, { path: r.path, line }),
      );
      continue;
    }
    entries.set(nodeId, entry);
    readEntry(r, key, entry, nodeId, line);

    const nested = obj(entry, "dependencies");
    const nestedKeys = nested === undefined ? [] : Object.keys(nested);
    if (nested === undefined || nestedKeys.length === 0) continue;
    if (f.depth >= MAX_V1_DEPTH) {
      r.diagnostics.push(
        diagnostic(
          "ENTRY_SKIPPED",
          { entry: `${nodeId} dependencies`, reason: `nested deeper than ${MAX_V1_DEPTH} levels` },
          { path: r.path, line },
        ),
      );
      continue;
    }
    // Move past this entry's own "dependencies" key so a child named like a field is found as a key.
    const nestedAt = at === -1 ? -1 : locator.next("dependencies", "{");
    stack.push({
      map: nested,
      keys: nestedKeys,
      next: 0,
      parent: nodeId,
      locator,
      start: nestedAt === -1 ? f.start : nestedAt,
      line,
      depth: f.depth + 1,
    });
  }

  // Edges: each entry's `requires`, resolved by Node's lookup over the synthesized install paths.
  const resolver = new NodeModulesResolver(entries.keys());
  const required = new Set<string>();
  for (const [id, entry] of entries) {
    let targets: string[] | undefined;
    const from = resolver.idOf(id);
    forEachDependency(entry, ["requires"], (name) => {
      const to = resolver.resolve(from, name);
      if (to === undefined) return;
      if (targets === undefined) targets = [to];
      else targets.push(to);
      required.add(to);
    });
    if (targets !== undefined) r.edges.set(id, targets);
  }

  // The root's direct dependencies are not in a v1 lockfile; they are in package.json beside it.
  r.roots.set("", str(data, "name") ?? "(root)");
  const result: V1Result = { directKnown: false, graphComplete: true };
  const manifest = readManifest(ctx);
  const rootTargets: string[] = [];
  if (manifest !== undefined) {
    result.manifest = manifest.path;
    result.directKnown = true;
    forEachDependency(manifest.json, ROOT_DEP_FIELDS, (name) => {
      const to = resolver.resolve(0, name);
      if (to === undefined) return;
      rootTargets.push(to);
      r.direct.add(to);
    });
  } else {
    // Without it, the top-level entries nothing requires must be direct (or extraneous); others
    // may be too, so `direct` stays unset.
    for (const key of Object.keys(top)) {
      const id = `node_modules/${key}`;
      if (entries.has(id) && !required.has(id)) rootTargets.push(id);
    }
  }
  if (rootTargets.length > 0) r.edges.set("", rootTargets);
  result.graphComplete = !resolver.exhausted;
  return result;
}

function readEntry(r: Reader, key: string, entry: JsonObject, nodeId: string, line: number): void {
  const version = str(entry, "version");
  const resolved = str(entry, "resolved");
  let name = key;
  let reading: SpecReading;
  if (version === undefined) {
    reading = { source: sourceOfResolved(resolved) };
    const v = resolved !== undefined ? registryTarballVersion(resolved, key) : undefined;
    if (v !== undefined) reading.version = v;
    if (resolved !== undefined) reading.resolved = resolved;
  } else {
    let spec = version;
    if (version.startsWith("npm:")) {
      // An alias: `"string-width-cjs": { "version": "npm:string-width@4.2.3" }`.
      const split = splitNameSpec(version.slice(4));
      name = split?.name ?? version.slice(4);
      spec = split?.spec ?? "";
    }
    reading = spec === "" ? { source: sourceOfResolved(resolved) } : readVersionSpec(name, spec, resolved);
    if (spec === "" && resolved !== undefined) reading.resolved = resolved;
  }
  const p = addPackage(r, name, reading.source, nodeId, line);
  if (name !== key) p.alias = key;
  setVersion(r, p, reading.version);
  if (reading.resolved !== undefined) p.resolved = reading.resolved;
  setIntegrity(p, str(entry, "integrity"));
  const groups = groupsOf(entry);
  if (groups !== undefined) p.groups = groups;
}

function readManifest(ctx: ParseContext): { path: string; json: JsonObject } | undefined {
  const file = ctx.readRelated(ctx.path, "package.json");
  if (!file.ok) return undefined;
  try {
    const json: unknown = JSON.parse(stripBom(file.content));
    return isObject(json) ? { path: file.path, json } : undefined;
  } catch {
    return undefined;
  }
}
