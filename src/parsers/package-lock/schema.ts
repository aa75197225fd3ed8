// The fields of package-lock.json that lockwarden reads, and nothing more. JSON.parse does the
// parsing; these readers check each field's type where it is used, so a wrong-typed field is
// treated as absent instead of throwing. Entries are read in place (no per-entry copies) because
// a 30 MB lockfile has ~40k of them.

import type { PackageGroup } from "../../core/types.js";

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

/**
 * Fields of a v2/v3 `packages` entry:
 * version, name (set when it differs from the folder: an alias), resolved, integrity,
 * link (the key is a symlink to the folder named by resolved), dev / optional / devOptional / peer,
 * inBundle, dependencies / optionalDependencies / peerDependencies (+ devDependencies on the root
 * and workspace folders). A v1 `dependencies` entry has version, resolved, integrity, dev,
 * optional, bundled, requires and a nested dependencies map.
 */
export const PACKAGE_DEP_FIELDS = ["dependencies", "optionalDependencies", "peerDependencies"] as const;
export const ROOT_DEP_FIELDS = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
] as const;

/** Groups from the flags npm writes on an entry; undefined when there are none. */
export function groupsOf(entry: JsonObject): PackageGroup[] | undefined {
  const devOptional = entry["devOptional"] === true;
  if (!devOptional && entry["dev"] !== true && entry["optional"] !== true && entry["peer"] !== true) {
    if (entry["inBundle"] !== true && entry["bundled"] !== true) return undefined;
  }
  const groups: PackageGroup[] = [];
  if (devOptional || entry["dev"] === true) groups.push("dev");
  if (devOptional || entry["optional"] === true) groups.push("optional");
  if (entry["peer"] === true) groups.push("peer");
  if (entry["inBundle"] === true || entry["bundled"] === true) groups.push("bundled");
  return groups;
}

/**
 * Calls `visit` for each dependency name in the given maps of `entry`, once per name: a name listed
 * in two maps (a peer that is also a dev dependency) is one edge.
 */
export function forEachDependency(
  entry: JsonObject,
  fields: readonly string[],
  visit: (name: string) => void,
): void {
  for (let f = 0; f < fields.length; f++) {
    const map = obj(entry, fields[f] as string);
    if (map === undefined) continue;
    for (const name of Object.keys(map)) {
      let seen = false;
      for (let g = 0; g < f && !seen; g++) {
        const earlier = obj(entry, fields[g] as string);
        seen = earlier !== undefined && Object.hasOwn(earlier, name);
      }
      if (!seen) visit(name);
    }
  }
}

/** The `workspaces` globs of a root manifest entry: an array, or `{ packages: [...] }`. */
export function workspacePatterns(root: JsonObject | undefined): string[] {
  if (root === undefined) return [];
  let w = root["workspaces"];
  if (isObject(w)) w = w["packages"];
  return Array.isArray(w) ? w.filter((p): p is string => typeof p === "string") : [];
}
