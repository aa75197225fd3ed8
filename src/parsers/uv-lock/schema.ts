// The parts of a uv.lock `[[package]]` entry the parser uses, checked and narrowed from the parsed
// TOML. Anything else in the entry is ignored.

import {
  arrayAt,
  isTable,
  type Read,
  readNamedTable,
  stringAt,
  stringsAt,
  type TomlTable,
  tableAt,
} from "../toml-lines.js";

/** uv's source kinds: exactly one key of the inline `source = { … }` table. */
export type UvSourceKind = "registry" | "git" | "url" | "path" | "directory" | "editable" | "virtual";

const SOURCE_KINDS: readonly UvSourceKind[] = [
  "registry",
  "git",
  "url",
  "path",
  "directory",
  "editable",
  "virtual",
];

export interface UvSource {
  kind: UvSourceKind;
  /** The index URL, git URL (with `?rev=…#commit`), archive URL or relative path. */
  value: string;
}

export interface UvDependency {
  name: string;
  version?: string;
  source?: UvSource;
  /** Extras requested on the dependency (`extra = ["a", "b"]`). */
  extras: string[];
}

export interface UvArtifact {
  url?: string;
  path?: string;
  filename?: string;
  hash?: string;
}

export interface UvPackage {
  name: string;
  version?: string;
  /** Absent when the entry has no recognisable `source`. */
  source?: UvSource;
  dependencies: UvDependency[];
  /** `[package.optional-dependencies]`: extra name → dependencies. */
  optional: Map<string, UvDependency[]>;
  /** `[package.dev-dependencies]`: group name → dependencies (workspace members only). */
  dev: Map<string, UvDependency[]>;
  sdist?: UvArtifact;
  wheels: UvArtifact[];
}

export function readSource(raw: unknown): UvSource | undefined {
  if (!isTable(raw)) return undefined;
  for (const kind of SOURCE_KINDS) {
    const value = stringAt(raw, kind);
    if (value !== undefined) return { kind, value };
  }
  return undefined;
}

function readDependency(raw: unknown): UvDependency | undefined {
  if (!isTable(raw)) return undefined;
  const name = stringAt(raw, "name");
  if (!name) return undefined;
  const dep: UvDependency = { name, extras: stringsAt(raw, "extra") };
  const version = stringAt(raw, "version");
  if (version !== undefined) dep.version = version;
  const source = readSource(raw["source"]);
  if (source) dep.source = source;
  return dep;
}

/** Dependency arrays; malformed elements are edges, not packages, so they are left out. */
function readDependencies(raw: unknown): UvDependency[] {
  if (!Array.isArray(raw)) return [];
  const out: UvDependency[] = [];
  for (const d of raw) {
    const dep = readDependency(d);
    if (dep) out.push(dep);
  }
  return out;
}

function readGroups(raw: TomlTable | undefined): Map<string, UvDependency[]> {
  const out = new Map<string, UvDependency[]>();
  if (!raw) return out;
  for (const [group, deps] of Object.entries(raw)) out.set(group, readDependencies(deps));
  return out;
}

function readArtifact(raw: unknown): UvArtifact | undefined {
  if (!isTable(raw)) return undefined;
  const a: UvArtifact = {};
  for (const key of ["url", "path", "filename", "hash"] as const) {
    const v = stringAt(raw, key);
    if (v !== undefined) a[key] = v;
  }
  return a;
}

export function readPackage(input: unknown): Read<UvPackage> {
  const named = readNamedTable(input);
  if (!named.ok) return named;
  const { table: raw, name, version } = named.value;
  const pkg: UvPackage = {
    name,
    dependencies: readDependencies(raw["dependencies"]),
    optional: readGroups(tableAt(raw, "optional-dependencies")),
    dev: readGroups(tableAt(raw, "dev-dependencies")),
    wheels: [],
  };
  if (version !== undefined) pkg.version = version;
  const source = readSource(raw["source"]);
  if (source) pkg.source = source;
  const sdist = readArtifact(raw["sdist"]);
  if (sdist) pkg.sdist = sdist;
  for (const w of arrayAt(raw, "wheels") ?? []) {
    const a = readArtifact(w);
    if (a) pkg.wheels.push(a);
  }
  return { ok: true, value: pkg };
}
