// bun.lock keys are install paths written as names joined by "/": "a/@s/b" is @s/b inside a's
// node_modules. A dependency `c` of the package at "a/b" is the first of "a/b/c", "a/c", "c" that
// exists (Node's lookup, in bun's spelling). bun.lock does not flag dev or optional packages, so
// the flags are derived here the way npm defines them: dev = reachable only through a workspace's
// devDependencies, optional = reachable only through optional edges.

import type { PackageGroup } from "../../core/types.js";
import type { EdgeKind } from "./schema.js";

/** Characters hashed while resolving, at most (guards against hostile, very deep keys). */
const RESOLVE_BUDGET = 200_000_000;

/** Splits a key into its parent key and its last (scope-aware) name: "a/@s/b" → ["a", "@s/b"]. */
export function splitKey(key: string): [parent: string, name: string] {
  const j = key.lastIndexOf("/");
  if (j === -1) return ["", key];
  const k = key.lastIndexOf("/", j - 1);
  if (key.charCodeAt(k + 1) === 0x40) return [k === -1 ? "" : key.slice(0, k), key.slice(k + 1)];
  return [key.slice(0, j), key.slice(j + 1)];
}

export class BunResolver {
  readonly #has: (key: string) => boolean;
  #budget = RESOLVE_BUDGET;

  constructor(has: (key: string) => boolean) {
    this.#has = has;
  }

  get exhausted(): boolean {
    return this.#budget < 0;
  }

  resolve(from: string, dep: string): string | undefined {
    let base = from;
    for (;;) {
      const candidate = base === "" ? dep : `${base}/${dep}`;
      this.#budget -= candidate.length;
      if (this.#budget < 0) return undefined;
      if (this.#has(candidate)) return candidate;
      if (base === "") return undefined;
      base = splitKey(base)[0];
    }
  }
}

/** Typed edges: node → [target, kind] pairs. */
export type TypedEdges = Map<string, Array<[string, EdgeKind]>>;

function reach(
  roots: Iterable<string>,
  edges: TypedEdges,
  follow: (kind: EdgeKind, fromRoot: boolean) => boolean,
) {
  const seen = new Set<string>();
  const rootSet = new Set(roots);
  const queue: string[] = [];
  for (const r of rootSet) {
    seen.add(r);
    queue.push(r);
  }
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i] as string;
    for (const [to, kind] of edges.get(from) ?? []) {
      if (seen.has(to) || !follow(kind, rootSet.has(from))) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return seen;
}

/**
 * dev / optional groups per node, npm's way: reachable from a root, but not without a dev edge
 * out of a root (dev), or not without an optional edge (optional). Unreachable nodes get none.
 */
export function derivedGroups(roots: Iterable<string>, edges: TypedEdges): Map<string, PackageGroup[]> {
  const rootList = [...roots];
  const any = reach(rootList, edges, () => true);
  const prod = reach(rootList, edges, (kind, fromRoot) => !(fromRoot && kind === "dev"));
  const required = reach(rootList, edges, (kind) => kind !== "optional");
  const out = new Map<string, PackageGroup[]>();
  for (const id of any) {
    const groups: PackageGroup[] = [];
    if (!prod.has(id)) groups.push("dev");
    if (!required.has(id)) groups.push("optional");
    if (groups.length > 0) out.set(id, groups);
  }
  return out;
}
