// Hand-built ScanResults for reporter tests and golden files (not part of the build). The TeamPCP
// scenario uses the campaign's real advisory ids, packages and versions; the vulnerability and
// indicator entries mirror real advisories closely enough to exercise every reporter branch.

import { createHash } from "node:crypto";
import { diagnostic } from "../core/diagnostics.js";
import type { Finding, ScanResult } from "../core/types.js";
import type { ReportOptions } from "./options.js";
import { isUnsafeCodePoint } from "./sanitize.js";

/** The unsafe code points in text, as "U+xxxx" (a reporter must write none of them raw). */
export function unsafeCodePoints(text: string): string[] {
  const found: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (isUnsafeCodePoint(cp)) found.push(`U+${cp.toString(16).padStart(4, "0")}`);
  }
  return found;
}

/** Our stand-in for the pipeline's fingerprint: hash(advisory, file, ecosystem, name, version). */
export function fingerprintOf(f: Pick<Finding, "id" | "location" | "package" | "indicator">): string {
  const who = f.package
    ? `${f.package.ecosystem}\0${f.package.name}\0${f.package.version}`
    : `${f.indicator?.kind ?? ""}\0${f.indicator?.value ?? ""}`;
  return createHash("sha256").update(`${f.id}\0${f.location.path}\0${who}`).digest("hex").slice(0, 32);
}

type FindingInput = Omit<Finding, "fingerprint" | "aliases" | "fixed" | "summary"> &
  Partial<Pick<Finding, "aliases" | "fixed" | "summary">>;

export function finding(input: FindingInput): Finding {
  const f: Finding = {
    ...input,
    aliases: input.aliases ?? [],
    fixed: input.fixed ?? [],
    summary: input.summary ?? "",
    fingerprint: "",
  };
  f.fingerprint = fingerprintOf(f);
  return f;
}

export function scanResult(parts: Partial<ScanResult> = {}): ScanResult {
  return {
    schemaVersion: 1,
    tool: { name: "lockwarden", version: "0.1.0" },
    database: { path: "advisories", records: 76 },
    files: [],
    findings: [],
    diagnostics: [],
    ...parts,
  };
}

export function options(parts: Partial<ReportOptions> = {}): ReportOptions {
  return { color: false, scanPaths: ["."], exitCode: 0, ...parts };
}

export const LITELLM = finding({
  id: "MAL-2026-2144",
  aliases: ["GHSA-5mg7-485q-xm76", "GHSA-92x9-889m-jgmw", "PYSEC-2026-2"],
  kind: "malicious",
  severity: "critical",
  summary: "Malicious code in litellm (PyPI) 1.82.7 and 1.82.8 — TeamPCP",
  package: { ecosystem: "PyPI", name: "litellm", version: "1.82.8" },
  location: { path: "requirements.txt", line: 3 },
  lastKnownGood: "1.82.6",
  direct: true,
  paths: [["app", "litellm"]],
  references: [
    "https://osv.dev/vulnerability/MAL-2026-2144",
    "https://github.com/advisories/GHSA-5mg7-485q-xm76",
    "https://github.com/BerriAI/litellm/issues/24512",
    "https://blog.pypi.org/posts/2026-04-02-incident-report-litellm-telnyx-supply-chain-attack/",
  ],
});

export const TELNYX = finding({
  id: "MAL-2026-2254",
  aliases: ["GHSA-955r-262c-33jc", "GHSA-crmv-hqwr-fqfv", "PYSEC-2026-3"],
  kind: "malicious",
  severity: "critical",
  summary: "Malicious code in telnyx (PyPI) 4.87.1 and 4.87.2 — TeamPCP",
  package: { ecosystem: "PyPI", name: "telnyx", version: "4.87.2" },
  location: { path: "services/voice/uv.lock", line: 212, endLine: 219 },
  lastKnownGood: "4.87.0",
  direct: false,
  paths: [["voice-service", "voice-sdk", "telnyx"]],
  references: [
    "https://osv.dev/vulnerability/MAL-2026-2254",
    "https://github.com/advisories/GHSA-955r-262c-33jc",
  ],
});

export const CANISTERWORM = finding({
  id: "MAL-2026-2036",
  aliases: ["GHSA-gj2w-92fr-m7c2"],
  kind: "malicious",
  severity: "critical",
  summary: "Malicious code in @emilgroup/auth-sdk (npm) — CanisterWorm / TeamPCP",
  package: { ecosystem: "npm", name: "@emilgroup/auth-sdk", version: "1.25.2", alias: "auth-sdk" },
  location: { path: "package-lock.json", line: 1804, endLine: 1815 },
  direct: false,
  paths: [
    ["web", "@emilgroup/billing-sdk", "auth-sdk"],
    ["web", "@emilgroup/claim-sdk", "auth-sdk"],
  ],
  references: [
    "https://osv.dev/vulnerability/MAL-2026-2036",
    "https://socket.dev/blog/canisterworm-npm-publisher-compromise-deploys-backdoor-across-29-packages",
  ],
});

export const LODASH = finding({
  id: "GHSA-35jh-r3h4-6jhm",
  aliases: ["CVE-2021-23337"],
  kind: "vulnerability",
  severity: "high",
  score: 7.2,
  summary: "Command Injection in lodash",
  package: { ecosystem: "npm", name: "lodash", version: "4.17.20" },
  location: { path: "package-lock.json", line: 2210, endLine: 2214 },
  fixed: ["4.17.21"],
  direct: false,
  paths: [
    ["web", "webpack-cli", "lodash"],
    ["web", "@emilgroup/billing-sdk", "lodash"],
    ["web", "eslint", "table", "lodash"],
    ["web", "karma", "lodash"],
  ],
  references: ["https://nvd.nist.gov/vuln/detail/CVE-2021-23337"],
});

export const SEMVER_BASELINE = finding({
  id: "GHSA-c2qf-rxjj-qqgw",
  aliases: ["CVE-2022-25883"],
  kind: "vulnerability",
  severity: "moderate",
  score: 5.3,
  summary: "semver vulnerable to Regular Expression Denial of Service",
  package: { ecosystem: "npm", name: "semver", version: "5.7.1" },
  location: { path: "package-lock.json", line: 3020 },
  fixed: ["5.7.2", "6.3.1", "7.5.2"],
  direct: false,
  dev: true,
  paths: [["web", "@babel/core", "semver"]],
  baseline: true,
  gating: false,
});

export const MINIMIST_SUPPRESSED = finding({
  id: "GHSA-xvch-5gv4-984h",
  aliases: ["CVE-2021-44906"],
  kind: "vulnerability",
  severity: "critical",
  score: 9.8,
  summary: "Prototype Pollution in minimist",
  package: { ecosystem: "npm", name: "minimist", version: "1.2.5" },
  location: { path: "package-lock.json", line: 2890 },
  fixed: ["1.2.6"],
  dev: true,
  suppressed: { reason: "only reachable from a dev script; tracked in SEC-142", expires: "2026-06-30" },
  gating: false,
});

export const BRACE_LOW = finding({
  id: "GHSA-v6h2-p8h4-qcjw",
  aliases: ["CVE-2025-5889"],
  kind: "vulnerability",
  severity: "low",
  score: 3.1,
  summary: "brace-expansion Regular Expression Denial of Service vulnerability",
  package: { ecosystem: "npm", name: "brace-expansion", version: "1.1.11" },
  location: { path: "package-lock.json", line: 1500 },
  fixed: ["1.1.12", "2.0.2"],
  dev: true,
  gating: true,
});

export const JINJA_UNKNOWN = finding({
  id: "GHSA-q2x7-8rv6-6q7h",
  aliases: ["CVE-2024-56326"],
  kind: "vulnerability",
  severity: "unknown",
  summary: "Jinja has a sandbox breakout through indirect reference to format method",
  package: { ecosystem: "PyPI", name: "jinja2", version: "3.1.4" },
  location: { path: "services/voice/uv.lock", line: 140 },
  fixed: ["3.1.5"],
  direct: true,
});

export const TRIVY_ACTION = finding({
  id: "GHSA-69fq-xp46-6x23",
  aliases: ["CVE-2026-33634"],
  kind: "indicator",
  severity: "critical",
  summary: "Trivy ecosystem supply chain briefly compromised (trivy v0.69.4, trivy-action, setup-trivy)",
  location: { path: ".github/workflows/ci.yml", line: 27 },
  indicator: { kind: "action-ref", value: "aquasecurity/trivy-action@0.34.0", confidence: "confirmed" },
  fixed: ["0.35.0"],
  references: [
    "https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23",
    "https://github.com/aquasecurity/trivy-action/issues/541",
  ],
});

/** A mixed scan: every finding kind, baseline, suppression, paths, an alias, and one unparsable file. */
export function teampcpResult(): ScanResult {
  return scanResult({
    database: { path: "advisories", records: 76, digest: "sha256:4f2a9c0d51e8b7a6", generated: "2026-11-25" },
    files: [
      { path: ".github/workflows/ci.yml", parser: "github-actions", packages: 6 },
      { path: "package-lock.json", parser: "package-lock", packages: 412, variant: "lockfileVersion 3" },
      { path: "poetry.lock", parser: "poetry-lock", packages: 0 },
      { path: "requirements.txt", parser: "requirements", packages: 14 },
      { path: "services/voice/uv.lock", parser: "uv-lock", packages: 37 },
    ],
    findings: [
      TRIVY_ACTION,
      BRACE_LOW,
      CANISTERWORM,
      LODASH,
      MINIMIST_SUPPRESSED,
      SEMVER_BASELINE,
      LITELLM,
      JINJA_UNKNOWN,
      TELNYX,
    ],
    diagnostics: [
      diagnostic(
        "LOCKFILE_UNPARSABLE",
        { reason: "Invalid TOML: expected '=' after key" },
        { path: "poetry.lock", line: 41 },
      ),
      diagnostic(
        "VERSION_UNPARSABLE",
        { name: "internal-tool", version: "2024.13.99-dev+local", ecosystem: "PyPI" },
        { path: "requirements.txt", line: 9 },
      ),
      diagnostic(
        "ACTION_UNPINNED",
        { action: "actions/setup-node", ref: "v4" },
        { path: ".github/workflows/ci.yml", line: 18 },
      ),
      diagnostic("NO_LOCKFILE", { manifest: "tools/package.json" }, { path: "tools/package.json" }),
    ],
  });
}

export function cleanResult(): ScanResult {
  return scanResult({
    database: { path: "advisories", records: 76, digest: "sha256:4f2a9c0d51e8b7a6" },
    files: [
      { path: "package-lock.json", parser: "package-lock", packages: 388, variant: "lockfileVersion 3" },
      { path: "requirements.txt", parser: "requirements", packages: 12 },
    ],
  });
}

/** Every kind of hostile byte a package name, version, path or advisory text could carry. */
export const EVIL = "evil\u001b[2J\u202e\r\npkg";
export const HOSTILE_CHARS =
  "\u0000\u0007\u0008\u001b]8;;https://x\u0007\u009b31m\u0085\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufeff\u200b\u{e0041}";

export function hostileResult(): ScanResult {
  const evil = finding({
    id: "MAL-2026-9999",
    aliases: [`GHSA-${EVIL}`],
    kind: "malicious",
    severity: "critical",
    summary: `Malicious ${EVIL} [click](javascript:alert(1)) <img src=x onerror=alert(1)> @octo/team *bold* _it_ | pipe \`code\` ${HOSTILE_CHARS}`,
    package: { ecosystem: "npm", name: EVIL, version: `1.0.0\u001b[31m\n::error::forged`, alias: `a${EVIL}` },
    location: { path: `dir ${EVIL}/pack,age:lock%20#?.json`, line: 7 },
    lastKnownGood: `0.9.9${HOSTILE_CHARS}`,
    paths: [["root\u202e", EVIL, "x,y:z"]],
    references: ["javascript:alert(1)", `https://example.com/${EVIL}`, "https://example.com/ok"],
  });
  const vuln = finding({
    id: `GHSA-${EVIL}`,
    kind: "vulnerability",
    severity: "high",
    summary: `Vulnerability\r\n::warning::forged ${HOSTILE_CHARS}`,
    package: { ecosystem: "PyPI", name: `py${EVIL}`, version: "2.0" },
    location: { path: "requirements.txt", line: 2 },
    fixed: [`2.1${EVIL}`],
    suppressed: { reason: `because ${EVIL}`, expires: `2026${EVIL}` },
  });
  return scanResult({
    database: { path: `db${EVIL}`, records: 2, digest: `sha256:${EVIL}` },
    files: [
      { path: `dir ${EVIL}/pack,age:lock%20#?.json`, parser: "package-lock", packages: 1 },
      { path: "requirements.txt", parser: "requirements", packages: 1 },
    ],
    findings: [evil, vuln],
    diagnostics: [
      diagnostic("LOCKFILE_UNPARSABLE", { reason: `bad ${EVIL}` }, { path: `x${EVIL}`, line: 1 }),
      diagnostic("GENERIC", { message: `warn ${EVIL}` }, { path: "requirements.txt" }, "warning"),
    ],
  });
}
