// The parts of bun.lock that lockwarden reads. A `packages` value is a tuple whose shape depends on
// the resolution (bun's src/install/lockfile/bun.lock.zig):
//   npm        ["name@1.2.3", registry-or-"", INFO, "sha512-…"]
//   git/github ["name@git+https://…#sha" | "name@github:o/r#sha", INFO, "bun-tag"]
//   tarball    ["name@https://…/x.tgz" | "name@./x.tgz", INFO]
//   folder     ["name@file:path", INFO]      symlink ["name@link:path", INFO]
//   workspace  ["name@workspace:path"]        root    ["name@root:", { bin, binDir }]
// INFO = { dependencies, optionalDependencies, peerDependencies, optionalPeers, os, cpu, bin, … }.
// The readers below look for the INFO object and the integrity string by type, not by index, so
// every shape is read the same way.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === "string" ? v : undefined;
}

export function obj(o: JsonObject, key: string): JsonObject | undefined {
  const v = o[key];
  return isObject(v) ? v : undefined;
}

const INTEGRITY = /^sha(?:1|256|384|512)-/;

/** The INFO object of a package tuple (the first object after the resolution). */
export function tupleInfo(tuple: readonly unknown[]): JsonObject | undefined {
  for (let i = 1; i < tuple.length; i++) {
    const v = tuple[i];
    if (isObject(v)) return v;
  }
  return undefined;
}

/** The SRI integrity string of a package tuple (npm resolutions only). */
export function tupleIntegrity(tuple: readonly unknown[]): string | undefined {
  for (let i = 1; i < tuple.length; i++) {
    const v = tuple[i];
    if (typeof v === "string" && INTEGRITY.test(v)) return v;
  }
  return undefined;
}

/** The registry or tarball URL bun writes second in an npm tuple ("" for the default registry). */
export function tupleRegistry(tuple: readonly unknown[]): string | undefined {
  const v = tuple[1];
  return typeof v === "string" && v !== "" && !INTEGRITY.test(v) ? v : undefined;
}

export type EdgeKind = "prod" | "dev" | "optional" | "peer";

/** Dependency maps of a workspace (devDependencies count) and of a package's INFO (they do not). */
export const WORKSPACE_DEP_FIELDS: ReadonlyArray<[string, EdgeKind]> = [
  ["dependencies", "prod"],
  ["devDependencies", "dev"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
];
export const PACKAGE_DEP_FIELDS: ReadonlyArray<[string, EdgeKind]> = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
];

/** Calls `visit` once per dependency name; a peer listed in `optionalPeers` is optional. */
export function forEachDependency(
  o: JsonObject,
  fields: ReadonlyArray<[string, EdgeKind]>,
  visit: (name: string, kind: EdgeKind) => void,
): void {
  const optionalPeers = Array.isArray(o["optionalPeers"]) ? (o["optionalPeers"] as unknown[]) : undefined;
  for (let f = 0; f < fields.length; f++) {
    const [field, kind] = fields[f] as [string, EdgeKind];
    const map = obj(o, field);
    if (map === undefined) continue;
    for (const name of Object.keys(map)) {
      let seen = false;
      for (let g = 0; g < f && !seen; g++) {
        const earlier = obj(o, (fields[g] as [string, EdgeKind])[0]);
        seen = earlier !== undefined && Object.hasOwn(earlier, name);
      }
      if (seen) continue;
      visit(name, kind === "peer" && optionalPeers?.includes(name) ? "optional" : kind);
    }
  }
}
