// A small typed validator for OSV records: it checks exactly the fields lockwarden reads, and
// names the first offending field (as a JSON path) so a bad record becomes one precise
// ADVISORY_INVALID diagnostic. No ajv at runtime: the official JSON schema is only a test oracle
// (osv-schema.test.ts), because a 300k-record import must validate in milliseconds per thousand.

import type { OsvEvent, OsvRange, OsvRangeType } from "./types.js";

/** The validated shape: what the rest of the loader may rely on. */
export interface OsvRecord {
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases: string[];
  summary?: string;
  details?: string;
  severity: Array<{ type: string; score: string }>;
  affected: Array<{
    ecosystem: string;
    name: string;
    versions: string[];
    ranges: OsvRange[];
    severity: Array<{ type: string; score: string }>;
    databaseSpecific?: Record<string, unknown>;
  }>;
  references: string[];
  databaseSpecific?: Record<string, unknown>;
}

export type ValidationResult = { ok: true; record: OsvRecord } | { ok: false; field: string; reason: string };

class Invalid extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for an RFC 3339 date-time with a real calendar date ("2026-02-30T…" is not). */
export function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  // Arithmetic rather than Date objects: an import checks a few hundred thousand of these.
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > days) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function str(obj: Record<string, unknown>, key: string, path: string, required: boolean): string | undefined {
  const value = obj[key];
  if (value === undefined || (value === null && !required)) {
    if (required) throw new Invalid(`${path}${key}`, "is missing");
    return undefined;
  }
  if (typeof value !== "string")
    throw new Invalid(`${path}${key}`, `must be a string, not ${describe(value)}`);
  return value;
}

function nonEmpty(obj: Record<string, unknown>, key: string, path: string): string {
  const value = str(obj, key, path, true) as string;
  if (value.trim() === "") throw new Invalid(`${path}${key}`, "must not be empty");
  return value;
}

function timestamp(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  required: boolean,
): string | undefined {
  const value = str(obj, key, path, required);
  if (value !== undefined && !isRfc3339(value)) {
    throw new Invalid(`${path}${key}`, `"${value}" is not an RFC 3339 date-time`);
  }
  return value;
}

/** An optional array (null counts as absent, as the OSV schema allows for several fields). */
function array(obj: Record<string, unknown>, key: string, path: string): unknown[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Invalid(`${path}${key}`, `must be an array, not ${describe(value)}`);
  return value;
}

function strings(obj: Record<string, unknown>, key: string, path: string): string[] {
  return array(obj, key, path).map((item, i) => {
    if (typeof item !== "string") {
      throw new Invalid(`${path}${key}[${i}]`, `must be a string, not ${describe(item)}`);
    }
    return item;
  });
}

function object(
  obj: Record<string, unknown>,
  key: string,
  path: string,
): Record<string, unknown> | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new Invalid(`${path}${key}`, `must be an object, not ${describe(value)}`);
  return value;
}

function severities(obj: Record<string, unknown>, path: string): Array<{ type: string; score: string }> {
  return array(obj, "severity", path).map((item, i) => {
    const p = `${path}severity[${i}].`;
    if (!isObject(item))
      throw new Invalid(`${path}severity[${i}]`, `must be an object, not ${describe(item)}`);
    return { type: nonEmpty(item, "type", p), score: str(item, "score", p, true) as string };
  });
}

const RANGE_TYPES: readonly string[] = ["SEMVER", "ECOSYSTEM", "GIT"] satisfies OsvRangeType[];
const EVENT_KEYS = ["introduced", "fixed", "last_affected", "limit"] as const;

function events(range: Record<string, unknown>, path: string): OsvEvent[] {
  const list = array(range, "events", path);
  if (list.length === 0) throw new Invalid(`${path}events`, "must list at least one event");
  const out = list.map((item, i) => {
    const p = `${path}events[${i}]`;
    if (!isObject(item)) throw new Invalid(p, `must be an object, not ${describe(item)}`);
    const present = EVENT_KEYS.filter((k) => item[k] !== undefined);
    if (present.length !== 1) {
      throw new Invalid(
        p,
        `must have exactly one of introduced, fixed, last_affected, limit${present.length > 0 ? ` (has ${present.join(", ")})` : ""}`,
      );
    }
    const key = present[0] as (typeof EVENT_KEYS)[number];
    const value = item[key];
    if (typeof value !== "string" || value === "") {
      throw new Invalid(`${p}.${key}`, `must be a non-empty string, not ${describe(value)}`);
    }
    const event: OsvEvent = {};
    event[key] = value;
    return event;
  });
  if (!out.some((e) => e.introduced !== undefined)) {
    throw new Invalid(`${path}events`, "must contain an introduced event");
  }
  if (out.some((e) => e.fixed !== undefined) && out.some((e) => e.last_affected !== undefined)) {
    throw new Invalid(`${path}events`, "must not mix fixed and last_affected events");
  }
  return out;
}

function ranges(affected: Record<string, unknown>, path: string): OsvRange[] {
  return array(affected, "ranges", path).map((item, i) => {
    const p = `${path}ranges[${i}].`;
    if (!isObject(item)) throw new Invalid(`${path}ranges[${i}]`, `must be an object, not ${describe(item)}`);
    const type = str(item, "type", p, true) as string;
    if (!RANGE_TYPES.includes(type)) {
      throw new Invalid(`${p}type`, `"${type}" is not one of SEMVER, ECOSYSTEM, GIT`);
    }
    const range: OsvRange = { type: type as OsvRangeType, events: events(item, p) };
    const repo = str(item, "repo", p, type === "GIT");
    if (repo !== undefined) range.repo = repo;
    return range;
  });
}

function parseRecord(raw: unknown): OsvRecord {
  if (!isObject(raw)) throw new Invalid("(record)", `must be a JSON object, not ${describe(raw)}`);
  const record: OsvRecord = {
    id: nonEmpty(raw, "id", ""),
    modified: timestamp(raw, "modified", "", true) as string,
    aliases: strings(raw, "aliases", ""),
    severity: severities(raw, ""),
    affected: [],
    references: [],
  };
  const published = timestamp(raw, "published", "", false);
  if (published !== undefined) record.published = published;
  const withdrawn = timestamp(raw, "withdrawn", "", false);
  if (withdrawn !== undefined) record.withdrawn = withdrawn;
  const summary = str(raw, "summary", "", false);
  if (summary !== undefined) record.summary = summary;
  const details = str(raw, "details", "", false);
  if (details !== undefined) record.details = details;
  strings(raw, "related", "");
  const dbSpecific = object(raw, "database_specific", "");
  if (dbSpecific) record.databaseSpecific = dbSpecific;

  record.references = array(raw, "references", "").map((item, i) => {
    if (!isObject(item)) throw new Invalid(`references[${i}]`, `must be an object, not ${describe(item)}`);
    return nonEmpty(item, "url", `references[${i}].`);
  });

  record.affected = array(raw, "affected", "").map((item, i) => {
    const p = `affected[${i}].`;
    if (!isObject(item)) throw new Invalid(`affected[${i}]`, `must be an object, not ${describe(item)}`);
    const pkg = object(item, "package", p);
    if (!pkg) throw new Invalid(`${p}package`, "is missing");
    const entry: OsvRecord["affected"][number] = {
      ecosystem: nonEmpty(pkg, "ecosystem", `${p}package.`),
      name: nonEmpty(pkg, "name", `${p}package.`),
      versions: strings(item, "versions", p),
      ranges: ranges(item, p),
      severity: severities(item, p),
    };
    object(item, "ecosystem_specific", p);
    const affectedDb = object(item, "database_specific", p);
    if (affectedDb) entry.databaseSpecific = affectedDb;
    return entry;
  });
  return record;
}

/** Validates one parsed JSON value as an OSV record. Never throws. */
export function validateRecord(raw: unknown): ValidationResult {
  try {
    return { ok: true, record: parseRecord(raw) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, field: err.field, reason: err.reason };
    throw err;
  }
}
