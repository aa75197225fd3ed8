// The graph's roots. Berry lists every workspace as an entry (`name@workspace:<folder>`) whose
// dependencies are the workspace's direct ones, devDependencies merged in; each workspace's
// package.json says which of them are dev-only. Classic has no root entry, so the sibling
// package.json stands in; with `workspaces` the members' manifests (globs) cannot be read through
// readRelated, so dev-only and "not direct" cannot be told there.

import { stripBom } from "../../core/text.js";
import type { ParseContext } from "../../core/types.js";
import { splitDescriptor } from "./descriptor.js";
import type { Edge, Root } from "./graph.js";
import type { Entry } from "./load.js";
import type { Built } from "./packages.js";
import { forEachRange, isMap, map, str, type YamlMap } from "./schema.js";

const MANIFEST = "package.json";

export interface Roots {
  roots: Root[];
  /** False when some roots could not be seen (classic workspaces): then no dev groups and no `direct: false`. */
  complete: boolean;
}

/** Reads sibling manifests through readRelated, once each, and remembers which were read. */
export class Manifests {
  readonly #ctx: ParseContext;
  readonly #cache = new Map<string, YamlMap | undefined>();
  readonly related: string[] = [];

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }

  /** The manifest in a folder relative to the lockfile ("." for its own), or undefined when missing or broken. */
  get(folder: string): YamlMap | undefined {
    const relative = folder === "." || folder === "" ? MANIFEST : `${folder.replace(/\/+$/, "")}/${MANIFEST}`;
    if (this.#cache.has(relative)) return this.#cache.get(relative);
    const manifest = this.#read(relative);
    this.#cache.set(relative, manifest);
    return manifest;
  }

  #read(relative: string): YamlMap | undefined {
    const file = this.#ctx.readRelated(this.#ctx.path, relative);
    if (!file.ok) return undefined;
    try {
      const json: unknown = JSON.parse(stripBom(file.content));
      if (!isMap(json)) return undefined;
      this.related.push(file.path);
      return json;
    } catch {
      return undefined; // a broken manifest only costs the dev/direct facts
    }
  }
}

export function berryRoots(
  manifests: Manifests,
  entries: readonly Entry[],
  built: Built,
  adjacency: Edge[][],
): Roots {
  const roots: Root[] = [];
  for (const [i, folder] of built.workspaces) {
    const entry = entries[i] as Entry;
    const resolution = isMap(entry.value) ? str(entry.value, "resolution") : undefined;
    const label = splitDescriptor(resolution ?? entry.id).name;
    const devOnly = devOnlyNames(manifests.get(folder));
    const edges = adjacency[i] as Edge[];
    for (const e of edges) if (!e.peer && devOnly.has(e.name)) e.dev = true;
    roots.push({ id: entry.id, label, node: i, edges });
  }
  return { roots, complete: true };
}

export function classicRoots(manifests: Manifests, built: Built): Roots {
  const manifest = manifests.get(".");
  const id = manifests.related[0];
  if (!manifest || id === undefined) return { roots: [], complete: true };
  const devOnly = devOnlyNames(manifest);
  const edges: Edge[] = [];
  const targets: number[] = [];
  for (const field of ["dependencies", "devDependencies", "optionalDependencies"] as const) {
    const optional = field === "optionalDependencies";
    forEachRange(map(manifest, field), (name, range) => {
      built.index.resolve(name, range, targets);
      const dev = field === "devDependencies" && devOnly.has(name);
      for (const to of targets) edges.push({ to, name, optional, peer: false, dev });
    });
  }
  return {
    roots: [{ id, label: str(manifest, "name") ?? id, edges }],
    complete: !Object.hasOwn(manifest, "workspaces"),
  };
}

/** Names listed in devDependencies and not in dependencies or optionalDependencies. */
function devOnlyNames(manifest: YamlMap | undefined): Set<string> {
  const dev = new Set<string>();
  if (!manifest) return dev;
  forEachRange(map(manifest, "devDependencies"), (name) => dev.add(name));
  forEachRange(map(manifest, "dependencies"), (name) => dev.delete(name));
  forEachRange(map(manifest, "optionalDependencies"), (name) => dev.delete(name));
  return dev;
}
