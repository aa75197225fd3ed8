// CVSS v3.0/v3.1 base score from a vector string, per the FIRST specification's published
// formula (https://www.first.org/cvss/v3.1/specification-document §7.1 and Appendix A for
// Roundup). v3.0 vectors use the same formula; the v3.1 Roundup is applied to both, which only
// removes v3.0's floating-point artefacts. Temporal and environmental metrics are ignored: the
// base score is what advisories publish. Anything malformed yields undefined, never a guess.
//
// Imported databases store these results (record.ts DERIVED_VERSION): bump that version when
// this file changes what it returns, or scans keep serving the old classification.

const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Record<string, number> = { L: 0.77, H: 0.44 };
const PR_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Record<string, number> = { N: 0.85, R: 0.62 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };
const BASE = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"] as const;

/** CVSS v3.1 Roundup: the smallest number with one decimal place that is >= the input, robust to float error. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

/** Base score (0.0–10.0) of a "CVSS:3.0/…" or "CVSS:3.1/…" vector; undefined when it is not one. */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split("/");
  if (parts[0] !== "CVSS:3.0" && parts[0] !== "CVSS:3.1") return undefined;
  const metrics = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const m = /^([A-Za-z]+):([A-Za-z]+)$/.exec(part);
    if (!m) return undefined;
    const key = m[1] as string;
    // A metric given twice makes the vector invalid (the specification forbids it).
    if (metrics.has(key)) return undefined;
    metrics.set(key, m[2] as string);
  }
  for (const key of BASE) if (!metrics.has(key)) return undefined;
  const scope = metrics.get("S");
  if (scope !== "U" && scope !== "C") return undefined;
  const changed = scope === "C";
  const av = AV[metrics.get("AV") as string];
  const ac = AC[metrics.get("AC") as string];
  const pr = (changed ? PR_CHANGED : PR_UNCHANGED)[metrics.get("PR") as string];
  const ui = UI[metrics.get("UI") as string];
  const c = CIA[metrics.get("C") as string];
  const i = CIA[metrics.get("I") as string];
  const a = CIA[metrics.get("A") as string];
  if (
    av === undefined ||
    ac === undefined ||
    pr === undefined ||
    ui === undefined ||
    c === undefined ||
    i === undefined ||
    a === undefined
  ) {
    return undefined;
  }
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  return changed
    ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
    : roundUp(Math.min(impact + exploitability, 10));
}
