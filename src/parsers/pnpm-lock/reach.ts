// Reachability over dependency edges, for the dev group of v9 lockfiles (which carry no dev flag):
// a package is dev when devDependencies reach it and nothing else does. corpus.test.ts checks that
// rule against the `dev` flags pnpm itself wrote into the v5/v6 corpus files.

/** Every key reachable from `start` (start included), breadth first. */
export function reachable(
  adjacency: ReadonlyMap<string, readonly string[]>,
  start: readonly string[],
): Set<string> {
  const seen = new Set<string>(start);
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    for (const next of adjacency.get(queue[i] as string) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
