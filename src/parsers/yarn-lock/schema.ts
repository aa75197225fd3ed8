// The fields of a yarn.lock entry that lockwarden reads, and nothing more. @yarnpkg/parsers does the
// parsing; these readers check each field's type where it is used, so a wrong-typed field counts as
// absent instead of throwing. Reads are own-property only: the classic grammar builds entries with
// Object.assign, so a `__proto__` key in a hostile file would otherwise lend an entry fields
// (a `version`) that the file does not give it.
//
// Classic entry: version, resolved, integrity, dependencies, optionalDependencies.
// Berry entry: version, resolution, checksum, dependencies, peerDependencies, dependenciesMeta,
// peerDependenciesMeta, bin, conditions, languageName, linkType. `__metadata`: version, cacheKey.

export type YamlMap = Record<string, unknown>;

export function isMap(value: unknown): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(o: YamlMap, key: string): string | undefined {
  if (!Object.hasOwn(o, key)) return undefined;
  const v = o[key];
  return typeof v === "string" ? v : undefined;
}

export function map(o: YamlMap, key: string): YamlMap | undefined {
  if (!Object.hasOwn(o, key)) return undefined;
  const v = o[key];
  return isMap(v) ? v : undefined;
}

/** Calls `visit` for each string-valued pair of a name → range map; other values are not dependencies. */
export function forEachRange(m: YamlMap | undefined, visit: (name: string, range: string) => void): void {
  if (!m) return;
  for (const name of Object.keys(m)) {
    const range = m[name];
    if (typeof range === "string") visit(name, range);
  }
}

/** Berry marks optional dependencies in `dependenciesMeta: { name: { optional: true } }` (the YAML reads `true` as a string). */
export function isOptionalIn(meta: YamlMap | undefined, name: string): boolean {
  if (!meta) return false;
  const m = map(meta, name);
  if (!m || !Object.hasOwn(m, "optional")) return false;
  const v = m["optional"];
  return v === true || v === "true";
}
