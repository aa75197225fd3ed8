// Reads a yarn.lock with @yarnpkg/parsers (yarn's own reader: a PEG grammar for classic, js-yaml for
// berry) and pairs each entry it returns with the line its header sits on.

import { parseSyml } from "@yarnpkg/parsers";
import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import { errorReason } from "../../core/text.js";
import type { Location } from "../../core/types.js";
import { type Dialect, type Header, scanHeaders } from "./headers.js";
import { isMap, type YamlMap } from "./schema.js";

// The test @yarnpkg/parsers applies to pick its classic grammar: comment lines, then the marker.
export const CLASSIC_MARKER = /^(#.*(\r?\n))*?#\s+yarn\s+lockfile\s+v1\r?\n/i;
export const BERRY_METADATA = /^"?__metadata"?[ \t]*:/m;
// After a parse error, retry on the text before the damaged entry (at most this often), so a
// truncated file still yields the entries before the damage.
const MAX_RETRIES = 3;

export interface Entry {
  /** Node id: the header's key as the library reads it (classic descriptors joined with ", "). */
  id: string;
  /** Library keys: classic's descriptors, or berry's one joined key. */
  keys: string[];
  /** 1-based line; undefined when no header could be matched. */
  line: number | undefined;
  value: unknown;
}

export interface Lockfile {
  dialect: Dialect;
  /** In file order. */
  entries: Entry[];
  /** Berry's `__metadata` entry. */
  metadata?: YamlMap;
}

function detectDialect(text: string): Dialect {
  return !CLASSIC_MARKER.test(text) && BERRY_METADATA.test(text) ? "berry" : "classic";
}

export function at(path: string, line: number | undefined): Location {
  return line === undefined ? { path } : { path, line };
}

/** Parses the text (BOM already removed). Undefined when nothing could be read; problems go to `diagnostics`. */
export function readLockfile(text: string, path: string, diagnostics: Diagnostic[]): Lockfile | undefined {
  const dialect = detectDialect(text);
  const headers = scanHeaders(text, dialect);
  const loaded = load(text, dialect, headers, path);
  if (loaded.diagnostic) diagnostics.push(loaded.diagnostic);
  if (!loaded.data) return undefined;
  return {
    dialect,
    ...matchEntries(loaded.data, headers.slice(0, loaded.headerCount), dialect, path, diagnostics),
  };
}

interface Loaded {
  data?: YamlMap;
  /** How many headers the parsed text covers (fewer than all after a retry). */
  headerCount: number;
  diagnostic?: Diagnostic;
}

function load(text: string, dialect: Dialect, headers: readonly Header[], path: string): Loaded {
  // A classic file without its marker line is still classic; the library only looks for the marker.
  const prefix = dialect === "classic" && !CLASSIC_MARKER.test(text) ? "# yarn lockfile v1\n" : "";
  let source = text;
  let count = headers.length;
  let first: { line: number | undefined; reason: string } | undefined;
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    try {
      const data = parseSyml(prefix + source) as YamlMap;
      if (!first) return { data, headerCount: count };
      const cut = headers[count] as Header;
      const total = headers.filter((h) => h.keys[0] !== "__metadata").length;
      const reason = `${first.reason}; ${headers.length - count} of ${total} entries (from line ${cut.line} on) were not read`;
      return {
        data,
        headerCount: count,
        diagnostic: diagnostic("LOCKFILE_UNPARSABLE", { reason }, at(path, first.line)),
      };
    } catch (err) {
      const line = errorLine(err, prefix ? 1 : 0);
      first ??= { line, reason: errorReason(err) };
      if (line === undefined) break;
      let c = count - 1;
      while (c >= 0 && (headers[c] as Header).line > line) c--;
      if (c <= 0) break; // nothing before the damaged entry would be left
      source = text.slice(0, (headers[c] as Header).offset);
      count = c;
    }
  }
  const reason = first?.reason ?? "unknown error";
  return { headerCount: 0, diagnostic: diagnostic("LOCKFILE_UNPARSABLE", { reason }, at(path, first?.line)) };
}

function errorLine(err: unknown, shift: number): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { mark?: { line?: unknown }; location?: { start?: { line?: unknown } } };
  // js-yaml: 0-based mark.line; the classic PEG grammar: 1-based location.start.line.
  const line =
    typeof e.mark?.line === "number"
      ? e.mark.line + 1
      : typeof e.location?.start?.line === "number"
        ? e.location.start.line
        : undefined;
  return line === undefined ? undefined : Math.max(1, line - shift);
}

/**
 * Pairs the library's keys with the scanned headers. A key repeated in the file is read once, from
 * its last occurrence (both grammars overwrite), so each earlier occurrence is reported. A key the
 * scan could not read (odd quoting) takes the next unclaimed header in file order.
 */
function matchEntries(
  data: YamlMap,
  headers: readonly Header[],
  dialect: Dialect,
  path: string,
  diagnostics: Diagnostic[],
): { entries: Entry[]; metadata?: YamlMap } {
  const keyToHeader = new Map<string, number>();
  const shadowed = new Uint8Array(headers.length);
  headers.forEach((h, i) => {
    for (const k of h.keys) {
      const prev = keyToHeader.get(k);
      if (prev !== undefined && prev !== i) {
        shadowed[prev] = 1;
        const reason = `the same key appears again on line ${h.line}, and only that later entry is read`;
        diagnostics.push(
          diagnostic("ENTRY_SKIPPED", { entry: k, reason }, at(path, (headers[prev] as Header).line)),
        );
      }
      keyToHeader.set(k, i);
    }
  });
  const byHeader: Array<Entry | undefined> = new Array(headers.length);
  const claimed = new Uint8Array(headers.length);
  const orphans: Entry[] = [];
  let metadata: YamlMap | undefined;
  let prev: Entry | undefined;
  for (const key of Object.keys(data)) {
    const value = data[key];
    const i = keyToHeader.get(key);
    if (i !== undefined) claimed[i] = 1;
    if (dialect === "berry" && key === "__metadata") {
      if (isMap(value)) metadata = value;
      continue;
    }
    let entry: Entry | undefined;
    if (i !== undefined) {
      entry = byHeader[i];
      if (!entry) {
        entry = { id: "", keys: [], line: (headers[i] as Header).line, value };
        byHeader[i] = entry;
      }
    } else if (dialect === "classic" && prev && prev.value === value && isMap(value)) {
      entry = prev; // the classic grammar gives every descriptor of one header the same object
    } else {
      entry = { id: "", keys: [], line: undefined, value };
      orphans.push(entry);
    }
    entry.keys.push(key);
    prev = entry;
  }
  const unclaimed: number[] = [];
  for (let i = 0; i < headers.length; i++) if (!claimed[i] && !shadowed[i]) unclaimed.push(i);
  let u = 0;
  for (const o of orphans) {
    const i = unclaimed[u];
    if (i === undefined) break;
    o.line = (headers[i] as Header).line;
    u++;
  }
  for (; u < unclaimed.length; u++) {
    const h = headers[unclaimed[u] as number] as Header;
    const reason = "the lockfile library returned no entry for this key";
    diagnostics.push(diagnostic("ENTRY_SKIPPED", { entry: h.keys.join(", "), reason }, at(path, h.line)));
  }
  const entries: Entry[] = [];
  for (const e of byHeader) if (e) entries.push(e);
  if (orphans.length > 0) {
    entries.push(...orphans);
    entries.sort((a, b) => (a.line ?? Number.POSITIVE_INFINITY) - (b.line ?? Number.POSITIVE_INFINITY));
  }
  for (const e of entries) e.id = e.keys.length === 1 ? (e.keys[0] as string) : e.keys.join(", ");
  return metadata ? { entries, metadata } : { entries };
}
