// Each entry's dependency edges: `dependencies`, classic `optionalDependencies` and berry
// `peerDependencies` map name → range, and the entry whose key lists `name@range` is the target.
// Berry marks optional dependencies in `dependenciesMeta` instead. A patch entry also depends on the
// plain entry it was built from. Plain loops, no callbacks: this runs once per dependency of a file
// that can hold 100k of them, mostly before the JIT has warmed up.

import type { Edge } from "./graph.js";
import type { Entry } from "./load.js";
import type { Built } from "./packages.js";
import { isMap, isOptionalIn, map } from "./schema.js";

export interface Edges {
  adjacency: Edge[][];
  /** True when the budget ran out (see below) and some edges are missing. */
  truncated: boolean;
}

const FIELDS = [
  { field: "dependencies", meta: "dependenciesMeta", optional: false, peer: false },
  { field: "optionalDependencies", meta: undefined, optional: true, peer: false },
  { field: "peerDependencies", meta: "peerDependenciesMeta", optional: false, peer: true },
] as const;

/**
 * A real file spends a line (8+ characters) on each dependency, which yields at most two edges (plain
 * and patched entry). YAML aliases can make a small file claim millions (`dependencies: *big` on every
 * entry), so the walk stops at a budget tied to the file's size.
 */
export function buildEdges(entries: readonly Entry[], built: Built, size: number): Edges {
  const adjacency: Edge[][] = new Array(entries.length);
  let budget = Math.floor(size / 4) + 1000;
  const targets: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const list: Edge[] = [];
    adjacency[i] = list;
    const value = (entries[i] as Entry).value;
    if (!isMap(value) || budget < 0) continue;
    for (const f of FIELDS) {
      const deps = map(value, f.field);
      if (!deps) continue;
      const meta = f.meta === undefined ? undefined : map(value, f.meta);
      for (const name of Object.keys(deps)) {
        if (budget < 0) break;
        const range = deps[name];
        if (typeof range !== "string") continue;
        built.index.resolve(name, range, targets);
        const optional = f.optional || (meta !== undefined && isOptionalIn(meta, name));
        for (const to of targets) {
          if (to === i) continue;
          if (--budget < 0) break;
          list.push({ to, name, optional, peer: f.peer, dev: false });
        }
      }
    }
    for (const base of built.patches.get(i) ?? []) {
      const to = built.index.resolvePlain(base.name, base.range);
      if (to === undefined || to === i) continue;
      if (--budget < 0) break;
      list.push({ to, name: base.name, optional: false, peer: false, dev: false });
    }
  }
  return { adjacency, truncated: budget < 0 };
}
