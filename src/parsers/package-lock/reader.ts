// State shared by the v1 and v2/v3 readers: the packages and diagnostics being collected, the
// graph under construction, and the text with a forward line counter for locating entry keys.

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import { JsonKeyLocator, LineIndex } from "../../core/text.js";
import type { PackageRef, PackageSource } from "../../core/types.js";

/**
 * 1-based lines of offsets asked for in increasing order, counted forward from the previous one.
 * Entry keys are visited in text order, so this reads the text once and keeps no table of the
 * ~1M line starts a 30 MB lockfile has; an offset behind the last one (an index-like key, an
 * error) falls back to a full LineIndex, built on first need.
 */
export class ForwardLines {
  readonly #text: string;
  #pos = 0;
  #line = 1;
  #index: LineIndex | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  lineOf(offset: number): number {
    if (offset < this.#pos) {
      this.#index ??= new LineIndex(this.#text);
      return this.#index.lineOf(offset);
    }
    const text = this.#text;
    let line = this.#line;
    let nl = text.indexOf("\n", this.#pos);
    while (nl !== -1 && nl < offset) {
      line++;
      nl = text.indexOf("\n", nl + 1);
    }
    this.#pos = offset;
    this.#line = line;
    return line;
  }
}

// JsonKeyLocator uses its LineIndex only in nextLine(), which the readers do not call (they count
// lines forward), so it is handed an empty one instead of a table of every line start.
const NO_LINE_TABLE = new LineIndex("");

/** A key locator over the text, its cursor at `offset`. */
export function keyLocator(text: string, offset = 0): JsonKeyLocator {
  const l = new JsonKeyLocator(text, NO_LINE_TABLE);
  if (offset > 0) l.seek(offset);
  return l;
}

export interface Reader {
  path: string;
  text: string;
  lines: ForwardLines;
  packages: PackageRef[];
  diagnostics: Diagnostic[];
  roots: Map<string, string>;
  edges: Map<string, string[]>;
  /** Node ids a root or workspace depends on directly. */
  direct: Set<string>;
  /** Resolves the edges read-packages deferred; false when the resolve budget ran out. */
  deferEdges?: () => boolean;
}

/** Appends a PackageRef with the fields every package has; callers add the optional ones. */
export function addPackage(
  r: Reader,
  name: string,
  source: PackageSource,
  nodeId: string,
  line: number,
): PackageRef {
  const p: PackageRef = { ecosystem: "npm", name, source, nodeId, location: { path: r.path, line } };
  r.packages.push(p);
  return p;
}

/** Sets version, or says it is missing when a registry or URL package has none. */
export function setVersion(r: Reader, p: PackageRef, version: string | undefined): void {
  if (version !== undefined) p.version = version;
  else if (p.source === "registry" || p.source === "url") {
    r.diagnostics.push(
      diagnostic("VERSION_MISSING", { name: p.name, entry: p.nodeId as string }, p.location),
    );
  }
}

/** Keeps the entry's SRI integrity string; match-hashes compares it without decoding it. */
export function setIntegrity(p: PackageRef, integrity: string | undefined): void {
  if (integrity !== undefined && integrity !== "") p.integrity = integrity;
}

/** JSON.parse enumerates array-index-like keys ("0", "42") first, out of text order. */
export function isIndexLike(key: string): boolean {
  if (key === "0") return true;
  const c = key.charCodeAt(0);
  if (c < 0x31 || c > 0x39 || key.length > 10) return false;
  for (let i = 1; i < key.length; i++) {
    const d = key.charCodeAt(i);
    if (d < 0x30 || d > 0x39) return false;
  }
  return Number(key) < 4294967295;
}
