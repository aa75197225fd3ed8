// The parts of a PEP 751 `[[packages]]` entry the parser uses. Spec:
// https://packaging.python.org/en/latest/specifications/pylock-toml/

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

/** A file with hashes: an sdist, a wheel or an archive. `hashes` is `{ <algorithm> = "<hex>" }`. */
export interface PylockFile {
  name?: string;
  url?: string;
  path?: string;
  hashes: Array<[string, string]>;
}

/** `dependencies = [{ name = …, version = … }]`: enough keys to identify one package entry. */
export interface PylockDependency {
  name: string;
  version?: string;
}

export interface PylockPackage {
  name: string;
  version?: string;
  marker?: string;
  index?: string;
  vcs?: { type?: string; url?: string; path?: string; commit?: string };
  directory?: { path?: string; editable: boolean };
  archive?: PylockFile;
  sdist?: PylockFile;
  wheels: PylockFile[];
  dependencies: PylockDependency[];
  /** pdm writes PEP 508 requirements under `[packages.tool.pdm] dependencies`. */
  toolRequirements: string[];
}

function readFile(raw: unknown): PylockFile | undefined {
  if (!isTable(raw)) return undefined;
  const file: PylockFile = { hashes: [] };
  for (const key of ["name", "url", "path"] as const) {
    const v = stringAt(raw, key);
    if (v !== undefined) file[key] = v;
  }
  for (const [algorithm, value] of Object.entries(tableAt(raw, "hashes") ?? {}))
    if (typeof value === "string") file.hashes.push([algorithm, value]);
  return file;
}

function readDependencies(raw: unknown): PylockDependency[] {
  if (!Array.isArray(raw)) return [];
  const out: PylockDependency[] = [];
  for (const d of raw) {
    if (!isTable(d)) continue;
    const name = stringAt(d, "name");
    if (!name) continue;
    const dep: PylockDependency = { name };
    const version = stringAt(d, "version");
    if (version !== undefined) dep.version = version;
    out.push(dep);
  }
  return out;
}

export function readPackage(input: unknown): Read<PylockPackage> {
  const named = readNamedTable(input);
  if (!named.ok) return named;
  const { table: raw, name, version } = named.value;
  const pkg: PylockPackage = {
    name,
    wheels: [],
    dependencies: readDependencies(raw["dependencies"]),
    toolRequirements: stringsAt(tableAt(tableAt(raw, "tool") ?? {}, "pdm") ?? {}, "dependencies"),
  };
  if (version !== undefined) pkg.version = version;
  for (const key of ["marker", "index"] as const) {
    const v = stringAt(raw, key);
    if (v !== undefined) pkg[key] = v;
  }
  const vcs = tableAt(raw, "vcs");
  if (vcs) {
    pkg.vcs = {};
    const type = stringAt(vcs, "type");
    const url = stringAt(vcs, "url");
    const path = stringAt(vcs, "path");
    const commit = stringAt(vcs, "commit-id");
    if (type !== undefined) pkg.vcs.type = type;
    if (url !== undefined) pkg.vcs.url = url;
    if (path !== undefined) pkg.vcs.path = path;
    if (commit !== undefined) pkg.vcs.commit = commit;
  }
  const directory = tableAt(raw, "directory");
  if (directory) {
    pkg.directory = { editable: directory["editable"] === true };
    const path = stringAt(directory, "path");
    if (path !== undefined) pkg.directory.path = path;
  }
  const archive = readFile(raw["archive"]);
  if (archive) pkg.archive = archive;
  const sdist = readFile(raw["sdist"]);
  if (sdist) pkg.sdist = sdist;
  for (const w of arrayAt(raw, "wheels") ?? []) {
    const f = readFile(w);
    if (f) pkg.wheels.push(f);
  }
  return { ok: true, value: pkg };
}

/** The top-level keys the parser reads. */
export interface PylockHeader {
  lockVersion?: string;
  createdBy?: string;
  defaultGroups: string[];
}

export function readHeader(doc: TomlTable): PylockHeader {
  const h: PylockHeader = { defaultGroups: stringsAt(doc, "default-groups") };
  const lockVersion = stringAt(doc, "lock-version");
  const createdBy = stringAt(doc, "created-by");
  if (lockVersion !== undefined) h.lockVersion = lockVersion;
  if (createdBy !== undefined) h.createdBy = createdBy;
  return h;
}
