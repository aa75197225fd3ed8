// Which folder keys are workspaces. npm records the root's `workspaces` globs in the `""` entry;
// a folder key that matches one is a workspace, any other folder key is a `file:` dependency
// (e.g. aws-toolkit's `src.gen/@amzn/...` folders). npm expands the globs against the disk with
// `glob`; here they are matched against folder keys, and the patterns in use are plain folder
// paths with `*`, `**`, `?` and `!` negations. The matcher is the greedy wildcard algorithm (no
// RegExp), so a hostile pattern cannot cause catastrophic backtracking.

/** Greedy wildcard match: O(pattern × subject) worst case, no recursion. */
function wildcard<P, S>(
  pat: readonly P[],
  subject: readonly S[],
  star: P,
  one: (p: P, s: S) => boolean,
): boolean {
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < subject.length) {
    const pc = pat[p];
    if (p < pat.length && pc !== star && one(pc as P, subject[i] as S)) {
      p++;
      i++;
    } else if (p < pat.length && pc === star) {
      starP = p++;
      starI = i;
    } else if (starP !== -1) {
      p = starP + 1;
      i = ++starI;
    } else return false;
  }
  while (p < pat.length && pat[p] === star) p++;
  return p === pat.length;
}

function segmentMatches(pattern: string, segment: string): boolean {
  return wildcard([...pattern], [...segment], "*", (p, s) => p === "?" || p === s);
}

function segments(path: string): string[] {
  let p = path.trim().replace(/\\/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  return p.split("/").filter((s) => s !== "" && s !== ".");
}

/** A predicate telling whether a root-relative folder is one of the declared workspaces. */
export function workspaceMatcher(patterns: readonly string[]): (folder: string) => boolean {
  const include: string[][] = [];
  const exclude: string[][] = [];
  for (const p of patterns) {
    if (p.startsWith("!")) exclude.push(segments(p.slice(1)));
    else if (p.trim() !== "") include.push(segments(p));
  }
  if (include.length === 0) return () => false;
  const test = (pat: string[], folder: string[]) => wildcard(pat, folder, "**", segmentMatches);
  return (folder) => {
    const segs = segments(folder);
    return include.some((p) => test(p, segs)) && !exclude.some((p) => test(p, segs));
  };
}
