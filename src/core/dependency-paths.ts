// Shortest dependency chains from a root (the project or a workspace) to a package, for the
// "app > left-pad-wrapper > left-pad" lines under a finding. Works backwards from the target over
// reversed edges, so the cost is proportional to the target's ancestors, not the whole graph.

import type { DependencyGraph, PackageRef, ParseResult } from "./types.js";

/** The file's graph, building it first when the parser deferred it. */
export function graphOf(result: Pick<ParseResult, "graph">): DependencyGraph | undefined {
  return typeof result.graph === "function" ? result.graph() : result.graph;
}

const MAX_PATHS = 3;
/** Bounds the search on pathological graphs; real lockfiles stay far below it. */
const MAX_EXPANSIONS = 50_000;

export interface PathInfo {
  paths: string[][];
  direct: boolean;
}

/** Reusable per-file index: reversed edges and labels. Build once per file that has findings. */
export class PathFinder {
  readonly #graph: DependencyGraph;
  readonly #reverse = new Map<string, Set<string>>();
  readonly #labels = new Map<string, string>();

  constructor(graph: DependencyGraph, packages: readonly PackageRef[]) {
    this.#graph = graph;
    // Sets, not arrays: a hostile graph with thousands of edges into one node must stay linear.
    for (const [from, tos] of graph.edges) {
      for (const to of tos) {
        const parents = this.#reverse.get(to);
        if (parents) parents.add(from);
        else this.#reverse.set(to, new Set([from]));
      }
    }
    for (const p of packages)
      if (p.nodeId && !this.#labels.has(p.nodeId)) this.#labels.set(p.nodeId, p.alias ?? p.name);
    if (graph.labels) for (const [id, label] of graph.labels) this.#labels.set(id, label);
    for (const [id, label] of graph.roots) this.#labels.set(id, label);
  }

  /** Up to three shortest chains (root label first, target last), and whether a root depends on it directly. */
  find(target: string): PathInfo {
    const roots = this.#graph.roots;
    const label = (id: string): string => this.#labels.get(id) ?? id;
    if (roots.has(target)) return { paths: [], direct: false };
    // BFS backwards; each queue item is a chain from the target up to some ancestor.
    const found: string[][] = [];
    const visits = new Map<string, number>();
    let queue: string[][] = [[target]];
    let expansions = 0;
    while (queue.length > 0 && found.length < MAX_PATHS && expansions < MAX_EXPANSIONS) {
      const next: string[][] = [];
      for (const chain of queue) {
        const head = chain[chain.length - 1] as string;
        for (const parent of this.#reverse.get(head) ?? []) {
          if (++expansions > MAX_EXPANSIONS) break;
          if (chain.includes(parent)) continue;
          // Let a node appear on a few chains so alternatives survive, but never explode.
          const v = visits.get(parent) ?? 0;
          if (v >= MAX_PATHS) continue;
          visits.set(parent, v + 1);
          const extended = [...chain, parent];
          if (roots.has(parent)) {
            found.push(extended);
            if (found.length >= MAX_PATHS) break;
          } else next.push(extended);
        }
        if (found.length >= MAX_PATHS) break;
      }
      queue = next;
    }
    const paths = found.map((chain) => chain.reverse().map(label));
    const direct = found.some((chain) => chain.length === 2);
    return { paths, direct };
  }
}
