// lockfileVersion 2 and 3: the flat `packages` map, keyed by install path relative to the project
// ("node_modules/a/node_modules/b"). "" is the project root; a key with no `node_modules/` is a
// folder (a workspace, or the target of a `file:` dependency); `link: true` entries are symlinks
// whose `resolved` names that folder. One pass over the map does everything: the key's line (the
// forward cursor), the PackageRef, and the entry's edges (Node's lookup over the map's own keys).
// This loop is the hot path for 30 MB lockfiles, hence the plain loops and few allocations.

import { diagnostic } from "../../core/diagnostics.js";
import { folderName, installedName, NodeModulesResolver, parentFolder } from "./graph.js";
import { registryTarballVersion, sourceOfResolved } from "./npm-spec.js";
import { addPackage, isIndexLike, keyLocator, type Reader, setIntegrity, setVersion } from "./reader.js";
import {
  groupsOf,
  isObject,
  type JsonObject,
  obj,
  PACKAGE_DEP_FIELDS,
  ROOT_DEP_FIELDS,
  str,
  workspacePatterns,
} from "./schema.js";
import { workspaceMatcher } from "./workspaces.js";

/** Reads the `packages` map; returns false when the graph had to be abandoned (resolve budget spent). */
export function readPackages(r: Reader, data: JsonObject, section: JsonObject): boolean {
  const cursor = keyLocator(r.text);
  const sectionAt = cursor.next("packages", "{");
  const sectionStart = sectionAt === -1 ? 0 : sectionAt;
  const sectionLine = sectionAt === -1 ? 1 : r.lines.lineOf(sectionAt);
  const root = obj(section, "");
  const isWorkspace = workspaceMatcher(workspacePatterns(root));
  const lineOfKey = new Map<string, number>();

  // Pre-pass: the keys that can be dependency targets, and where links lead.
  // Keys and values side by side: 40k lookups in a 40k-key dictionary cost more than two arrays.
  const keys = Object.keys(section);
  const values = Object.values(section);
  const objectKeys: string[] = [];
  const links = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const e = values[i];
    if (!isObject(e)) continue;
    objectKeys.push(key);
    if (e["link"] === true) {
      const to = str(e, "resolved");
      if (to !== undefined && isObject(section[to])) links.set(key, to);
    }
  }
  // The full resolver indexes every key; only the graph needs it, so it is built on first use.
  // Roots (the project and its workspaces) look their few dependencies up directly.
  let resolver: NodeModulesResolver | undefined;
  let rootBudget = ROOT_LOOKUP_BUDGET;

  r.roots.set("", (root && str(root, "name")) ?? str(data, "name") ?? "(root)");

  // Edges: Node's lookup from an entry's folder, through links to their folders. A name in two
  // maps (a peer that is also a dev dependency) is one edge.
  const deferred: unknown[] = [];
  function addEdges(key: string, entry: JsonObject, isRoot: boolean): void {
    const fields = isRoot ? ROOT_DEP_FIELDS : PACKAGE_DEP_FIELDS;
    let targets: string[] | undefined;
    let from = -1;
    for (let f = 0; f < fields.length; f++) {
      const map = entry[fields[f] as string];
      if (!isObject(map)) continue;
      if (!isRoot && from === -1) {
        resolver ??= new NodeModulesResolver(objectKeys);
        from = resolver.idOf(key);
      }
      for (const name in map) {
        if (f > 0 && listedEarlier(entry, fields, f, name)) continue;
        const found = isRoot ? lookUp(key, name) : (resolver as NodeModulesResolver).resolve(from, name);
        if (found === undefined) continue;
        const to = links.size === 0 ? found : (links.get(found) ?? found);
        if (targets === undefined) targets = [to];
        else targets.push(to);
        if (isRoot) {
          r.direct.add(found);
          r.direct.add(to);
        }
      }
    }
    if (targets !== undefined) r.edges.set(key, targets);
  }

  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const entry = values[i];
    const entryIsObject = isObject(entry);
    // "{" skips the same name used as a key in a string map; a damaged entry is found by any value.
    const at = (isIndexLike(key) ? keyLocator(r.text, sectionStart) : cursor).next(
      key,
      entryIsObject ? "{" : undefined,
    );
    let line: number;
    if (at !== -1) line = r.lines.lineOf(at);
    else {
      // Not found as written (an escaped key, a duplicate): the nearest ancestor's line.
      let up = key === "" ? "" : parentFolder(key);
      while (up !== "" && !lineOfKey.has(up)) up = parentFolder(up);
      line = (up !== "" && lineOfKey.get(up)) || sectionLine;
    }
    lineOfKey.set(key, line);

    if (!entryIsObject) {
      r.diagnostics.push(
        diagnostic(
          "ENTRY_SKIPPED",
          { entry: JSON.stringify(key), reason: "not a JSON object" },
          { path: r.path, line },
        ),
      );
      continue;
    }

    const isFolder = !key.includes("node_modules/");
    const isRoot = key === "" || (isFolder && isWorkspace(key));
    if (isRoot && key !== "") r.roots.set(key, str(entry, "name") ?? key);
    if (key !== "" && !readEntry(r, section, links, key, entry, line, isFolder, isWorkspace)) continue;

    // Roots' edges now (they decide `direct`); everyone else's when the graph is first read.
    if (isRoot) addEdges(key, entry, true);
    else deferred.push(key, entry);
  }
  r.deferEdges = () => {
    for (let i = 0; i < deferred.length; i += 2)
      addEdges(deferred[i] as string, deferred[i + 1] as JsonObject, false);
    deferred.length = 0;
    return rootBudget >= 0 && !resolver?.exhausted;
  };
  return rootBudget >= 0;

  /**
   * Node's lookup of `name` from a root folder, straight over the section's keys: its own
   * node_modules, then each folder above. A folder outside the project (`../lib`) does not see the
   * project's node_modules, as NodeModulesResolver has it.
   */
  function lookUp(folder: string, name: string): string | undefined {
    for (let f = folder; rootBudget-- >= 0; ) {
      const candidate = f === "" ? `node_modules/${name}` : `${f}/node_modules/${name}`;
      if (isObject(section[candidate])) return candidate;
      if (f === "" || f === "..") return undefined;
      f = parentFolder(f);
    }
    return undefined;
  }
}

/** Candidate keys the roots' lookups may try in all (a hostile workspace path can be very deep). */
const ROOT_LOOKUP_BUDGET = 5_000_000;

function listedEarlier(entry: JsonObject, fields: readonly string[], f: number, name: string): boolean {
  for (let g = 0; g < f; g++) {
    const earlier = entry[fields[g] as string];
    if (isObject(earlier) && Object.hasOwn(earlier, name)) return true;
  }
  return false;
}

/** Adds the PackageRef for one non-root entry; false when the entry is skipped (with a diagnostic). */
function readEntry(
  r: Reader,
  section: JsonObject,
  links: Map<string, string>,
  key: string,
  entry: JsonObject,
  line: number,
  isFolder: boolean,
  isWorkspace: (folder: string) => boolean,
): boolean {
  let p: ReturnType<typeof addPackage>;
  if (isFolder) {
    // A workspace, or the folder of a `file:` dependency: the project's own code. npm leaves out
    // `name` when it equals the folder's; a link to the folder then carries the installed name.
    const name = str(entry, "name") ?? linkedName(links, key) ?? folderName(key);
    p = addPackage(r, name, isWorkspace(key) ? "workspace" : "path", key, line);
    setVersion(r, p, str(entry, "version"));
  } else {
    const installed = installedName(key);
    if (installed === "") {
      r.diagnostics.push(
        diagnostic(
          "ENTRY_SKIPPED",
          { entry: JSON.stringify(key), reason: "the key names no package after node_modules/" },
          { path: r.path, line },
        ),
      );
      return false;
    }
    const resolved = str(entry, "resolved");
    if (entry["link"] === true) {
      // A symlink into the project: the folder's name and version, never a registry package.
      const folder = resolved !== undefined ? section[resolved] : undefined;
      const to = isObject(folder) ? folder : undefined;
      const name = (to && str(to, "name")) ?? installed;
      p = addPackage(
        r,
        name,
        resolved !== undefined && isWorkspace(resolved) ? "workspace" : "path",
        key,
        line,
      );
      if (name !== installed) p.alias = installed;
      setVersion(r, p, to && str(to, "version"));
    } else {
      const name = str(entry, "name") || installed;
      p = addPackage(r, name, sourceOfResolved(resolved), key, line);
      if (name !== installed) p.alias = installed;
      let version = str(entry, "version");
      if (version === undefined && resolved !== undefined) version = registryTarballVersion(resolved, name);
      setVersion(r, p, version);
      setIntegrity(p, str(entry, "integrity"));
    }
    if (resolved !== undefined) p.resolved = resolved;
  }
  const groups = groupsOf(entry);
  if (groups !== undefined) p.groups = groups;
  return true;
}

const linkedNames = new WeakMap<Map<string, string>, Map<string, string>>();

/** The installed name of a link pointing at `folder`, if any (the inverse map is built on first need). */
function linkedName(links: Map<string, string>, folder: string): string | undefined {
  let names = linkedNames.get(links);
  if (names === undefined) {
    names = new Map();
    for (const [link, to] of links) if (!names.has(to)) names.set(to, installedName(link));
    linkedNames.set(links, names);
  }
  return names.get(folder);
}
