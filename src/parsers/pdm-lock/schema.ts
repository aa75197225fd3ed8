// The parts of pdm.lock the parser uses: `[[package]]` entries and, for lock_version 3.x–4.2,
// the `[metadata.files]` table of artifact hashes keyed "name version".

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

export interface PdmFile {
  /** `file` (a file name) or `url` (4.x writes URLs when static_urls is on). */
  file?: string;
  url?: string;
  hash?: string;
}

export interface PdmPackage {
  name: string;
  version?: string;
  extras: string[];
  /** `groups = [...]` (lock_version 4.3+); absent in older files. */
  groups?: string[];
  /** PEP 508 requirement strings. */
  dependencies: string[];
  files: PdmFile[];
  path?: string;
  editable: boolean;
  git?: string;
  revision?: string;
  url?: string;
}

export function readFiles(raw: unknown): PdmFile[] {
  if (!Array.isArray(raw)) return [];
  const out: PdmFile[] = [];
  for (const f of raw) {
    if (!isTable(f)) continue;
    const file: PdmFile = {};
    for (const key of ["file", "url", "hash"] as const) {
      const v = stringAt(f, key);
      if (v !== undefined) file[key] = v;
    }
    out.push(file);
  }
  return out;
}

export function readPackage(input: unknown): Read<PdmPackage> {
  const named = readNamedTable(input);
  if (!named.ok) return named;
  const { table: raw, name, version } = named.value;
  const pkg: PdmPackage = {
    name,
    extras: stringsAt(raw, "extras"),
    dependencies: stringsAt(raw, "dependencies"),
    files: readFiles(raw["files"]),
    editable: raw["editable"] === true,
  };
  if (version !== undefined) pkg.version = version;
  if (arrayAt(raw, "groups")) pkg.groups = stringsAt(raw, "groups");
  for (const key of ["path", "git", "revision", "url"] as const) {
    const v = stringAt(raw, key);
    if (v !== undefined) pkg[key] = v;
  }
  return { ok: true, value: pkg };
}

/** `[metadata.files]` (lock_version < 4.3): "name version" → files. Keys use the name as written. */
export function readMetadataFiles(doc: TomlTable): Map<string, PdmFile[]> {
  const out = new Map<string, PdmFile[]>();
  const files = tableAt(tableAt(doc, "metadata") ?? {}, "files");
  if (!files) return out;
  for (const [key, list] of Object.entries(files)) out.set(key, readFiles(list));
  return out;
}
