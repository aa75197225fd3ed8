// Node's module lookup over package-lock keys. A dependency `d` of the entry at key K is the
// first of K/node_modules/d, then the same under each ancestor folder of K, then node_modules/d:
// the keys are the install paths, so the file records the tree and the lookup recovers the edges.
//
// Instead of building each candidate path (a string per ancestor per dependency), every key is
// indexed once by its installed name; a lookup then picks, among the few places a name is
// installed, the one in the nearest folder on K's way up.

/**
 * Candidate comparisons allowed per file. Real trees need a few per dependency; a hostile file
 * installing one name in 100k places that 100k entries depend on would need 10^10.
 */
export const RESOLVE_BUDGET = 50_000_000;

/**
 * Resolves dependency names to entry keys with Node's lookup; stops (and says so) once the budget
 * is spent. Folders get integer ids once, so a lookup compares small integers, not strings: on a
 * 40k-entry lockfile the string version spent most of its time chasing string pointers.
 */
export class NodeModulesResolver {
  /**
   * Installed name → the keys installing it, with the id of the folder whose node_modules holds
   * each. A prototype-less object, not a Map: dependency names come from JSON.parse as property
   * names, whose hashes V8 already has, so a lookup here is cheaper.
   */
  readonly #byName: Record<string, Array<{ folder: number; key: string }> | undefined> = Object.create(null);
  readonly #ids = new Map<string, number>([["", 0]]);
  /** Per folder id: the id of the folder Node searches next (-1: none), and its depth. */
  #up: number[] = [-1];
  #depth: number[] = [0];
  /** Per folder id: whether the project root is among its ancestors (not for `../lib`). */
  #rooted: boolean[] = [true];
  #budget: number;

  constructor(keys: Iterable<string>, budget = RESOLVE_BUDGET) {
    this.#budget = budget;
    for (const key of keys) {
      const i = key.lastIndexOf("node_modules/");
      if (i === -1 || (i > 0 && key.charCodeAt(i - 1) !== 0x2f)) continue;
      const folder = this.idOf(i === 0 ? "" : key.slice(0, i - 1));
      // The key is a folder too (its own node_modules); its parent is the folder just found.
      if (!this.#ids.has(key)) this.#add(key, folder);
      const name = key.slice(i + 13);
      const list = this.#byName[name];
      if (list === undefined) this.#byName[name] = [{ folder, key }];
      else list.push({ folder, key });
    }
  }

  #add(folder: string, parent: number): number {
    const id = this.#up.length;
    this.#ids.set(folder, id);
    this.#up.push(parent);
    this.#depth.push(parent === -1 ? 0 : (this.#depth[parent] as number) + 1);
    this.#rooted.push(parent !== -1 && (this.#rooted[parent] as boolean));
    return id;
  }

  get exhausted(): boolean {
    return this.#budget < 0;
  }

  /** The id of a folder (an entry key, or a folder above one), created with its ancestors on first use. */
  idOf(folder: string): number {
    const known = this.#ids.get(folder);
    if (known !== undefined) return known;
    // Walk up to the nearest folder with an id (iteratively: hostile keys can be 100k folders deep).
    const chain = [folder];
    let parent = -1;
    for (let f = folder; ; ) {
      // A folder outside the project (a `file:../lib` target) cannot see the project's node_modules.
      if (f === "..") break;
      f = parentFolder(f);
      const id = this.#ids.get(f);
      if (id !== undefined) {
        parent = id;
        break;
      }
      chain.push(f);
    }
    for (let i = chain.length - 1; i >= 0; i--) parent = this.#add(chain[i] as string, parent);
    return parent;
  }

  /** The key that `dep`, required from the folder `from` (an id from idOf), resolves to. */
  resolve(from: number, dep: string): string | undefined {
    const places = this.#byName[dep];
    if (places === undefined) return undefined;
    let best: string | undefined;
    let bestDepth = -1;
    for (const p of places) {
      if (p.folder === 0) {
        // The common case, a top-level package: visible from anywhere inside the project.
        if (bestDepth < 0 && this.#rooted[from]) {
          best = p.key;
          bestDepth = 0;
        }
        continue;
      }
      const depth = this.#depth[p.folder] as number;
      if (depth <= bestDepth) continue;
      // Visible when the package's folder is `from` or one of its ancestors.
      let a = from;
      for (; a !== -1 && (this.#depth[a] as number) > depth; a = this.#up[a] as number) this.#budget--;
      if (a === p.folder) {
        best = p.key;
        bestDepth = depth;
      }
    }
    this.#budget -= places.length;
    return this.#budget < 0 ? undefined : best;
  }
}

/**
 * The folder Node searches after `key`: a package's install path drops its `node_modules/<name>`
 * (scope-aware); any other folder drops its last segment.
 */
export function parentFolder(key: string): string {
  const i = key.lastIndexOf("node_modules/");
  if (i !== -1 && (i === 0 || key.charCodeAt(i - 1) === 0x2f)) {
    const rest = key.slice(i + 13);
    const slash = rest.indexOf("/");
    const isPackageFolder =
      slash === -1 || (rest.charCodeAt(0) === 0x40 && rest.indexOf("/", slash + 1) === -1);
    if (isPackageFolder) return i === 0 ? "" : key.slice(0, i - 1);
  }
  const j = key.lastIndexOf("/");
  return j === -1 ? "" : key.slice(0, j);
}

/** The installed name of a package-lock key: the part after the last `node_modules/`. */
export function installedName(key: string): string {
  const i = key.lastIndexOf("node_modules/");
  return i === -1 ? key : key.slice(i + 13);
}

/** The package name a folder's path implies, scope-aware as npm reads it: "src/@s/x" → "@s/x". */
export function folderName(key: string): string {
  const j = key.lastIndexOf("/");
  if (j === -1) return key;
  const k = key.lastIndexOf("/", j - 1);
  return key.charCodeAt(k + 1) === 0x40 ? key.slice(k + 1) : key.slice(j + 1);
}
