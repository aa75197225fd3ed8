import { fileNameOf as distFileNameOf } from "../ecosystems/pypi-dist.js";
// TOML support shared by the TOML-based parsers (uv.lock, pdm.lock, pylock.toml, pyproject.toml,
// and poetry.lock when it wants it).
//
// smol-toml parses the values but keeps no positions. After a successful parse, one forward pass
// over the text (`scanTomlLines`) records where each table header and each key sits, so the Nth
// `[[package]]` header is the Nth element of the parsed `package` array. The pass only follows the
// structure (strings, comments, brackets) so a `[` inside a multi-line string or a nested array is
// never taken for a header; it never reads a value; smol-toml remains the parser.
//
// The last section holds small Python helpers that every Python TOML lockfile needs (PEP 503 names,
// `sha256:<hex>` digests, PEP 508 requirement names). They belong in src/ecosystems/pypi once it
// exists.

import type * as SmolToml from "smol-toml";
import { type Diagnostic, diagnostic } from "../core/diagnostics.js";
import { errorReason, LineIndex, stripBom } from "../core/text.js";
import type { ArtifactHash, HashAlgorithm, Location } from "../core/types.js";

// ---------------------------------------------------------------------------------------------
// Parsing

/** A parsed TOML table. smol-toml returns null-prototype objects, so `__proto__` keys stay data. */
export type TomlTable = Record<string, unknown>;

export type TomlParse = { ok: true; doc: TomlTable; text: string } | { ok: false; diagnostic: Diagnostic };

// smol-toml is imported on first use: the registry already loads a TOML parser only when a TOML
// file is met, but the pyproject parser is also loaded for every pyproject.toml, and it usually
// returns early (a lockfile or requirements file beside it) without parsing anything.
let smolToml: typeof SmolToml | undefined;

/** Loads smol-toml once. Every TOML parser's parse() awaits this, then parses synchronously. */
export async function loadToml(): Promise<typeof SmolToml> {
  smolToml ??= await import("smol-toml");
  return smolToml;
}

/** The loaded smol-toml; throws when a parse() entry point forgot to await loadToml() first. */
export function toml(): typeof SmolToml {
  if (smolToml === undefined) throw new Error("smol-toml is not loaded: await loadToml() in parse() first");
  return smolToml;
}

/**
 * Parses a TOML document (BOM removed). A syntax error becomes one LOCKFILE_UNPARSABLE at the line
 * smol-toml reports; `text` is what the line scanner must see so both agree on line numbers.
 * Needs loadToml() to have resolved.
 */
export function parseToml(path: string, content: string): TomlParse {
  const { parse, TomlError } = toml();
  const text = stripBom(content);
  try {
    return { ok: true, doc: parse(text) as TomlTable, text };
  } catch (err) {
    const location = err instanceof TomlError ? { path, line: err.line } : { path };
    return {
      ok: false,
      diagnostic: diagnostic("LOCKFILE_UNPARSABLE", { reason: errorReason(err) }, location),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Value narrowing: the schemas validate only the fields they use.

/** A TOML table (not an array, not a date). */
export function isTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function stringAt(table: TomlTable, key: string): string | undefined {
  const v = table[key];
  return typeof v === "string" ? v : undefined;
}

export function tableAt(table: TomlTable, key: string): TomlTable | undefined {
  const v = table[key];
  return isTable(v) ? v : undefined;
}

export function arrayAt(table: TomlTable, key: string): unknown[] | undefined {
  const v = table[key];
  return Array.isArray(v) ? v : undefined;
}

/** The string elements of an array value (other elements are left out). */
export function stringsAt(table: TomlTable, key: string): string[] {
  return (arrayAt(table, key) ?? []).filter((v): v is string => typeof v === "string");
}

// ---------------------------------------------------------------------------------------------
// Line scanning

export interface TomlHeader {
  /** The header's key segments, unquoted: `[package.metadata]` → ["package", "metadata"]. */
  path: string[];
  /** True for `[[array.of.tables]]`. */
  array: boolean;
  line: number;
}

export interface TomlEntry {
  /** Absolute key path: the enclosing header's path, then the (dotted) key, then inline-table keys. */
  path: string[];
  /** Index into `headers` of the enclosing table; -1 for the root table. */
  table: number;
  /** Line of the key. */
  line: number;
  /** For an array value: the line where each element starts, in order. */
  elements?: number[];
}

export interface TomlLines {
  headers: TomlHeader[];
  /** Every key outside arrays (keys inside arrays of inline tables are not recorded). */
  entries: TomlEntry[];
}

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const HASH = 0x23;
const APOS = 0x27;
const COMMA = 0x2c;
const DOT = 0x2e;
const EQUALS = 0x3d;
const LBRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const BARE_KEY = /[^\s=.[\]{},#"']+/y;
const SIGNIFICANT = /["'[\]{}#]/g;
/** smol-toml refuses deeper documents (maxDepth 1000); the guard keeps the recursion bounded anyway. */
const MAX_DEPTH = 1000;

const SIMPLE_ESCAPES: Record<string, string> = {
  b: "\b",
  t: "\t",
  n: "\n",
  f: "\f",
  r: "\r",
  e: "\x1b",
  '"': '"',
  "\\": "\\",
};

/** Decodes the escapes of a TOML basic string (used for quoted keys only). */
function unescapeBasic(raw: string): string {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)/g, (_m, e: string) => {
    if (e.length > 1) {
      const cp = Number.parseInt(e.slice(1), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd";
    }
    return SIMPLE_ESCAPES[e] ?? e;
  });
}

/**
 * Records the line of every table header and key in one forward pass. Meant for text smol-toml has
 * already accepted; on anything else it still terminates and never throws (it resynchronises at
 * the next line), but the lines it reports are then best effort.
 */
export function scanTomlLines(text: string): TomlLines {
  const index = new LineIndex(text);
  const headers: TomlHeader[] = [];
  const entries: TomlEntry[] = [];
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let table: string[] = [];
  let tableIndex = -1;
  /** Cached offset of the next newline at or after the last single-line string (positions only grow). */
  let nextNewline = -1;

  function skipBlank(): void {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === SPACE || c === TAB || c === CR) pos++;
      else return;
    }
  }

  function skipToLineEnd(): void {
    const nl = text.indexOf("\n", pos);
    pos = nl === -1 ? n : nl;
  }

  /** Whitespace, newlines and comments, as allowed between array elements. */
  function skipFiller(): void {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === SPACE || c === TAB || c === CR || c === LF) pos++;
      else if (c === HASH) skipToLineEnd();
      else return;
    }
  }

  function isEscaped(at: number): boolean {
    let k = at - 1;
    while (k >= 0 && text.charCodeAt(k) === BACKSLASH) k--;
    return (at - 1 - k) % 2 === 1;
  }

  /** Skips a string starting at `pos` (any of the four kinds); returns its raw body. */
  function skipString(): string {
    const q = text[pos] as string;
    const basic = q === '"';
    const triple = q + q + q;
    if (text.startsWith(triple, pos)) {
      let from = pos + 3;
      for (;;) {
        const at = text.indexOf(triple, from);
        if (at === -1) {
          pos = n;
          return "";
        }
        if (basic && isEscaped(at)) {
          from = at + 1;
          continue;
        }
        // Up to two quotes just before the closing delimiter belong to the body: """a""""".
        let end = at + 3;
        while (end < n && end - at < 5 && text[end] === q) end++;
        const body = text.slice(pos + 3, end - 3);
        pos = end;
        return body;
      }
    }
    let from = pos + 1;
    if (nextNewline < from) {
      nextNewline = text.indexOf("\n", from);
      if (nextNewline === -1) nextNewline = n;
    }
    const nl = nextNewline;
    for (;;) {
      const at = text.indexOf(q, from);
      // A single-line string never spans lines; stop at the newline on malformed input.
      if (at === -1 || nl < at) {
        pos = nl;
        return "";
      }
      if (basic && isEscaped(at)) {
        from = at + 1;
        continue;
      }
      const body = text.slice(pos + 1, at);
      pos = at + 1;
      return body;
    }
  }

  /** Reads a (dotted) key; returns [] when there is none at `pos`. */
  function readKey(): string[] {
    const parts: string[] = [];
    for (;;) {
      skipBlank();
      const c = text.charCodeAt(pos);
      if (c === QUOTE) parts.push(unescapeBasic(skipString()));
      else if (c === APOS) parts.push(skipString());
      else {
        BARE_KEY.lastIndex = pos;
        const m = BARE_KEY.exec(text);
        if (!m) return parts;
        pos = BARE_KEY.lastIndex;
        parts.push(m[0]);
      }
      skipBlank();
      if (text.charCodeAt(pos) !== DOT) return parts;
      pos++;
    }
  }

  /** Skips an array or inline table that is not recorded, jumping between significant characters. */
  function skipNested(): void {
    let depth = 0;
    while (pos < n) {
      SIGNIFICANT.lastIndex = pos;
      const m = SIGNIFICANT.exec(text);
      if (!m) break;
      pos = m.index;
      const c = text.charCodeAt(pos);
      if (c === QUOTE || c === APOS) skipString();
      else if (c === HASH) skipToLineEnd();
      else {
        pos++;
        if (c === LBRACKET || c === LBRACE) depth++;
        else if (--depth === 0) return;
      }
    }
    pos = n;
  }

  /** Skips a value that is not recorded (an array element). */
  function skipValue(): void {
    const c = text.charCodeAt(pos);
    if (c === QUOTE || c === APOS) skipString();
    else if (c === LBRACKET || c === LBRACE) skipNested();
    else {
      // A bare scalar (number, boolean, date-time, which may contain a space) ends at any of these.
      while (pos < n) {
        const d = text.charCodeAt(pos);
        if (d === COMMA || d === RBRACKET || d === RBRACE || d === LF || d === HASH) return;
        pos++;
      }
    }
  }

  /** Records the value at `pos` under `path`, with its array element lines or inline-table keys. */
  function recordValue(path: string[], line: number, depth: number): void {
    const entry: TomlEntry = { path, table: tableIndex, line };
    entries.push(entry);
    const c = text.charCodeAt(pos);
    if ((c !== LBRACKET && c !== LBRACE) || depth >= MAX_DEPTH) {
      skipValue();
      return;
    }
    pos++;
    if (c === LBRACKET) {
      const elements: number[] = [];
      for (;;) {
        skipFiller();
        if (pos >= n) break;
        const d = text.charCodeAt(pos);
        if (d === RBRACKET) {
          pos++;
          break;
        }
        if (d === COMMA) {
          pos++;
          continue;
        }
        const before = pos;
        elements.push(index.lineOf(pos));
        skipValue();
        if (pos === before) pos++;
      }
      entry.elements = elements;
      return;
    }
    for (;;) {
      skipFiller(); // TOML 1.1 allows newlines (and comments) inside inline tables
      if (pos >= n) return;
      const d = text.charCodeAt(pos);
      if (d === RBRACE) {
        pos++;
        return;
      }
      if (d === COMMA) {
        pos++;
        continue;
      }
      const keyAt = pos;
      const key = readKey();
      if (key.length === 0) {
        pos++;
        continue;
      }
      skipBlank();
      if (text.charCodeAt(pos) === EQUALS) pos++;
      skipBlank();
      recordValue([...path, ...key], index.lineOf(keyAt), depth + 1);
    }
  }

  while (pos < n) {
    skipBlank();
    if (pos >= n) break;
    const c = text.charCodeAt(pos);
    if (c === LF) {
      pos++;
      continue;
    }
    if (c === HASH) {
      skipToLineEnd();
      continue;
    }
    const lineStart = pos;
    if (c === LBRACKET) {
      const array = text.charCodeAt(pos + 1) === LBRACKET;
      pos += array ? 2 : 1;
      const path = readKey();
      headers.push({ path, array, line: index.lineOf(lineStart) });
      table = path;
      tableIndex = headers.length - 1;
      skipToLineEnd();
      continue;
    }
    const key = readKey();
    skipBlank();
    if (key.length > 0 && text.charCodeAt(pos) === EQUALS) {
      pos++;
      skipBlank();
      recordValue([...table, ...key], index.lineOf(lineStart), 0);
    }
    skipToLineEnd();
    if (pos === lineStart) pos++;
  }
  return { headers, entries };
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The line of each element of the array of tables at `path`, in document order: the `[[path]]`
 * header lines, or, for an inline `path = [{…}, …]` array, the element lines.
 */
export function arrayTableLines(lines: TomlLines, path: readonly string[]): number[] {
  const out: number[] = [];
  for (const h of lines.headers) if (h.array && samePath(h.path, path)) out.push(h.line);
  if (out.length > 0) return out;
  return findEntry(lines, path)?.elements ?? [];
}

/** The first recorded key with this absolute path. */
export function findEntry(lines: TomlLines, path: readonly string[]): TomlEntry | undefined {
  return lines.entries.find((e) => samePath(e.path, path));
}

/** Indexes entries by absolute path (first occurrence wins), for files with many lookups. */
export function entriesByPath(lines: TomlLines): Map<string, TomlEntry> {
  const map = new Map<string, TomlEntry>();
  for (const e of lines.entries) {
    const k = pathKey(e.path);
    if (!map.has(k)) map.set(k, e);
  }
  return map;
}

/** The key `entriesByPath` uses for a path. */
export function pathKey(path: readonly string[]): string {
  return path.join("\u0000");
}

// ---------------------------------------------------------------------------------------------
// Python helpers shared by the Python lockfile parsers

const HEX_LENGTH: Record<HashAlgorithm, number> = {
  md5: 32,
  sha1: 40,
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/** A hash from an algorithm name and hex digest; undefined for unknown algorithms or bad hex. */
export function artifactHash(algorithm: string, hex: string, file?: string): ArtifactHash | undefined {
  const algo = algorithm.toLowerCase() as HashAlgorithm;
  const len = HEX_LENGTH[algo];
  if (len === undefined || hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const h: ArtifactHash = { algorithm: algo, value: /[A-F]/.test(hex) ? hex.toLowerCase() : hex };
  if (file !== undefined) h.file = file;
  return h;
}

/** `sha256:<hex>` (uv, pdm, poetry) → ArtifactHash. */
export function hashFromDigest(digest: string, file?: string): ArtifactHash | undefined {
  const i = digest.indexOf(":");
  if (i <= 0) return undefined;
  return artifactHash(digest.slice(0, i), digest.slice(i + 1).trim(), file);
}

/** Removes repeated hashes (same algorithm and value), keeping the first; files often repeat. */
export function uniqueHashes(hashes: readonly ArtifactHash[]): ArtifactHash[] {
  // Each supported algorithm has its own hex length, so the value alone identifies the pair.
  const seen = new Set<string>();
  const out: ArtifactHash[] = [];
  for (const h of hashes) {
    if (seen.has(h.value)) continue;
    seen.add(h.value);
    out.push(h);
  }
  return out;
}

/** The artifact file name at the end of a URL or path (trailing slashes ignored), if any. */
export function fileNameOf(urlOrPath: string): string | undefined {
  return distFileNameOf(urlOrPath.replace(/[/\\]+$/, "")) || undefined;
}

export interface Requirement {
  /** The distribution name as written. */
  name: string;
  /** The version specifier (or `@ url`) without extras and marker; "" when there is none. */
  specifier: string;
  extras: string[];
  marker?: string;
}

const REQUIREMENT_NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*/;

/** In `@ url ; marker` the `;` must follow whitespace (a URL may contain `;`). */
function markerAfterUrl(rest: string): number {
  const i = rest.search(/\s;/);
  return i === -1 ? -1 : i + 1;
}

/**
 * Splits a PEP 508 requirement into name, specifier, extras and marker. Only the name is
 * validated (the grammar's identifier); the rest is cut at the first `;`, which PEP 508 reserves
 * for the marker (for URL requirements it must follow whitespace).
 */
export function parseRequirement(req: string): Requirement | undefined {
  const m = REQUIREMENT_NAME.exec(req);
  if (!m) return undefined;
  const name = m[1] as string;
  const extras = (m[2] ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  let rest = req.slice(m[0].length);
  let marker: string | undefined;
  const semi = rest.startsWith("@") ? markerAfterUrl(rest) : rest.indexOf(";");
  if (semi !== -1) {
    marker = rest.slice(semi + 1).trim();
    rest = rest.slice(0, semi);
  }
  let specifier = rest.trim();
  // Legacy parenthesised specifiers: `name (>=1.0)`.
  if (specifier.startsWith("(") && specifier.endsWith(")")) specifier = specifier.slice(1, -1).trim();
  // After the name only a version operator or `@ url` may follow ("not a requirement" is no name).
  if (specifier !== "" && !/^[<>=!~@]/.test(specifier)) return undefined;
  const r: Requirement = { name, specifier, extras };
  if (marker) r.marker = marker;
  return r;
}

/**
 * The diagnostic for a TOML lockfile whose entries gave no package and no diagnostic: it locks
 * nothing. With its format's marker (`marked`: poetry's or pdm's [metadata], uv's `version`,
 * pylock's `lock-version`) that is a note; without, `notA` says why it is not that format (an error:
 * a scanner that could not read a file cannot vouch for it).
 */
export function emptyLockDiagnostic(
  doc: TomlTable,
  entries: "package" | "packages",
  marked: boolean,
  notA: string,
  at: (line: number | undefined) => Location,
): Diagnostic {
  if (!marked) return diagnostic("LOCKFILE_UNPARSABLE", { reason: notA }, at(1));
  const detail = doc[entries] === undefined ? `no [[${entries}]] tables` : `\`${entries}\` is empty`;
  return diagnostic("NO_PACKAGES_LOCKED", { detail }, at(undefined));
}

/** A table read into a typed value, or why it could not be. */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The part every TOML lockfile's package table shares: a non-empty `name`, a string `version` if any. */
export function readNamedTable(raw: unknown): Read<{ table: TomlTable; name: string; version?: string }> {
  if (!isTable(raw)) return { ok: false, reason: "not a table" };
  const name = raw["name"];
  if (typeof name !== "string" || name === "") return { ok: false, reason: "no name" };
  const version = raw["version"];
  if (version !== undefined && typeof version !== "string")
    return { ok: false, reason: "version is not a string" };
  return { ok: true, value: version === undefined ? { table: raw, name } : { table: raw, name, version } };
}

/** Locations in one file: a line when known. */
export function locator(path: string): (line: number | undefined) => Location {
  return (line) => (line === undefined ? { path } : { path, line });
}

/**
 * A lockfile's entry tables (`[[package]]` or `[[packages]]`) with the line of each, or the error
 * for a key that is not an array of tables. A missing key is no entries.
 */
export function entryTables(
  doc: TomlTable,
  text: string,
  key: string,
  at: (line: number | undefined) => Location,
): { ok: true; raw: unknown[]; lines: number[] } | { ok: false; diagnostic: Diagnostic } {
  const raw = doc[key] ?? [];
  if (!Array.isArray(raw)) {
    return {
      ok: false,
      diagnostic: diagnostic(
        "LOCKFILE_UNPARSABLE",
        { reason: `\`${key}\` is not an array of tables` },
        at(undefined),
      ),
    };
  }
  return { ok: true, raw, lines: arrayTableLines(scanTomlLines(text), [key]) };
}
