// Path globs (--exclude, config `exclude`, ignore rules with a `path`). picomatch is the largest
// module a plain scan would otherwise load at start-up, and only these options need it, so it is
// imported on demand.

export type GlobMatch = (path: string) => boolean;
export type GlobCompiler = (globs: string | string[]) => GlobMatch;

/** picomatch with dot files matched (a lockfile under `.config/` is as real as any other). */
export async function loadGlobCompiler(): Promise<GlobCompiler> {
  const { default: picomatch } = await import("picomatch");
  return (globs) => picomatch(globs, { dot: true });
}
