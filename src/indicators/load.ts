// Loads indicator lists from <dir>/ioc/*.json (format "lockwarden-ioc", version 1; see
// advisories/ioc/README.md). Never throws: an unreadable file, a file in another format or
// version, or a bad entry becomes an ADVISORY_INVALID / FILE_UNREADABLE diagnostic naming the file
// and the entry, and the rest still loads. A missing ioc folder is simply an empty set.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Diagnostic, diagnostic } from "../core/diagnostics.js";
import { errorReason, jsonErrorLine, LineIndex, stripBom } from "../core/text.js";
import type { Indicator, IndicatorKind, IndicatorSet } from "./types.js";
import { validateIndicator } from "./validate.js";

export const IOC_FORMAT = "lockwarden-ioc";
export const IOC_VERSION = 1;
/** IOC lists are small; a huge one is a mistake or an attack on memory. */
const MAX_IOC_FILE_BYTES = 32 * 1024 * 1024;
const HASH_KINDS: ReadonlySet<IndicatorKind> = new Set(["sha1", "sha256", "sha512"]);

function posixPath(p: string): string {
  return p.replaceAll("\\", "/");
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Indexes validated indicators. Exported so tests and other loaders can build a set from memory. */
export function buildIndicatorSet(
  indicators: Indicator[],
  diagnostics: Diagnostic[] = [],
  files: string[] = [],
): IndicatorSet {
  const hashes = new Map<string, Indicator[]>();
  const goodHashes = new Map<string, Indicator[]>();
  const kinds = new Map<IndicatorKind, Indicator[]>();
  const ids = new Map<string, Indicator>();
  const actions = new Map<string, Indicator[]>();
  const shas = new Map<string, Indicator[]>();
  const countsByKind: Record<string, number> = {};

  for (const ind of indicators) {
    countsByKind[ind.kind] = (countsByKind[ind.kind] ?? 0) + 1;
    push(kinds, ind.kind, ind);
    ids.set(ind.id, ind);
    if (HASH_KINDS.has(ind.kind)) push(ind.safe ? goodHashes : hashes, ind.value, ind);
    if (ind.kind === "action-ref" && ind.action) push(actions, ind.action.toLowerCase(), ind);
    if (ind.kind === "action-ref" && ind.refType === "sha" && ind.ref) push(shas, ind.ref, ind);
    if (ind.kind === "commit") push(shas, ind.value, ind);
  }
  const shaKeys = [...shas.keys()];

  return {
    indicators,
    countsByKind,
    diagnostics,
    files,
    byHash: (h) => hashes.get(h.toLowerCase()) ?? [],
    knownGoodHash: (h) => goodHashes.get(h.toLowerCase()) ?? [],
    byKind: (k) => kinds.get(k) ?? [],
    byId: (id) => ids.get(id),
    actionRefs: (a) => actions.get(a.toLowerCase()) ?? [],
    bySha: (s) => shas.get(s.toLowerCase()) ?? [],
    byShaPrefix(prefix) {
      const p = prefix.toLowerCase();
      if (p.length < 7 || !/^[0-9a-f]+$/.test(p)) return [];
      return shaKeys.filter((k) => k.startsWith(p)).flatMap((k) => shas.get(k) ?? []);
    },
  };
}

function listIocFiles(dir: string): string[] {
  const iocDir = join(dir, "ioc");
  try {
    const entries = readdirSync(iocDir, { withFileTypes: true });
    return entries
      .filter((e) => e.name.endsWith(".json") && (e.isFile() || e.isSymbolicLink()))
      .map((e) => e.name)
      .sort()
      .map((name) => join(iocDir, name));
  } catch {
    return []; // no ioc folder: nothing to load, and nothing wrong
  }
}

/** Offset of an entry's id in the text, searching forward from `from` (entries are in text order). */
function entryOffset(text: string, id: unknown, from: number): { at?: number; next: number } {
  if (typeof id !== "string") return { next: from };
  const at = text.indexOf(JSON.stringify(id), from);
  return at === -1 ? { next: from } : { at, next: at + 1 };
}

/** Node 20's JSON.parse messages often carry no position: find the first error's line another way. */
function loadFile(file: string, seen: Map<string, string>, out: Indicator[], diags: Diagnostic[]): void {
  const path = posixPath(file);
  let text: string;
  try {
    const st = statSync(file);
    if (st.size > MAX_IOC_FILE_BYTES) {
      diags.push(diagnostic("FILE_TOO_LARGE", { size: st.size, limit: MAX_IOC_FILE_BYTES }, { path }));
      return;
    }
    text = stripBom(readFileSync(file, "utf8"));
  } catch (err) {
    diags.push(diagnostic("FILE_UNREADABLE", { reason: errorReason(err) }, { path }));
    return;
  }
  // Line numbers only matter for diagnostics, so the line table is built on the first one.
  let lines: LineIndex | undefined;
  const lineIndex = (): LineIndex => {
    lines ??= new LineIndex(text);
    return lines;
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const line = jsonErrorLine(err, lineIndex(), text);
    diags.push(
      diagnostic(
        "ADVISORY_INVALID",
        { reason: `${path}: not valid JSON (${errorReason(err)})` },
        line === undefined ? { path } : { path, line },
      ),
    );
    return;
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    diags.push(diagnostic("ADVISORY_INVALID", { reason: `${path}: not an IOC list object` }, { path }));
    return;
  }
  const d = doc as Record<string, unknown>;
  if (d.format !== IOC_FORMAT) {
    diags.push(
      diagnostic(
        "ADVISORY_INVALID",
        { reason: `${path}: format is not "${IOC_FORMAT}"; file skipped` },
        { path },
      ),
    );
    return;
  }
  if (d.version !== IOC_VERSION) {
    diags.push(
      diagnostic(
        "ADVISORY_INVALID",
        {
          reason: `${path}: IOC format version ${String(d.version)} is not supported (this lockwarden reads version ${IOC_VERSION}); file skipped`,
        },
        { path },
      ),
    );
    return;
  }
  if (!Array.isArray(d.indicators)) {
    diags.push(
      diagnostic("ADVISORY_INVALID", { reason: `${path}: "indicators" must be an array` }, { path }),
    );
    return;
  }
  let cursor = Math.max(0, text.indexOf('"indicators"'));
  d.indicators.forEach((raw: unknown, index: number) => {
    const rawId = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).id : undefined;
    const { at, next } = entryOffset(text, rawId, cursor);
    cursor = next;
    const where = (): { path: string; line?: number } =>
      at === undefined ? { path } : { path, line: lineIndex().lineOf(at) };
    const label = (): string =>
      `entry #${index + 1}${typeof rawId === "string" ? ` (${rawId.slice(0, 64).replace(/[^\x20-\x7e]/g, "?")})` : ""}`;
    const v = validateIndicator(raw);
    if (!v.ok) {
      diags.push(
        diagnostic("ADVISORY_INVALID", { reason: `${path} ${label()}: ${v.reason}; entry skipped` }, where()),
      );
      return;
    }
    const firstFile = seen.get(v.indicator.id);
    if (firstFile !== undefined) {
      diags.push(
        diagnostic(
          "ADVISORY_INVALID",
          { reason: `${path} ${label()}: id already loaded from ${firstFile}; entry skipped` },
          where(),
        ),
      );
      return;
    }
    seen.set(v.indicator.id, path);
    out.push(v.indicator);
  });
}

/** Loads every <dir>/ioc/*.json of the given advisory directories, in order. */
export async function loadIndicators(dirs: string[]): Promise<IndicatorSet> {
  const indicators: Indicator[] = [];
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    for (const file of listIocFiles(dir)) {
      files.push(posixPath(file));
      loadFile(file, seen, indicators, diagnostics);
    }
  }
  return buildIndicatorSet(indicators, diagnostics, files);
}
