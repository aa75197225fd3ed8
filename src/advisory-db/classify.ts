// Derived advisory facts: malicious or not, a normalised severity, the CVSS v3 score, and the last
// known-good version. Malware is recognised the ways the three upstreams mark it: an ossf
// malicious-packages id or alias (MAL-), CWE-506 ("Embedded Malicious Code") in GitHub's
// database_specific, or GitHub's fixed malware summary "Malicious code in …".
//
// Imported databases store these results (record.ts DERIVED_VERSION): bump that version when
// this file changes what it returns, or scans keep serving the old classification.

import type { Severity } from "../core/types.js";
import { cvss3BaseScore } from "./cvss.js";
import type { AdvisoryKind } from "./types.js";
import type { OsvRecord } from "./validate.js";

const SEVERITY_RANK: Record<Severity, number> = { unknown: 0, low: 1, moderate: 2, high: 3, critical: 4 };

/** The more severe of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

/** CVSS qualitative rating; 0.0 ("none") gives undefined so the next source is consulted. */
export function severityFromScore(score: number): Severity | undefined {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "moderate";
  if (score > 0) return "low";
  return undefined;
}

const DB_SEVERITY: Record<string, Severity> = {
  CRITICAL: "critical",
  HIGH: "high",
  MODERATE: "moderate",
  MEDIUM: "moderate",
  LOW: "low",
};

function cweIds(db: Record<string, unknown> | undefined): string[] {
  if (!db) return [];
  const out: string[] = [];
  for (const key of ["cwe_ids", "cwes"]) {
    const list = db[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      // GitHub writes "CWE-506"; ossf malicious-packages writes {"cweId": "CWE-506", …}.
      if (typeof item === "string") out.push(item);
      else if (
        typeof item === "object" &&
        item !== null &&
        typeof (item as { cweId?: unknown }).cweId === "string"
      ) {
        out.push((item as { cweId: string }).cweId);
      }
    }
  }
  return out;
}

export function kindOf(record: OsvRecord): AdvisoryKind {
  if (record.id.startsWith("MAL-") || record.aliases.some((a) => a.startsWith("MAL-"))) return "malicious";
  if ((record.summary ?? "").startsWith("Malicious code in")) return "malicious";
  const cwes = [
    ...cweIds(record.databaseSpecific),
    ...record.affected.flatMap((a) => cweIds(a.databaseSpecific)),
  ];
  return cwes.some((c) => c.toUpperCase() === "CWE-506") ? "malicious" : "vulnerability";
}

/** Highest CVSS v3 base score among the record's (or, when it has none, its affected entries') vectors. */
export function scoreOf(record: OsvRecord): number | undefined {
  const entries = record.severity.length > 0 ? record.severity : record.affected.flatMap((a) => a.severity);
  let best: number | undefined;
  for (const s of entries) {
    if (s.type !== "CVSS_V3") continue;
    const score = cvss3BaseScore(s.score);
    if (score !== undefined && (best === undefined || score > best)) best = score;
  }
  return best;
}

export function severityOf(record: OsvRecord, kind: AdvisoryKind, score: number | undefined): Severity {
  if (kind === "malicious") return "critical";
  const fromScore = score === undefined ? undefined : severityFromScore(score);
  if (fromScore) return fromScore;
  const label = record.databaseSpecific?.["severity"];
  if (typeof label === "string") {
    const s = DB_SEVERITY[label.trim().toUpperCase()];
    if (s) return s;
  }
  return "unknown";
}

export function lastKnownGoodOf(record: OsvRecord): string | undefined {
  const top = record.databaseSpecific?.["last_known_good"];
  if (typeof top === "string" && top !== "") return top;
  for (const a of record.affected) {
    const v = a.databaseSpecific?.["last_known_good"];
    if (typeof v === "string" && v !== "") return v;
  }
  return undefined;
}
