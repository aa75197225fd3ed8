// The CI policy, applied once to a ScanResult so every reporter shows the same decisions:
// which findings are suppressed (with the reason), which are already in the baseline, which are
// left out of the gate (--omit), and which gate. Pure: the CLI loads config files and baselines.
//
// Rules: malicious and indicator findings always gate unless explicitly ignored; vulnerabilities
// gate at or above `failOn` (unknown severity counts as moderate, so an unscored advisory is
// neither silently dropped by --fail-on high nor allowed to hide behind it by default).

import { type Diagnostic, diagnostic } from "./diagnostics.js";
import type { GlobCompiler } from "./glob.js";
import type { Finding, Location, ScanResult, Severity } from "./types.js";

export type FailOn = "critical" | "high" | "moderate" | "low" | "none";
export type OmitGroup = "dev" | "optional";

export interface IgnoreRule {
  id: string;
  package?: string;
  version?: string;
  /** Glob on the finding's file path. */
  path?: string;
  reason: string;
  /** YYYY-MM-DD; the rule stops suppressing after this day. */
  expires?: string;
  /** Where the rule was written, for warnings. */
  source?: Location;
}

export interface Policy {
  failOn: FailOn;
  ignore: IgnoreRule[];
  omit: OmitGroup[];
  /** Fingerprints of findings already known (from --baseline). */
  baseline?: ReadonlySet<string>;
  /** Today's date (YYYY-MM-DD), injected so expiry is testable. */
  today: string;
  /** Compiles ignore rules' `path` globs; needed only when a rule has one (core/glob.ts). */
  glob?: GlobCompiler;
}

export interface PolicyOutcome {
  result: ScanResult;
  /** Findings that gate. */
  gating: number;
  counts: { suppressed: number; baseline: number; omitted: number };
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, moderate: 2, unknown: 2, low: 1 };
const FAIL_RANK: Record<FailOn, number> = {
  critical: 4,
  high: 3,
  moderate: 2,
  low: 1,
  none: Number.POSITIVE_INFINITY,
};

export const DEFAULT_POLICY: Omit<Policy, "today"> = { failOn: "low", ignore: [], omit: [] };

export function applyPolicy(input: ScanResult, policy: Policy): PolicyOutcome {
  const diagnostics: Diagnostic[] = [];
  const used = new Set<IgnoreRule>();
  const matchers = policy.ignore.map((rule) => ({
    rule,
    path: rule.path ? compile(policy, rule.path) : undefined,
  }));
  const counts = { suppressed: 0, baseline: 0, omitted: 0 };
  let gating = 0;

  const findings = input.findings.map((original) => {
    const f: Finding = { ...original };
    delete f.suppressed;
    delete f.baseline;
    for (const { rule, path } of matchers) {
      if (!ruleMatches(rule, path, f)) continue;
      used.add(rule);
      if (rule.expires !== undefined && rule.expires < policy.today) {
        diagnostics.push(
          diagnostic(
            "IGNORE_EXPIRED",
            { id: rule.id, expires: rule.expires, finding: describe(f) },
            rule.source ?? f.location,
          ),
        );
        continue;
      }
      f.suppressed = rule.expires ? { reason: rule.reason, expires: rule.expires } : { reason: rule.reason };
      break;
    }
    if (policy.baseline?.has(f.fingerprint)) f.baseline = true;
    const omitted = isOmitted(f, policy.omit);
    f.gating = !f.suppressed && !f.baseline && !omitted && meetsGate(f, policy.failOn);
    if (f.suppressed) counts.suppressed++;
    else if (f.baseline) counts.baseline++;
    else if (omitted) counts.omitted++;
    if (f.gating) gating++;
    return f;
  });

  for (const rule of policy.ignore) {
    if (!used.has(rule)) {
      const loc = rule.source;
      diagnostics.push(diagnostic("IGNORE_UNUSED", { id: rule.id }, loc));
    }
  }
  return {
    result: { ...input, findings, diagnostics: [...input.diagnostics, ...diagnostics] },
    gating,
    counts,
  };
}

function compile(policy: Policy, glob: string): (path: string) => boolean {
  if (!policy.glob)
    throw new Error("applyPolicy: an ignore rule has a path glob but the policy has no glob compiler");
  return policy.glob(glob);
}

function ruleMatches(rule: IgnoreRule, path: ((p: string) => boolean) | undefined, f: Finding): boolean {
  const ids = [f.id, ...f.aliases];
  if (!ids.includes(rule.id)) return false;
  if (rule.package !== undefined && rule.package !== f.package?.name && rule.package !== f.package?.alias)
    return false;
  if (rule.version !== undefined && rule.version !== f.package?.version) return false;
  if (path && !path(f.location.path)) return false;
  return true;
}

function isOmitted(f: Finding, omit: readonly OmitGroup[]): boolean {
  // Malicious code runs at install time whatever the group, so --omit never hides it.
  if (f.kind !== "vulnerability") return false;
  return (omit.includes("dev") && f.dev === true) || (omit.includes("optional") && f.optional === true);
}

function meetsGate(f: Finding, failOn: FailOn): boolean {
  if (f.kind === "malicious" || f.kind === "indicator") return true;
  return RANK[f.severity] >= FAIL_RANK[failOn];
}

function describe(f: Finding): string {
  return f.package ? `${f.package.name}@${f.package.version} (${f.location.path})` : f.location.path;
}

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
