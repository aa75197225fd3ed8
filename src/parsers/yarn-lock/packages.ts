// Entries → PackageRefs. An entry's key lists every descriptor that resolved to it; each distinct
// installed name among them is one package (usually one; two when an alias and the real name share
// an entry, e.g. `"@jest/react-is-18@npm:react-is@^18.3.1, react-is@npm:^18.0.0"`).

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import { sriToHex } from "../../core/text.js";
import type { ArtifactHash, PackageRef, PackageSource } from "../../core/types.js";
import { classifyReference, patchInner, type Reference, splitDescriptor } from "./descriptor.js";
import { DescriptorIndex } from "./descriptor-index.js";
import type { Dialect } from "./headers.js";
import { at, type Entry } from "./load.js";
import { isMap, str } from "./schema.js";

// Berry joins the descriptors of one entry with ", " into a single key; yarn splits on this.
const KEY_SEPARATOR = / *, */;
// A classic `resolved` that is a git remote, whatever the range looked like (e.g. a tag).
const GIT_REMOTE = /^(?:git\+|git:|ssh:|git@)/;

export interface Built {
  packages: PackageRef[];
  /** Entry index of each package, for the groups and direct flags the graph gives later. */
  owner: number[];
  /** Berry workspace entries: entry index → the workspace's folder. */
  workspaces: Map<number, string>;
  /** Patch entries: entry index → the descriptors (decoded) they patch. */
  patches: Map<number, Array<{ name: string; range: string }>>;
  index: DescriptorIndex;
}

export function buildPackages(
  entries: readonly Entry[],
  dialect: Dialect,
  path: string,
  diagnostics: Diagnostic[],
): Built {
  const built: Built = {
    packages: [],
    owner: [],
    workspaces: new Map(),
    patches: new Map(),
    index: new DescriptorIndex(dialect),
  };
  for (let i = 0; i < entries.length; i++)
    addEntry(built, entries[i] as Entry, i, dialect, path, diagnostics);
  return built;
}

function descriptorsOf(entry: Entry, dialect: Dialect): string[] {
  if (dialect === "classic") return entry.keys;
  const out: string[] = [];
  for (const key of entry.keys) {
    if (key.includes(",")) out.push(...key.split(KEY_SEPARATOR));
    else out.push(key);
  }
  return out;
}

function addEntry(
  built: Built,
  entry: Entry,
  index: number,
  dialect: Dialect,
  path: string,
  diagnostics: Diagnostic[],
): void {
  const descriptors = descriptorsOf(entry, dialect).map(splitDescriptor);
  for (const d of descriptors) built.index.add(d.name, d.range, index);
  const value = entry.value;
  if (!isMap(value)) {
    const reason = "not a mapping of fields";
    diagnostics.push(diagnostic("ENTRY_SKIPPED", { entry: entry.id, reason }, at(path, entry.line)));
    return;
  }
  const declared = str(value, "version");
  const resolved = dialect === "classic" ? str(value, "resolved") : undefined;
  const integrity = dialect === "classic" ? str(value, "integrity") : undefined;
  const resolution = dialect === "berry" ? str(value, "resolution") : undefined;
  const res = resolution === undefined ? undefined : splitDescriptor(resolution);
  const resRef = res === undefined ? undefined : classifyReference(res.range);
  // Berry fetches what the resolution names, so its npm version wins over the `version` field.
  const locked = resRef?.source === "registry" && resRef.npm ? resRef.npm : undefined;
  if (locked !== undefined && declared !== undefined && locked !== declared) {
    const message = `${entry.id}: version ${declared} differs from the resolution ${resolution}; reported as ${locked}, which is what yarn installs`;
    diagnostics.push(diagnostic("GENERIC", { message }, at(path, entry.line), "warning"));
  }
  const version = locked ?? declared;
  if (res && resRef?.source === "workspace")
    built.workspaces.set(index, res.range.slice("workspace:".length));

  let seen: Set<string> | undefined;
  let skipped = false;
  for (const d of descriptors) {
    const descRef = classifyReference(d.range);
    const inner = patchInner(d.range);
    if (inner !== undefined) {
      const base = splitDescriptor(inner);
      built.index.addPatch(base.name, base.range, index);
      const list = built.patches.get(index);
      if (list) list.push(base);
      else built.patches.set(index, [base]);
    }
    let ref: Reference = resRef ?? descRef;
    if (dialect === "classic" && ref.source === "registry" && resolved && GIT_REMOTE.test(resolved)) {
      ref = { source: "git" };
    }
    const real = descRef.realName ?? resRef?.realName ?? res?.name ?? d.name;
    if (descriptors.length > 1) {
      const id = `${d.name}\0${real}\0${ref.source}`;
      seen ??= new Set();
      if (seen.has(id)) continue;
      seen.add(id);
    }
    if (version === undefined && ref.source !== "path" && ref.source !== "workspace") {
      if (!skipped) {
        const reason = "no version recorded";
        diagnostics.push(diagnostic("ENTRY_SKIPPED", { entry: entry.id, reason }, at(path, entry.line)));
      }
      skipped = true;
      continue;
    }
    const pkg: PackageRef = {
      ecosystem: "npm",
      name: real,
      source: ref.source,
      nodeId: entry.id,
      location: at(path, entry.line),
    };
    if (real !== d.name) pkg.alias = d.name;
    if (version !== undefined) pkg.version = version;
    if (resolved !== undefined) pkg.resolved = resolved;
    else if (res && ref.source !== "registry") pkg.resolved = res.range;
    if (integrity !== undefined || resolved !== undefined) {
      const hashes = classicHashes(integrity, resolved, ref.source);
      if (hashes.length > 0) pkg.hashes = hashes;
    }
    built.packages.push(pkg);
    built.owner.push(index);
  }
}

/**
 * Classic only: the SRI `integrity`, plus the sha1 yarn appends to a registry or tarball `resolved`
 * URL as `#<hex>` (both hash the npm tarball). Berry's `checksum` hashes yarn's own zip of the
 * package, never a published artifact, so it is not reported.
 */
function classicHashes(
  integrity: string | undefined,
  resolved: string | undefined,
  source: PackageSource,
): ArtifactHash[] {
  const hashes: ArtifactHash[] = integrity ? sriToHex(integrity) : [];
  if (resolved && (source === "registry" || source === "url")) {
    const sha1 = /#([0-9a-fA-F]{40})$/.exec(resolved)?.[1]?.toLowerCase();
    if (sha1 && !hashes.some((h) => h.algorithm === "sha1" && h.value === sha1)) {
      hashes.push({ algorithm: "sha1", value: sha1 });
    }
  }
  return hashes;
}
