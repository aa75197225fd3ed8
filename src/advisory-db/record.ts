// One OSV record from its text: parse, validate, classify. Shared by the loader (loose files and
// packs) and the importer, so a record `db import` accepts is exactly a record a scan accepts.

import { errorReason, jsonErrorLine, LineIndex, stripBom } from "../core/text.js";
import type { Severity } from "../core/types.js";
import { kindOf, lastKnownGoodOf, scoreOf, severityOf } from "./classify.js";
import { indexKey } from "./keys.js";
import type { Advisory, AdvisoryKind, AffectedPackage, OsvEvent, OsvRange } from "./types.js";
import { type OsvRecord, validateRecord } from "./validate.js";

export type ParsedRecord =
  | { ok: true; value: unknown; record: OsvRecord }
  | { ok: false; reason: string; line?: number };

/** Validates an already parsed JSON value; the reason names the record id when it has one. */
export function checkRecord(value: unknown): ParsedRecord {
  const result = validateRecord(value);
  if (result.ok) return { ok: true, value, record: result.record };
  const id =
    typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string"
      ? `${(value as { id: string }).id}: `
      : "";
  return { ok: false, reason: `${id}${result.field} ${result.reason}` };
}

/** Parses and validates one record's JSON text (a BOM is ignored). Never throws. */
export function parseRecordText(text: string): ParsedRecord {
  const clean = stripBom(text);
  let value: unknown;
  try {
    value = JSON.parse(clean);
  } catch (err) {
    const out: ParsedRecord = { ok: false, reason: `not valid JSON: ${errorReason(err)}` };
    const line = jsonErrorLine(err, new LineIndex(clean), clean);
    if (line !== undefined) out.line = line;
    return out;
  }
  return checkRecord(value);
}

function uniq(values: readonly string[]): string[] {
  return [...new Set(values)];
}

export function toAdvisory(record: OsvRecord, source: string): Advisory {
  const kind = kindOf(record);
  const score = scoreOf(record);
  const advisory: Advisory = {
    id: record.id,
    aliases: uniq(record.aliases).filter((a) => a !== record.id),
    kind,
    summary: record.summary ?? "",
    severity: severityOf(record, kind, score),
    modified: record.modified,
    references: uniq(record.references),
    affected: record.affected.map((a) => {
      const entry: AffectedPackage = {
        ecosystem: a.ecosystem,
        name: a.name,
        versions: a.versions,
        ranges: a.ranges,
      };
      if (a.databaseSpecific) entry.databaseSpecific = a.databaseSpecific;
      return entry;
    }),
    source,
  };
  if (record.details !== undefined) advisory.details = record.details;
  if (score !== undefined) advisory.score = score;
  if (record.published !== undefined) advisory.published = record.published;
  if (record.withdrawn !== undefined) advisory.withdrawn = record.withdrawn;
  const lkg = lastKnownGoodOf(record);
  if (lkg !== undefined) advisory.lastKnownGood = lkg;
  if (record.databaseSpecific) advisory.databaseSpecific = record.databaseSpecific;
  return advisory;
}

/** The index keys of a record: one per distinct (ecosystem, normalised name) it affects. */
export function recordKeys(record: {
  affected: ReadonlyArray<{ ecosystem: string; name: string }>;
}): string[] {
  if (record.affected.length === 1) {
    const a = record.affected[0] as { ecosystem: string; name: string };
    return [indexKey(a.ecosystem, a.name)];
  }
  return uniq(record.affected.map((a) => indexKey(a.ecosystem, a.name)));
}

/** What one record adds to the database counts: its kind, whether withdrawn, and each ecosystem once. */
export interface Contribution {
  kind: AdvisoryKind;
  withdrawn: boolean;
  ecosystems: string[];
}

export function contributionOf(a: Advisory): Contribution {
  return {
    kind: a.kind,
    withdrawn: a.withdrawn !== undefined,
    ecosystems: uniq(a.affected.map((p) => p.ecosystem)).sort(),
  };
}

/** Folder-safe spelling of an ecosystem (advisories/README.md): `GitHub Actions` → `GitHub-Actions`. */
export function slugOf(ecosystem: string | undefined): string {
  if (ecosystem === undefined || ecosystem === "") return "none";
  return ecosystem.replace(/[^A-Za-z0-9._-]/g, "-");
}

// OSV ids are `<prefix>-<entry>` (GHSA-…, PYSEC-2021-335, RHSA-2022:1234, openSUSE-SU-…); the id
// names the record in digests and reports, so anything that could break a line or a path is refused.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}$/;

/** Why an id cannot name a record in the database, or undefined when it can. */
export function idProblem(id: string): string | undefined {
  if (ID_PATTERN.test(id)) return undefined;
  return `id "${id.length > 80 ? `${id.slice(0, 80)}…` : id}" is not usable as a record name (letters, digits and . _ : + - only, at most 200)`;
}

/** The record's name in digests and reports: the path it would have as a loose file. */
export function recordPath(slug: string, id: string): string {
  return `osv/${slug}/${id}.json`;
}

/**
 * Version of the classification an import stores in the index (kind, severity, CVSS score), so a
 * scan need not classify again. Bump it whenever classify.ts or cvss.ts changes what they return:
 * databases built under another version are then read the slow way (validate + classify) until
 * they are rebuilt.
 */
export const DERIVED_VERSION = 1;

/** What an import derived from a record. */
export interface Derived {
  kind: AdvisoryKind;
  severity: Severity;
  score?: number;
}

export function derivedOf(record: OsvRecord): Derived {
  const kind = kindOf(record);
  const score = scoreOf(record);
  const d: Derived = { kind, severity: severityOf(record, kind, score) };
  if (score !== undefined) d.score = score;
  return d;
}

type Raw = Record<string, unknown>;

function isPlainObject(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const EVENT_KEYS = ["introduced", "fixed", "last_affected", "limit"] as const;

function lastKnownGoodOfRaw(top: Raw | undefined, affected: readonly AffectedPackage[]): string | undefined {
  const v = top?.["last_known_good"];
  if (typeof v === "string" && v !== "") return v;
  for (const a of affected) {
    const x = a.databaseSpecific?.["last_known_good"];
    if (typeof x === "string" && x !== "") return x;
  }
  return undefined;
}

/**
 * The advisory of a record that `db import` validated and whose bytes still match the index: the
 * same result as `toAdvisory(validateRecord(raw))` (a test holds them equal on the real PyPA
 * export), without re-validating or re-classifying. A scan of a large database reads hundreds of
 * records in a process whose JIT is cold, where that work was most of the cost.
 */
export function trustedAdvisory(raw: Raw, source: string, derived: Derived): Advisory {
  const id = raw["id"] as string;
  const affected: AffectedPackage[] = ((raw["affected"] as Raw[] | null | undefined) ?? []).map((a) => {
    const pkg = a["package"] as Raw;
    const entry: AffectedPackage = {
      ecosystem: pkg["ecosystem"] as string,
      name: pkg["name"] as string,
      versions: (a["versions"] as string[] | null | undefined) ?? [],
      ranges: ((a["ranges"] as Raw[] | null | undefined) ?? []).map((r) => {
        const range: OsvRange = {
          type: r["type"] as OsvRange["type"],
          events: (r["events"] as Raw[]).map((e) => {
            const event: OsvEvent = {};
            for (const k of EVENT_KEYS) {
              if (e[k] !== undefined) {
                event[k] = e[k] as string;
                break;
              }
            }
            return event;
          }),
        };
        if (typeof r["repo"] === "string") range.repo = r["repo"];
        return range;
      }),
    };
    if (isPlainObject(a["database_specific"])) entry.databaseSpecific = a["database_specific"];
    return entry;
  });
  const advisory: Advisory = {
    id,
    aliases: uniq((raw["aliases"] as string[] | null | undefined) ?? []).filter((x) => x !== id),
    kind: derived.kind,
    summary: typeof raw["summary"] === "string" ? raw["summary"] : "",
    severity: derived.severity,
    modified: raw["modified"] as string,
    references: uniq(((raw["references"] as Raw[] | null | undefined) ?? []).map((r) => r["url"] as string)),
    affected,
    source,
  };
  if (typeof raw["details"] === "string") advisory.details = raw["details"];
  if (derived.score !== undefined) advisory.score = derived.score;
  if (typeof raw["published"] === "string") advisory.published = raw["published"];
  if (typeof raw["withdrawn"] === "string") advisory.withdrawn = raw["withdrawn"];
  const top = isPlainObject(raw["database_specific"]) ? raw["database_specific"] : undefined;
  const lkg = lastKnownGoodOfRaw(top, affected);
  if (lkg !== undefined) advisory.lastKnownGood = lkg;
  if (top) advisory.databaseSpecific = top;
  return advisory;
}
