// Finds the entries a dependency `name@range` resolved to: an entry's key lists exactly the
// descriptors that resolved to it. Berry keys say `name@npm:^1` where berry 2's dependency maps (and
// some metadata-4 keys) say `name@^1`, so each berry registry range is indexed in both spellings.
// Two-level maps (name, then range) avoid building a `name@range` string for every lookup.

import type { Dialect } from "./headers.js";
import type { Override } from "./resolutions.js";

type Level = Map<string, Map<string, number>>;

export class DescriptorIndex {
  readonly #plain: Level = new Map();
  readonly #patched: Level = new Map();
  readonly #berry: boolean;
  #overrides: ReadonlyMap<string, Override[]> = new Map();

  constructor(dialect: Dialect) {
    this.#berry = dialect === "berry";
  }

  /** Records that descriptor `name@range` resolved to entry `entry`. */
  add(name: string, range: string, entry: number): void {
    this.#put(this.#plain, name, range, entry);
  }

  /** Records that entry `entry` is a patched copy of the descriptor `name@range`. */
  addPatch(name: string, range: string, entry: number): void {
    this.#put(this.#patched, name, range, entry);
  }

  /** Berry `resolutions`: consulted for a dependency no key lists. */
  useOverrides(overrides: ReadonlyMap<string, Override[]>): void {
    this.#overrides = overrides;
  }

  /**
   * Writes into `out` the plain entry and, when yarn patches that descriptor (a `patch:` builtin such
   * as fsevents, or a `resolutions` patch), the patched entry too: the patched copy is what is
   * installed, but the dependency is still on the package the plain entry names.
   */
  resolve(name: string, range: string, out: number[]): void {
    out.length = 0;
    const plain = this.#get(this.#plain, name, range) ?? this.#overridden(name, range);
    if (plain !== undefined) out.push(plain);
    if (!this.#patched.has(name)) return;
    const patched = this.#get(this.#patched, name, range);
    if (patched !== undefined && patched !== plain) out.push(patched);
  }

  /** Only the plain entry: the base a patch entry was built from. */
  resolvePlain(name: string, range: string): number | undefined {
    return this.#get(this.#plain, name, range);
  }

  /** The entry a `resolutions` override sent `name@range` to, if one applies and its target is locked. */
  #overridden(name: string, range: string): number | undefined {
    const overrides = this.#overrides.get(name);
    if (!overrides) return undefined;
    const bare = range.startsWith("npm:") ? range.slice(4) : range;
    for (const o of overrides) {
      if (o.range !== undefined && o.range !== range && o.range !== bare) continue;
      const hit = this.#get(this.#plain, name, o.target);
      if (hit !== undefined) return hit;
      // Yarn binds relative patch and file targets to the project: `<target>::locator=…`.
      for (const [key, entry] of this.#plain.get(name) ?? [])
        if (key.startsWith(`${o.target}::`)) return entry;
    }
    return undefined;
  }

  #put(level: Level, name: string, range: string, entry: number): void {
    let ranges = level.get(name);
    if (!ranges) {
      ranges = new Map();
      level.set(name, ranges);
    }
    ranges.set(range, entry);
    // `npm:^1` is also reachable as `^1`; never as an alias (`npm:other@^1`), and never over a real key.
    if (this.#berry && range.startsWith("npm:") && range.indexOf("@", 5) === -1) {
      const bare = range.slice(4);
      if (!ranges.has(bare)) ranges.set(bare, entry);
    }
  }

  #get(level: Level, name: string, range: string): number | undefined {
    const ranges = level.get(name);
    if (!ranges) return undefined;
    const hit = ranges.get(range);
    if (hit !== undefined || !this.#berry || !range.startsWith("npm:")) return hit;
    return ranges.get(range.slice(4)); // a key written bare (metadata 4), a dependency with `npm:`
  }
}
