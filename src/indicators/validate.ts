// Run-time validation of one IOC entry, mirroring schemas/ioc.schema.json without ajv (the schema
// is checked against the data by the tests; the CLI must not need a schema engine). Returns the
// entry as an Indicator, or the first reason it is unusable. Hex values are lower-cased so a list
// written by hand in upper case still matches.

import {
  CONFIDENCES,
  type Confidence,
  INDICATOR_KINDS,
  type Indicator,
  type IndicatorKind,
  type IndicatorScope,
  type RefType,
  SCOPES,
  type TagRange,
  type TimeWindow,
} from "./types.js";

export type Validated = { ok: true; indicator: Indicator } | { ok: false; reason: string };

const ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
const ADVISORY = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9.]+)+$/;
const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const DOTTED = /^[0-9]+(\.[0-9]+){0,2}$/;
const WINDOW_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/;
// C0 and C1 controls (ANSI escapes among them) never belong in IOC text shown to people.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to reject control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const HEX_LENGTH: Partial<Record<IndicatorKind, number>> = { sha1: 40, sha256: 64, sha512: 128 };

const KNOWN_FIELDS = new Set([
  "id",
  "kind",
  "value",
  "advisory",
  "summary",
  "references",
  "confidence",
  "note",
  "campaign",
  "safe",
  "windowOnly",
  "windows",
  "scope",
  "matchExistence",
  "sha256",
  "platform",
  "file",
  "action",
  "ref",
  "refType",
  "range",
  "tag",
  "repository",
  "repositories",
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function text(v: unknown): v is string {
  return typeof v === "string" && v.length > 0 && v.length <= 4096 && !CONTROL.test(v);
}

function hex(v: unknown, length: number): string | undefined {
  if (typeof v !== "string") return undefined;
  const lower = v.toLowerCase();
  return new RegExp(`^[0-9a-f]{${length}}$`).test(lower) ? lower : undefined;
}

function optionalText(
  o: Record<string, unknown>,
  field: string,
  into: Record<string, unknown>,
): string | undefined {
  if (o[field] === undefined) return undefined;
  if (!text(o[field])) return `${field} must be a non-empty string without control characters`;
  into[field] = o[field];
  return undefined;
}

function optionalBool(
  o: Record<string, unknown>,
  field: string,
  into: Record<string, unknown>,
): string | undefined {
  if (o[field] === undefined) return undefined;
  if (typeof o[field] !== "boolean") return `${field} must be true or false`;
  into[field] = o[field];
  return undefined;
}

function validateWindows(v: unknown): TimeWindow[] | string {
  if (!Array.isArray(v)) return "windows must be an array";
  const out: TimeWindow[] = [];
  for (const w of v) {
    if (!isRecord(w) || typeof w.start !== "string" || typeof w.end !== "string")
      return "windows entries need start and end";
    if (!WINDOW_TIME.test(w.start) || !WINDOW_TIME.test(w.end))
      return "window times must be UTC ISO 8601 (YYYY-MM-DDTHH:MMZ)";
    out.push({ start: w.start, end: w.end });
  }
  return out;
}

function validateRange(v: unknown): TagRange | string {
  if (!isRecord(v)) return "range must be an object";
  const { prefix, from, to, partial } = v;
  if (typeof prefix !== "string" || !/^[A-Za-z._-]*$/.test(prefix))
    return "range.prefix must be letters or empty";
  if (typeof from !== "string" || !DOTTED.test(from)) return "range.from must be dotted numbers";
  if (typeof to !== "string" || !DOTTED.test(to)) return "range.to must be dotted numbers";
  if (partial !== undefined && typeof partial !== "boolean") return "range.partial must be true or false";
  for (const k of Object.keys(v))
    if (!["prefix", "from", "to", "partial"].includes(k)) return `range.${k} is unknown`;
  const r: TagRange = { prefix, from, to };
  if (partial !== undefined) r.partial = partial;
  return r;
}

/** Validates one raw entry from an IOC file. */
export function validateIndicator(raw: unknown): Validated {
  if (!isRecord(raw)) return { ok: false, reason: "not an object" };
  const fail = (reason: string): Validated => ({ ok: false, reason });
  for (const k of Object.keys(raw)) if (!KNOWN_FIELDS.has(k)) return fail(`unknown field ${k}`);

  const { id, kind, value, summary, references, confidence } = raw;
  if (typeof id !== "string" || !ID.test(id)) return fail("id must look like IOC-NAME-0001");
  if (typeof kind !== "string" || !INDICATOR_KINDS.includes(kind as IndicatorKind))
    return fail(`kind must be one of ${INDICATOR_KINDS.join(", ")}`);
  const k = kind as IndicatorKind;
  if (!text(value)) return fail("value must be a non-empty string without control characters");
  if (!text(summary)) return fail("summary must be a non-empty string without control characters");
  if (
    !Array.isArray(references) ||
    !references.every((r) => typeof r === "string" && /^https?:\/\/\S+$/.test(r))
  )
    return fail("references must be an array of http(s) URLs");
  if (typeof confidence !== "string" || !CONFIDENCES.includes(confidence as Confidence))
    return fail(`confidence must be one of ${CONFIDENCES.join(", ")}`);

  let v = value;
  const hexLen = HEX_LENGTH[k];
  if (hexLen !== undefined) {
    const h = hex(value, hexLen);
    if (!h) return fail(`${k} value must be ${hexLen} hex digits`);
    v = h;
  }
  if (k === "image-digest") {
    const m = /^sha256:(.*)$/i.exec(value);
    const h = m ? hex(m[1], 64) : undefined;
    if (!h) return fail("image-digest value must be sha256:<64 hex digits>");
    v = `sha256:${h}`;
  }
  if (k === "commit") {
    const h = hex(value, 40);
    if (!h) return fail("commit value must be a full 40-hex SHA");
    v = h;
  }

  const out: Record<string, unknown> = {
    id,
    kind: k,
    value: v,
    summary,
    references: [...references],
    confidence,
  };
  if (raw.advisory !== undefined) {
    if (typeof raw.advisory !== "string" || !ADVISORY.test(raw.advisory))
      return fail("advisory must be an advisory id");
    out.advisory = raw.advisory;
  }
  for (const f of ["note", "campaign", "platform", "file", "tag"]) {
    const r = optionalText(raw, f, out);
    if (r) return fail(r);
  }
  for (const f of ["safe", "windowOnly", "matchExistence"]) {
    const r = optionalBool(raw, f, out);
    if (r) return fail(r);
  }
  if (raw.windows !== undefined) {
    const w = validateWindows(raw.windows);
    if (typeof w === "string") return fail(w);
    out.windows = w;
  }
  if (raw.scope !== undefined) {
    if (typeof raw.scope !== "string" || !SCOPES.includes(raw.scope as IndicatorScope))
      return fail(`scope must be one of ${SCOPES.join(", ")}`);
    out.scope = raw.scope;
  } else if (k === "file-name" || k === "file-path" || k === "string") {
    return fail(`${k} needs a scope`);
  }
  if (raw.sha256 !== undefined) {
    if (!Array.isArray(raw.sha256) || raw.sha256.length === 0)
      return fail("sha256 must be a non-empty array");
    const hs: string[] = [];
    for (const h of raw.sha256) {
      const x = hex(h, 64);
      if (!x) return fail("sha256 entries must be 64 hex digits");
      hs.push(x);
    }
    out.sha256 = hs;
  }
  if (raw.repositories !== undefined) {
    if (!Array.isArray(raw.repositories) || raw.repositories.length === 0 || !raw.repositories.every(text))
      return fail("repositories must be a non-empty array of strings");
    out.repositories = [...raw.repositories];
  } else if (k === "image" || k === "image-digest") {
    return fail(`${k} needs repositories`);
  }
  if (raw.repository !== undefined) {
    if (typeof raw.repository !== "string" || !REPO.test(raw.repository))
      return fail("repository must be owner/repo");
    out.repository = raw.repository;
  } else if (k === "commit") {
    return fail("commit needs a repository");
  }
  if (k === "image" && !/^[^\s:@]+(?:\/[^\s:@]+)*:[^\s:@/]+$/.test(v))
    return fail("image value must be repository:tag");

  if (raw.action !== undefined) {
    if (typeof raw.action !== "string" || !REPO.test(raw.action)) return fail("action must be owner/repo");
    out.action = raw.action;
  }
  if (raw.refType !== undefined) {
    if (!["sha", "tag", "tag-range"].includes(raw.refType as string))
      return fail("refType must be sha, tag or tag-range");
    out.refType = raw.refType as RefType;
  }
  if (raw.ref !== undefined) {
    if (!text(raw.ref)) return fail("ref must be a non-empty string");
    out.ref = raw.ref;
  }
  if (raw.range !== undefined) {
    const r = validateRange(raw.range);
    if (typeof r === "string") return fail(r);
    out.range = r;
  }
  if (k === "action-ref") {
    if (out.action === undefined || out.refType === undefined)
      return fail("action-ref needs action and refType");
    if (out.refType === "sha") {
      const h = hex(out.ref, 40);
      if (!h) return fail("an action-ref of refType sha needs a full 40-hex ref");
      out.ref = h;
    }
    if (out.refType === "tag" && out.ref === undefined) return fail("an action-ref of refType tag needs ref");
    if (out.refType === "tag-range") {
      if (out.range === undefined) return fail("an action-ref of refType tag-range needs range");
      if (out.ref !== undefined) return fail("an action-ref of refType tag-range takes range, not ref");
    }
  }
  return { ok: true, indicator: out as unknown as Indicator };
}
