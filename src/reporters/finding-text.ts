// What every reporter says about a finding, worded once: ordering, level, fix, message, counts.
// Strings returned here are *raw* (they embed scanned data); each reporter sanitises and escapes
// them for its own medium.

import type { Diagnostic, DiagnosticSeverity } from "../core/diagnostics.js";
import type { Finding, FindingKind, ScanResult, Severity } from "../core/types.js";

/** Code-unit string order: locale-independent, so output bytes do not depend on the machine. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpNum(a: number | undefined, b: number | undefined): number {
  // Findings without a line sort first in their file (they concern the whole file).
  return (a ?? 0) - (b ?? 0);
}

/** Report order: file, line, advisory id, then package identity and fingerprint as tie-breakers. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.path, b.location.path) ||
    cmpNum(a.location.line, b.location.line) ||
    cmp(a.id, b.id) ||
    cmp(a.package?.ecosystem ?? "", b.package?.ecosystem ?? "") ||
    cmp(a.package?.name ?? "", b.package?.name ?? "") ||
    cmp(a.package?.version ?? "", b.package?.version ?? "") ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

const DIAGNOSTIC_RANK: Record<DiagnosticSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Diagnostics: errors first, then warnings, then info; within each, by place, code and text. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    DIAGNOSTIC_RANK[a.severity] - DIAGNOSTIC_RANK[b.severity] ||
    cmp(a.location?.path ?? "", b.location?.path ?? "") ||
    cmpNum(a.location?.line, b.location?.line) ||
    cmp(a.code, b.code) ||
    cmp(a.message, b.message)
  );
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

export type Level = "error" | "warning" | "note";

/** SARIF/GitHub level: malicious and critical/high → error, moderate → warning, low/unknown → note. */
export function levelOf(f: Finding): Level {
  if (f.kind === "malicious") return "error";
  switch (f.severity) {
    case "critical":
    case "high":
      return "error";
    case "moderate":
      return "warning";
    default:
      return "note";
  }
}

/**
 * GitHub code scanning's `security-severity` (0.0–10.0) as a numeric string. Malicious releases and
 * critical indicators are 10.0 (running them is a compromise, whatever CVSS says); otherwise the
 * advisory's CVSS-derived score; otherwise a default per severity chosen inside GitHub's bands
 * (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9).
 */
export const DEFAULT_SECURITY_SEVERITY: Record<Severity, number> = {
  critical: 9.5,
  high: 8.0,
  moderate: 5.5,
  low: 3.0,
  unknown: 5.0,
};

export function securitySeverity(f: Finding): number {
  if (f.kind === "malicious" || (f.kind === "indicator" && f.severity === "critical")) return 10;
  if (typeof f.score === "number" && Number.isFinite(f.score)) {
    return Math.round(Math.min(10, Math.max(0, f.score)) * 10) / 10;
  }
  return DEFAULT_SECURITY_SEVERITY[f.severity] ?? 5;
}

/** Policy: a finding gates the exit code unless suppressed, or marked not gating / baseline. */
export function isGating(f: Finding): boolean {
  if (f.suppressed) return false;
  return f.gating ?? !f.baseline;
}

/** "name@version", noting an npm alias: "real@1.0.0 (as alias)". */
export function packageLabel(f: Finding): string {
  if (f.package) {
    const p = f.package;
    const alias = p.alias && p.alias !== p.name ? ` (as ${p.alias})` : "";
    return `${p.name}@${p.version}${alias}`;
  }
  if (f.indicator) return f.indicator.value;
  return f.location.path;
}

/** `path:line`, or the path alone when the line is unknown. */
export function locationLabel(loc: { path: string; line?: number }): string {
  return loc.line === undefined ? loc.path : `${loc.path}:${loc.line}`;
}

/** Short fix for tables: "fixed in 1.2.3, 2.0.1" / "last good 1.82.6" / "remove" / "no fix yet". */
export function fixText(f: Finding): string {
  if (f.kind !== "malicious" && f.fixed.length > 0) return `fixed in ${f.fixed.join(", ")}`;
  if (f.lastKnownGood !== undefined) return `last good ${f.lastKnownGood}`;
  return f.kind === "vulnerability" ? "no fix yet" : "remove";
}

/** The fix as a sentence for messages. */
export function fixSentence(f: Finding): string {
  if (f.kind !== "malicious" && f.fixed.length > 0) {
    return `Upgrade to a fixed version (${f.fixed.join(", ")}).`;
  }
  if (f.lastKnownGood !== undefined) {
    return `Remove it or pin the last known-good version ${f.lastKnownGood}.`;
  }
  return f.kind === "vulnerability" ? "No fixed version is published yet." : "Remove it.";
}

function clause(summary: string): string {
  const s = summary.trim().replace(/[.!?\s]+$/, "");
  return s === "" ? "" : `: ${s}`;
}

/** One-sentence description of a finding naming the package, version, advisory and fix. */
export function findingMessage(f: Finding): string {
  const subject = f.package
    ? `${f.package.name}${f.package.alias && f.package.alias !== f.package.name ? ` (installed as ${f.package.alias})` : ""} ${f.package.version}`
    : f.indicator
      ? `${f.indicator.kind} ${f.indicator.value}`
      : f.location.path;
  const fix = fixSentence(f);
  switch (f.kind) {
    case "malicious":
      return `${subject} is a malicious release (${f.id})${clause(f.summary)}. ${fix}`;
    case "vulnerability":
      return `${subject} is affected by ${f.id} (${f.severity})${clause(f.summary)}. ${fix}`;
    default: {
      const detail: string[] = [f.severity];
      if (f.indicator && f.package) detail.push(`${f.indicator.kind} ${f.indicator.value}`);
      if (f.indicator) detail.push(`confidence ${f.indicator.confidence}`);
      return `${subject} matches compromise indicator ${f.id} (${detail.join(", ")})${clause(f.summary)}. ${fix}`;
    }
  }
}

export const KIND_LABEL: Record<FindingKind, [singular: string, plural: string]> = {
  malicious: ["malicious", "malicious"],
  vulnerability: ["vulnerability", "vulnerabilities"],
  indicator: ["indicator", "indicators"],
};

export const KINDS: readonly FindingKind[] = ["malicious", "vulnerability", "indicator"];

export interface Counts {
  files: number;
  packages: number;
  /** Shown (unsuppressed) findings by kind. */
  byKind: Record<FindingKind, number>;
  shown: number;
  gating: number;
  /** Shown but not gating (baseline or policy). */
  notGating: number;
  baseline: number;
  suppressed: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function countResult(result: ScanResult): Counts {
  const c: Counts = {
    files: result.files.length,
    packages: result.files.reduce((n, f) => n + f.packages, 0),
    byKind: { malicious: 0, vulnerability: 0, indicator: 0 },
    shown: 0,
    gating: 0,
    notGating: 0,
    baseline: 0,
    suppressed: 0,
    errors: 0,
    warnings: 0,
    infos: 0,
  };
  for (const f of result.findings) {
    if (f.suppressed) {
      c.suppressed++;
      continue;
    }
    c.shown++;
    c.byKind[f.kind]++;
    if (f.baseline) c.baseline++;
    if (isGating(f)) c.gating++;
    else c.notGating++;
  }
  for (const d of result.diagnostics) {
    if (d.severity === "error") c.errors++;
    else if (d.severity === "warning") c.warnings++;
    else c.infos++;
  }
  return c;
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** "2 malicious, 1 vulnerability, 0 indicators". */
export function kindCounts(c: Counts): string {
  return KINDS.map((k) => plural(c.byKind[k], KIND_LABEL[k][0], KIND_LABEL[k][1])).join(", ");
}

/** Ids the osv.dev vulnerability page serves. */
const OSV_ID = /^(?:MAL|GHSA|PYSEC|CVE|OSV|GSD|GO|RUSTSEC|PSF|BIT|CURL)-[A-Za-z0-9._:-]+$/;

/**
 * A URL we are willing to render as a link: http(s) and only RFC 3986 characters, minus the ones
 * that end a markdown link or autolink (`(`, `)`, `'`, `[`, `]`, `<`, `>`). No controls, no spaces.
 */
export function isSafeUrl(url: string): boolean {
  return /^https?:\/\/[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+$/.test(url);
}

/** Where to read about an advisory: osv.dev for OSV-style ids, else the first safe reference. */
export function advisoryUrl(f: Pick<Finding, "id" | "references">): string | undefined {
  if (OSV_ID.test(f.id)) return `https://osv.dev/vulnerability/${encodeURIComponent(f.id)}`;
  return f.references?.find(isSafeUrl);
}
