// The dependency graph of a uv.lock and what it says about each package: which workspace member
// needs it directly, and whether it is only needed through an extra (optional) or a dependency
// group (dev). Extras are followed precisely: `{ name = "x", extra = ["y"] }` activates x's
// `[package.optional-dependencies] y`, so a package needed only by some extra of a library is
// not mistaken for a main dependency. Markers are not evaluated (every platform counts).

import type { PackageGroup } from "../../core/types.js";
import { normalizePypiName } from "../../ecosystems/pypi.js";
import type { UvDependency, UvPackage, UvSource } from "./schema.js";

/** A resolved dependency: target package indexes plus the extras it activates on them. */
interface Edge {
  targets: number[];
  extras: string[];
}

interface Node {
  main: Edge[];
  optional: Map<string, Edge[]>;
  dev: Map<string, Edge[]>;
}

export interface UvGraphFacts {
  /** Per package index: the targets of all its dependency lists, deduplicated. */
  edges: number[][];
  /** Per package index: groups (undefined when the package is a main dependency or unreachable). */
  groups: Array<PackageGroup[] | undefined>;
  /** Per package index: true when a root depends on it; undefined for roots or when there are none. */
  direct: Array<boolean | undefined>;
}

function sameSource(a: UvSource | undefined, b: UvSource): boolean {
  return a !== undefined && a.kind === b.kind && a.value === b.value;
}

/**
 * Analyses the graph. `roots` are the indexes of workspace members (editable and virtual sources):
 * their dev groups and extras define what is dev and optional.
 */
export function analyseGraph(packages: readonly UvPackage[], roots: ReadonlySet<number>): UvGraphFacts {
  const byName = new Map<string, number[]>();
  packages.forEach((p, i) => {
    const key = normalizePypiName(p.name);
    const list = byName.get(key);
    if (list) list.push(i);
    else byName.set(key, [i]);
  });

  // uv names the version (and source) of a dependency only when several packages share its name.
  function resolve(dep: UvDependency): Edge {
    const all = byName.get(normalizePypiName(dep.name)) ?? [];
    let targets = all;
    if (all.length > 1 && dep.version !== undefined)
      targets = targets.filter((i) => packages[i]?.version === dep.version);
    if (targets.length > 1 && dep.source) {
      const source = dep.source;
      targets = targets.filter((i) => sameSource(packages[i]?.source, source));
    }
    return { targets, extras: dep.extras };
  }

  function resolveGroups(groups: Map<string, UvDependency[]>): Map<string, Edge[]> {
    const out = new Map<string, Edge[]>();
    for (const [g, deps] of groups) out.set(g, deps.map(resolve));
    return out;
  }

  const nodes: Node[] = packages.map((p) => ({
    main: p.dependencies.map(resolve),
    optional: resolveGroups(p.optional),
    dev: resolveGroups(p.dev),
  }));

  const edges = nodes.map((node) => {
    const set = new Set<number>();
    const lists = [node.main, ...node.optional.values(), ...node.dev.values()];
    for (const list of lists) for (const e of list) for (const t of e.targets) set.add(t);
    return [...set];
  });

  /** Every package reachable from `starts`, following main dependencies and activated extras. */
  function closure(starts: readonly Edge[]): Set<number> {
    const reached = new Set<number>();
    const seen = new Set<string>();
    const stack: Array<[number, string | null]> = [];
    const push = (e: Edge): void => {
      for (const t of e.targets) {
        stack.push([t, null]);
        for (const x of e.extras) stack.push([t, x]);
      }
    };
    starts.forEach(push);
    for (let item = stack.pop(); item; item = stack.pop()) {
      const [i, extra] = item;
      const key = `${i}\u0000${extra ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      reached.add(i);
      const node = nodes[i];
      if (!node) continue;
      const next = extra === null ? node.main : (node.optional.get(extra) ?? []);
      next.forEach(push);
    }
    return reached;
  }

  const groups: Array<PackageGroup[] | undefined> = packages.map(() => undefined);
  const direct: Array<boolean | undefined> = packages.map((_p, i) =>
    roots.size > 0 && !roots.has(i) ? false : undefined,
  );
  if (roots.size === 0) return { edges, groups, direct };

  const rootNodes = [...roots].map((i) => nodes[i]).filter((n): n is Node => n !== undefined);
  for (const node of rootNodes) {
    const lists = [node.main, ...node.optional.values(), ...node.dev.values()];
    for (const list of lists)
      for (const e of list) for (const t of e.targets) if (!roots.has(t)) direct[t] = true;
  }

  const main = closure(rootNodes.flatMap((n) => n.main));
  const optional = new Map<number, Set<string>>();
  const dev = new Map<number, Set<string>>();
  function mark(into: Map<number, Set<string>>, reached: Set<number>, label: string): void {
    for (const i of reached) {
      if (main.has(i) || roots.has(i)) continue;
      const set = into.get(i);
      if (set) set.add(label);
      else into.set(i, new Set([label]));
    }
  }
  for (const node of rootNodes) {
    for (const [extra, list] of node.optional) mark(optional, closure(list), extra);
    for (const [group, list] of node.dev) mark(dev, closure(list), group);
  }
  for (let i = 0; i < packages.length; i++) {
    const extras = optional.get(i);
    // Reachable through an extra means a production install can include it: optional, not dev.
    if (extras) groups[i] = ["optional", ...[...extras].sort().map((e): PackageGroup => `extra:${e}`)];
    else {
      const devGroups = dev.get(i);
      if (devGroups)
        groups[i] = [
          "dev",
          ...[...devGroups]
            .filter((g) => g !== "dev")
            .sort()
            .map((g): PackageGroup => `group:${g}`),
        ];
    }
  }
  return { edges, groups, direct };
}
