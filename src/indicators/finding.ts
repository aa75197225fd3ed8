// Builds indicator findings the same way everywhere: id = the indicator's advisory when it has one
// (so a litellm .pth and the litellm lockfile entry group under MAL-2026-2144), else the indicator
// id; severity from confidence; a fingerprint that never depends on line numbers.

import type { Finding, Location, Severity } from "../core/types.js";
import type { Confidence, Indicator } from "./types.js";

/** Ids of lockwarden's own heuristic rules (no IOC entry behind them). */
export const RULE_PTH_EXEC = "LOCKWARDEN-PTH-EXEC";
export const RULE_ACTION_UNPINNED = "LOCKWARDEN-ACTION-UNPINNED";

/** sha256 over (id, path, value), NUL-separated, first 32 hex characters. */
export function fingerprint(id: string, path: string, value: string): string {
  // node:crypto on first use: a clean scan never loads it.
  return process
    .getBuiltinModule("node:crypto")
    .createHash("sha256")
    .update(`${id}\u0000${path}\u0000${value}`)
    .digest("hex")
    .slice(0, 32);
}

/** confirmed → critical; anything less certain (single, relayed, conflict) → high. */
export function severityFor(confidence: Confidence): Severity {
  return confidence === "confirmed" ? "critical" : "high";
}

/**
 * Makes hostile text (a file name, a `uses:` value) safe to show: control characters (ANSI escapes
 * included) become \xNN / \uNNNN escapes, and long text is cut.
 */
export function safeText(s: string, max = 200): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  const escaped = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

export interface FindingExtras {
  /** What was seen and where, in words; the indicator's summary is appended. */
  what: string;
  /** The concrete value matched when it differs from the indicator's (a tag inside a range). */
  value?: string;
  severity?: Severity;
  package?: Finding["package"];
  /** What to do, appended after the indicator's summary. */
  advice?: string;
}

/** A finding for an indicator matched at a location. */
export function indicatorFinding(ind: Indicator, location: Location, extras: FindingExtras): Finding {
  const id = ind.advisory ?? ind.id;
  const value = extras.value ?? ind.value;
  const f: Finding = {
    id,
    aliases: [],
    kind: "indicator",
    severity: extras.severity ?? severityFor(ind.confidence),
    summary: `${extras.what}: ${ind.summary}${ind.advisory ? ` [${ind.id}]` : ""}${extras.advice ? `. ${extras.advice}` : ""}`,
    location,
    fixed: [],
    fingerprint: fingerprint(id, location.path, value),
    indicator: { kind: ind.kind, value, confidence: ind.confidence },
  };
  if (ind.references.length) f.references = [...ind.references];
  if (extras.package) f.package = extras.package;
  return f;
}

/** A finding for one of lockwarden's heuristic rules (no IOC entry): severity high unless given. */
export function ruleFinding(
  id: string,
  location: Location,
  opts: { summary: string; kind: string; value: string; severity?: Severity; references?: string[] },
): Finding {
  const f: Finding = {
    id,
    aliases: [],
    kind: "indicator",
    severity: opts.severity ?? "high",
    summary: opts.summary,
    location,
    fixed: [],
    fingerprint: fingerprint(id, location.path, opts.value),
    indicator: { kind: opts.kind, value: opts.value, confidence: "heuristic" },
  };
  if (opts.references?.length) f.references = [...opts.references];
  return f;
}
