// The only fields of a pnpm-lock.yaml document this parser reads, taken straight from the `yaml`
// library's node tree (no toJS(): aliases are never expanded, and node ranges give the lines).
// Documents are parsed with the failsafe schema, so every scalar is a string ("true", "5.4").

import { isMap, isScalar, type Pair, type YAMLMap } from "yaml";

/** A string scalar (failsafe: every scalar is one), or undefined for maps, sequences and aliases. */
export function text(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === "string" ? node.value : undefined;
}

/** Pairs of a block or flow mapping ([] for anything else). */
export function pairs(node: unknown): Pair<unknown, unknown>[] {
  return isMap(node) ? (node as YAMLMap<unknown, unknown>).items : [];
}

/** Start offset of a node, when it has a source range. */
export function offsetOf(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}

export interface Resolution {
  integrity?: string;
  tarball?: string;
  directory?: string;
  repo?: string;
  commit?: string;
  type?: string;
  gitHosted?: boolean;
}

/** One `packages` (or v9 `snapshots`) entry: only what a scanner needs. */
export interface EntryFields {
  name?: string;
  version?: string;
  resolution?: Resolution;
  dev?: boolean;
  optional?: boolean;
  dependencies?: unknown;
  optionalDependencies?: unknown;
}

function readResolution(node: unknown): Resolution {
  const r: Resolution = {};
  for (const p of pairs(node)) {
    const v = text(p.value);
    if (v === undefined) continue;
    switch (text(p.key)) {
      case "integrity":
        r.integrity = v;
        break;
      case "tarball":
        r.tarball = v;
        break;
      case "directory":
        r.directory = v;
        break;
      case "repo":
        r.repo = v;
        break;
      case "commit":
        r.commit = v;
        break;
      case "type":
        r.type = v;
        break;
      case "gitHosted":
        r.gitHosted = v === "true";
        break;
    }
  }
  return r;
}

/** Reads an entry's fields in one pass over its pairs. */
export function readEntry(node: unknown): EntryFields {
  const e: EntryFields = {};
  for (const p of pairs(node)) {
    switch (text(p.key)) {
      case "name": {
        const v = text(p.value);
        if (v) e.name = v;
        break;
      }
      case "version": {
        const v = text(p.value);
        if (v) e.version = v;
        break;
      }
      case "resolution":
        e.resolution = readResolution(p.value);
        break;
      case "dev":
        e.dev = text(p.value) === "true";
        break;
      case "optional":
        e.optional = text(p.value) === "true";
        break;
      case "dependencies":
        e.dependencies = p.value;
        break;
      case "optionalDependencies":
        e.optionalDependencies = p.value;
        break;
    }
  }
  return e;
}

/** Importer dependency maps, and how each kind counts for the dev/optional groups. */
export const IMPORTER_DEP_FIELDS = {
  dependencies: "prod",
  optionalDependencies: "optional",
  devDependencies: "dev",
  // pnpm 11's env document: the pnpm version and config dependencies the project pins.
  packageManagerDependencies: "prod",
  configDependencies: "prod",
} as const satisfies Record<string, DepKind>;

export type DepKind = "prod" | "dev" | "optional";

/** An importer dependency value: a string (v5) or `{specifier, version}` (5.4-inlineSpecifiers, v6, v9). */
export function importerRef(node: unknown): string | undefined {
  const s = text(node);
  if (s !== undefined) return s;
  for (const p of pairs(node)) if (text(p.key) === "version") return text(p.value);
  return undefined;
}
