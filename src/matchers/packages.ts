// Packages × OSV advisories → findings. Pure and total: a version that cannot be parsed, or an
// advisory range that cannot be, becomes a diagnostic and a narrower (exact-string) match, never an
// exception and never silence.
//
// Which packages are checked:
// - source "registry" with a version: versions and ranges;
// - source "url" with a version: the same. A URL pin (a wheel or tarball URL) still installs that
//   project at that version; reporting a compromised name@version there is what users expect, and
//   a URL to a fork reusing the name is rarer than a mirror of the real artifact;
// - source "registry" without a version (a lockfile entry that lost its version): only ranges that
//   cover every version (introduced "0" and nothing closing them: typical of malware records),
//   reported with version "" — the VERSION_MISSING diagnostic the parser emits promises this;
// - never "path", "workspace" or "git": those are not the registry's package of that name.
//
// Records that alias each other form one group and give one finding per package occurrence.

import type { Advisory, AdvisoryDatabase } from "../advisory-db/index.js";
import { indexKey, lookupByKey } from "../advisory-db/index.js";
import { type Diagnostic, diagnostic } from "../core/diagnostics.js";
import type { Finding, PackageRef, Severity } from "../core/types.js";
import { type EcosystemRules, type ParsedVersion, rulesFor } from "../ecosystems/index.js";
import { type AliasGroup, aliasGroupsOf } from "./alias-groups.js";
import { fingerprint } from "./fingerprint.js";
import { type CompiledRange, compileRange, fixedAbove, rangeIncludes } from "./range.js";

export interface MatchResult {
  findings: Finding[];
  diagnostics: Diagnostic[];
}

/** One affected[] entry of a record, prepared for matching once. */
interface CompiledEntry {
  key: string;
  /** The listed versions as written (exact-string matching for unparsable package versions). */
  versions: Set<string>;
  /** Canonical forms of the listed versions that parse (equality under the ecosystem's rules). */
  canonical: Set<string>;
  ranges: CompiledRange[];
  lastKnownGood?: string;
}

interface CompiledAdvisory {
  entries: CompiledEntry[];
  /** Why some range could not be parsed (those ranges match by exact versions only). */
  unparsable: string[];
}

const compiledCache = new WeakMap<Advisory, CompiledAdvisory>();

function compile(advisory: Advisory): CompiledAdvisory {
  const cached = compiledCache.get(advisory);
  if (cached) return cached;
  const out: CompiledAdvisory = { entries: [], unparsable: [] };
  advisory.affected.forEach((affected, i) => {
    const rules = rulesFor(affected.ecosystem);
    if (!rules) return; // ecosystems lockwarden does not version-match (GitHub Actions, Go, …)
    const entry: CompiledEntry = {
      key: indexKey(affected.ecosystem, affected.name),
      versions: new Set(affected.versions),
      canonical: new Set(),
      ranges: [],
    };
    for (const v of affected.versions) {
      const parsed = rules.parse(v);
      if (parsed !== undefined) entry.canonical.add(rules.canonical(parsed));
    }
    const lkg = affected.databaseSpecific?.["last_known_good"];
    if (typeof lkg === "string" && lkg !== "") entry.lastKnownGood = lkg;
    affected.ranges.forEach((range, j) => {
      const r = compileRange(range, rules, affected.ecosystem);
      if (r.status === "ok") entry.ranges.push(r.range);
      else if (r.status === "unparsable") out.unparsable.push(`affected[${i}].ranges[${j}]: ${r.reason}`);
    });
    out.entries.push(entry);
  });
  compiledCache.set(advisory, out);
  return out;
}

interface Hit {
  advisory: Advisory;
  fixed: string[];
  lastKnownGood?: string;
}

/** Does one record affect this package version? Returns the fixed versions of the matching ranges. */
function evaluate(
  entries: readonly CompiledEntry[],
  version: string | undefined,
  parsed: ParsedVersion | undefined,
  canonical: string | undefined,
  rules: EcosystemRules,
): { fixed: string[]; lastKnownGood?: string } | undefined {
  let matched = false;
  let fixed: string[] | undefined;
  let lastKnownGood: string | undefined;
  for (const entry of entries) {
    let hit = false;
    if (version === undefined) {
      hit = entry.ranges.some((r) => r.coversAll);
    } else if (parsed === undefined) {
      hit = entry.versions.has(version);
    } else {
      hit = entry.canonical.has(canonical as string);
      for (const range of entry.ranges) {
        if (rangeIncludes(parsed, range, rules)) {
          hit = true;
          fixed ??= [];
          fixed.push(...fixedAbove(parsed, range, rules));
        }
      }
    }
    if (hit) {
      matched = true;
      lastKnownGood ??= entry.lastKnownGood;
    }
  }
  if (!matched) return undefined;
  const result: { fixed: string[]; lastKnownGood?: string } = { fixed: fixed ?? [] };
  if (lastKnownGood !== undefined) result.lastKnownGood = lastKnownGood;
  return result;
}

/** A live record prepared for one package key: only its affected entries for that key. */
interface KeyedAdvisory {
  advisory: Advisory;
  entries: CompiledEntry[];
  unparsable: string[];
}

const keyedCache = new WeakMap<AdvisoryDatabase, Map<string, KeyedAdvisory[]>>();

/** The live (not withdrawn) records for a package key, compiled once per database and key. */
function keyedFor(db: AdvisoryDatabase, key: string, candidates: readonly Advisory[]): KeyedAdvisory[] {
  let byKey = keyedCache.get(db);
  if (!byKey) {
    byKey = new Map();
    keyedCache.set(db, byKey);
  }
  let keyed = byKey.get(key);
  if (!keyed) {
    keyed = [];
    for (const advisory of candidates) {
      if (advisory.withdrawn !== undefined) continue;
      const compiled = compile(advisory);
      const entries = compiled.entries.filter((e) => e.key === key);
      if (entries.length > 0) keyed.push({ advisory, entries, unparsable: compiled.unparsable });
    }
    byKey.set(key, keyed);
  }
  return keyed;
}

const SEVERITY_RANK: Record<Severity, number> = { unknown: 0, low: 1, moderate: 2, high: 3, critical: 4 };

const detailsLineCache = new WeakMap<Advisory, string>();

/** First non-empty line of the details (PyPA records have no summary), at most 200 characters. */
function detailsLine(advisory: Advisory): string {
  let line = detailsLineCache.get(advisory);
  if (line === undefined) {
    const details = advisory.details ?? "";
    line = "";
    for (let start = 0; start <= details.length; ) {
      let end = details.indexOf("\n", start);
      if (end === -1) end = details.length;
      const candidate = details.slice(start, end).trim();
      if (candidate !== "") {
        line = candidate.length > 200 ? `${candidate.slice(0, 199)}…` : candidate;
        break;
      }
      start = end + 1;
    }
    detailsLineCache.set(advisory, line);
  }
  return line;
}

function summaryOf(group: AliasGroup, ordered: readonly Hit[], db: AdvisoryDatabase): string {
  const canonical = db.byId(group.canonical);
  if (canonical?.summary) return canonical.summary;
  for (const h of ordered) if (h.advisory.summary !== "") return h.advisory.summary;
  if (canonical && detailsLine(canonical) !== "") return detailsLine(canonical);
  for (const h of ordered) if (detailsLine(h.advisory) !== "") return detailsLine(h.advisory);
  return group.canonical;
}

/** The part of a finding shared by every occurrence of one package version in one group. */
interface Template {
  group: AliasGroup;
  kind: Finding["kind"];
  severity: Severity;
  summary: string;
  fixed: string[];
  references: string[];
  lastKnownGood?: string;
  score?: number;
}

function buildTemplate(
  group: AliasGroup,
  hits: Hit[],
  db: AdvisoryDatabase,
  rules: EcosystemRules,
): Template {
  // Canonical record first, then the other matching records in id order.
  const ordered =
    hits.length === 1
      ? hits
      : hits
          .slice()
          .sort((a, b) =>
            a.advisory.id === group.canonical
              ? -1
              : b.advisory.id === group.canonical
                ? 1
                : a.advisory.id < b.advisory.id
                  ? -1
                  : 1,
          );
  let severity: Severity = "unknown";
  let score: number | undefined;
  for (const h of ordered) {
    if (SEVERITY_RANK[h.advisory.severity] > SEVERITY_RANK[severity]) severity = h.advisory.severity;
    if (h.advisory.score !== undefined && (score === undefined || h.advisory.score > score)) {
      score = h.advisory.score;
    }
  }
  if (group.malicious) severity = "critical";
  let fixed: string[] = [];
  for (const h of ordered) for (const f of h.fixed) fixed.push(f);
  if (fixed.length > 1) {
    // Sort by version; equal versions spelled differently (1.2 and 1.2.0) keep only the first spelling.
    fixed.sort((a, b) => rules.compare(a, b));
    fixed = fixed.filter((f, i) => i === 0 || !rules.equals(fixed[i - 1] as string, f));
  }
  const template: Template = {
    group,
    kind: group.malicious ? "malicious" : "vulnerability",
    severity,
    summary: summaryOf(group, ordered, db),
    fixed,
    references:
      ordered.length === 1
        ? (ordered[0] as Hit).advisory.references
        : [...new Set(ordered.flatMap((h) => h.advisory.references))],
  };
  let lastKnownGood: string | undefined;
  for (const h of ordered) lastKnownGood ??= h.lastKnownGood;
  for (const h of ordered) lastKnownGood ??= h.advisory.lastKnownGood;
  if (lastKnownGood !== undefined) template.lastKnownGood = lastKnownGood;
  if (score !== undefined) template.score = score;
  return template;
}

function buildFinding(pkg: PackageRef, version: string, normalisedName: string, t: Template): Finding {
  // Arrays are copied so a caller that edits one finding never changes another.
  const finding: Finding = {
    id: t.group.canonical,
    aliases: t.group.aliases.slice(),
    kind: t.kind,
    severity: t.severity,
    summary: t.summary,
    package: { ecosystem: pkg.ecosystem, name: pkg.name, version },
    location: { ...pkg.location },
    fixed: t.fixed.slice(),
    fingerprint: fingerprint({
      group: t.group.canonical,
      path: pkg.location.path,
      ecosystem: pkg.ecosystem,
      name: normalisedName,
      version,
    }),
  };
  if (pkg.alias !== undefined && finding.package) finding.package.alias = pkg.alias;
  if (t.lastKnownGood !== undefined) finding.lastKnownGood = t.lastKnownGood;
  if (t.references.length > 0) finding.references = t.references.slice();
  if (t.score !== undefined) finding.score = t.score;
  return finding;
}

function eligible(pkg: PackageRef): boolean {
  if (pkg.source === "registry") return true;
  return pkg.source === "url" && pkg.version !== undefined && pkg.version !== "";
}

function compareFindings(a: Finding, b: Finding): number {
  const s = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return (
    s(a.location.path, b.location.path) ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    s(a.id, b.id) ||
    s(a.package?.ecosystem ?? "", b.package?.ecosystem ?? "") ||
    s(a.package?.name ?? "", b.package?.name ?? "") ||
    s(a.package?.version ?? "", b.package?.version ?? "") ||
    s(a.fingerprint, b.fingerprint)
  );
}

/** Matches locked packages against the database. Findings are sorted by path, line, id. */
export function matchPackages(packages: readonly PackageRef[], db: AdvisoryDatabase): MatchResult {
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  const rangeWarned = new Set<string>();
  // One evaluation per distinct (package, version): lockfiles of a monorepo repeat the same versions.
  const memo = new Map<string, Template[]>();
  let groups: Map<string, AliasGroup> | undefined;

  for (const pkg of packages) {
    if (!eligible(pkg)) continue;
    const rules = rulesFor(pkg.ecosystem);
    if (!rules) continue;
    const key = indexKey(pkg.ecosystem, pkg.name);
    const candidates = lookupByKey(db, pkg.ecosystem, pkg.name, key);
    if (candidates.length === 0 || candidates.every((a) => a.withdrawn !== undefined)) continue;

    const version = pkg.version === "" ? undefined : pkg.version;
    const parsed = version === undefined ? undefined : rules.parse(version);
    if (version !== undefined && parsed === undefined) {
      diagnostics.push(
        diagnostic(
          "VERSION_UNPARSABLE",
          { name: pkg.name, version, ecosystem: pkg.ecosystem },
          { ...pkg.location },
        ),
      );
    }
    const memoKey = `${key}\0${version ?? ""}`;
    let templates = memo.get(memoKey);
    if (!templates) {
      const canonical = parsed === undefined ? undefined : rules.canonical(parsed);
      const byGroup = new Map<AliasGroup, Hit[]>();
      for (const { advisory, entries, unparsable } of keyedFor(db, key, candidates)) {
        if (unparsable.length > 0 && !rangeWarned.has(advisory.id)) {
          rangeWarned.add(advisory.id);
          diagnostics.push(
            diagnostic(
              "RANGE_UNPARSABLE",
              { advisory: advisory.id, reason: unparsable.join("; ") },
              { path: advisory.source },
            ),
          );
        }
        const result = evaluate(entries, version, parsed, canonical, rules);
        if (!result) continue;
        groups ??= aliasGroupsOf(db);
        const group = groups.get(advisory.id);
        if (!group) continue; // unreachable: every live record has a group
        const hit: Hit = { advisory, fixed: result.fixed };
        if (result.lastKnownGood !== undefined) hit.lastKnownGood = result.lastKnownGood;
        const list = byGroup.get(group);
        if (list) list.push(hit);
        else byGroup.set(group, [hit]);
      }
      templates = [...byGroup].map(([group, hits]) => buildTemplate(group, hits, db, rules));
      memo.set(memoKey, templates);
    }
    const normalisedName = key.slice(key.indexOf("\0") + 1);
    for (const t of templates) findings.push(buildFinding(pkg, version ?? "", normalisedName, t));
  }
  findings.sort(compareFindings);
  return { findings, diagnostics };
}
