// The dependency graph of a yarn.lock, and the dev/optional/direct facts that follow from it.
// yarn.lock records no dev flags, so they are derived: a package is `dev` when every path to it from
// a root starts with a devDependency, and `optional` when every path crosses an optional edge.
// Three breadth-first walks (all edges; no dev root edges; no optional edges) give both.

import type { DependencyGraph } from "../../core/types.js";

export interface Edge {
  to: number;
  name: string;
  optional: boolean;
  peer: boolean;
  /** Set only on root edges: the root's manifest lists the name in devDependencies only. */
  dev: boolean;
}

export interface Root {
  id: string;
  label: string;
  /** The entry that is this root (a berry workspace); absent for classic's package.json root. */
  node?: number;
  edges: Edge[];
}

export interface GraphFacts {
  graph: DependencyGraph;
  direct: Uint8Array;
  dev: Uint8Array;
  optional: Uint8Array;
}

const ALL = 0;
const SKIP_DEV = 1;
const SKIP_OPTIONAL = 2;
type Walk = typeof ALL | typeof SKIP_DEV | typeof SKIP_OPTIONAL;

/** Builds the output graph and the per-entry facts. `ids[i]` is entry i's node id; `adjacency[i]` its edges. */
export function analyse(
  ids: readonly string[],
  adjacency: readonly Edge[][],
  roots: readonly Root[],
): GraphFacts {
  const n = ids.length;
  const edges = new Map<string, string[]>();
  // Dedupes each node's targets (one entry can be reached by two descriptors) without a Set per node.
  const stamp = new Int32Array(n);
  let round = 0;
  const addEdges = (from: string, list: readonly Edge[]): void => {
    if (list.length === 0) return;
    round++;
    const targets = edges.get(from) ?? [];
    for (const e of list) {
      if (stamp[e.to] === round) continue;
      stamp[e.to] = round;
      targets.push(ids[e.to] as string);
    }
    edges.set(from, targets);
  };
  for (let i = 0; i < n; i++) addEdges(ids[i] as string, adjacency[i] as Edge[]);
  const rootLabels = new Map<string, string>();
  const direct = new Uint8Array(n);
  for (const r of roots) {
    rootLabels.set(r.id, r.label);
    if (r.node === undefined) addEdges(r.id, r.edges);
    for (const e of r.edges) if (!e.peer) direct[e.to] = 1;
  }
  const all = reach(adjacency, roots, ALL);
  const nonDev = reach(adjacency, roots, SKIP_DEV);
  const required = reach(adjacency, roots, SKIP_OPTIONAL);
  const dev = new Uint8Array(n);
  const optional = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (all[i] && !nonDev[i]) dev[i] = 1;
    if (all[i] && !required[i]) optional[i] = 1;
  }
  return { graph: { roots: rootLabels, edges }, direct, dev, optional };
}

function reach(adjacency: readonly Edge[][], roots: readonly Root[], walk: Walk): Uint8Array {
  const seen = new Uint8Array(adjacency.length);
  const queue = new Int32Array(adjacency.length);
  let tail = 0;
  for (const r of roots) {
    if (r.node !== undefined && !seen[r.node]) {
      seen[r.node] = 1;
      queue[tail++] = r.node;
    }
    for (const e of r.edges) {
      if ((walk === SKIP_DEV && e.dev) || (walk === SKIP_OPTIONAL && e.optional) || seen[e.to]) continue;
      seen[e.to] = 1;
      queue[tail++] = e.to;
    }
  }
  for (let head = 0; head < tail; head++) {
    for (const e of adjacency[queue[head] as number] as Edge[]) {
      if ((walk === SKIP_DEV && e.dev) || (walk === SKIP_OPTIONAL && e.optional) || seen[e.to]) continue;
      seen[e.to] = 1;
      queue[tail++] = e.to;
    }
  }
  return seen;
}
