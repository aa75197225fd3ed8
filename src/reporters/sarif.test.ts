import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { diagnostic } from "../core/diagnostics.js";
import type { Finding, ScanResult } from "../core/types.js";
import { automationId, FINGERPRINT_KEY, INFORMATION_URI, pathToUri, renderSarif, sarif } from "./sarif.js";
import {
  BRACE_LOW,
  CANISTERWORM,
  cleanResult,
  EVIL,
  finding,
  hostileResult,
  JINJA_UNKNOWN,
  LITELLM,
  LODASH,
  MINIMIST_SUPPRESSED,
  options,
  SEMVER_BASELINE,
  scanResult,
  TRIVY_ACTION,
  teampcpResult,
  unsafeCodePoints,
} from "./test-kit.js";

// The repo's copy of the official OASIS schema (draft-04), so this test never skips.
const schema = JSON.parse(
  readFileSync(new URL("../../schemas/sarif-schema-2.1.0.json", import.meta.url), "utf8"),
) as object;
// Both packages are CommonJS with `exports.default`; under NodeNext the default import is module.exports.
const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
addFormats.default(ajv);
const validateSchema = ajv.compile(schema);

// Loose views of the emitted SARIF, for assertions.
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; endLine?: number };
    };
  }>;
  partialFingerprints: Record<string, string>;
  baselineState?: string;
  suppressions?: Array<{ kind: string; justification: string }>;
  properties: Record<string, unknown>;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  properties: { tags: string[]; "security-severity": string; precision: string };
}
interface SarifNotification {
  level: string;
  message: { text: string };
  descriptor: { id: string };
  locations?: SarifResult["locations"];
}
interface SarifRun {
  tool: { driver: { name: string; version: string; semanticVersion?: string; rules: SarifRule[] } };
  automationDetails: { id: string };
  invocations: Array<{
    executionSuccessful: boolean;
    toolExecutionNotifications?: SarifNotification[];
    endTimeUtc?: string;
  }>;
  results: SarifResult[];
  properties: Record<string, unknown>;
}

function parse(text: string): SarifRun {
  const log = JSON.parse(text) as { version: string; runs: SarifRun[] };
  expect(log.version).toBe("2.1.0");
  expect(log.runs).toHaveLength(1);
  return log.runs[0] as SarifRun;
}

function expectSchemaValid(text: string): void {
  const ok = validateSchema(JSON.parse(text));
  expect(validateSchema.errors ?? [], ajv.errorsText(validateSchema.errors)).toEqual([]);
  expect(ok).toBe(true);
}

function byRule(run: SarifRun, ruleId: string): SarifResult {
  const r = run.results.find((x) => x.ruleId === ruleId);
  if (!r) throw new Error(`no result for ${ruleId}`);
  return r;
}

function rule(run: SarifRun, id: string): SarifRule {
  const r = run.tool.driver.rules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

function shifted(result: ScanResult, n: number): ScanResult {
  return {
    ...result,
    findings: result.findings.map((f) => {
      const location = { ...f.location };
      if (location.line !== undefined) location.line += n;
      if (location.endLine !== undefined) location.endLine += n;
      return { ...f, location };
    }),
  };
}

describe("SARIF against the official 2.1.0 schema", () => {
  it.each([
    ["teampcp", teampcpResult(), 2],
    ["clean", cleanResult(), 0],
    ["hostile", hostileResult(), 2],
  ] as const)("%s validates", (_name, result, exitCode) => {
    expectSchemaValid(sarif(result, options({ exitCode })));
  });

  it("a truncated log validates too", () => {
    expectSchemaValid(renderSarif(teampcpResult(), options(), { maxResults: 2, maxGzipBytes: 10_000_000 }));
  });

  it("the schema check can fail (a result without a message is rejected)", () => {
    const log = JSON.parse(sarif(teampcpResult(), options()));
    delete log.runs[0].results[0].message;
    expect(validateSchema(log)).toBe(false);
  });
});

describe("SARIF structure", () => {
  const run = parse(sarif(teampcpResult(), options({ exitCode: 2 })));

  it("names the tool and its version", () => {
    expect(run.tool.driver).toMatchObject({
      name: "lockwarden",
      version: "0.1.0",
      semanticVersion: "0.1.0",
      informationUri: INFORMATION_URI,
    });
  });

  it("has one rule per advisory group, unique and sorted, and every ruleIndex points at its rule", () => {
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual([...new Set(teampcpResult().findings.map((f) => f.id))].sort());
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
  });

  it("groups two findings of one advisory under one rule", () => {
    const other = finding({ ...LITELLM, package: { ecosystem: "PyPI", name: "litellm", version: "1.82.7" } });
    const r = parse(sarif(scanResult({ findings: [LITELLM, other] }), options()));
    expect(r.tool.driver.rules).toHaveLength(1);
    expect(r.results).toHaveLength(2);
    expect(r.tool.driver.rules[0]?.help.text).toContain("- litellm (PyPI): 1.82.7, 1.82.8");
  });

  it("gives every result a start line ≥ 1, even a finding without a line", () => {
    const noLine = finding({ ...TRIVY_ACTION, location: { path: ".github/workflows/ci.yml" } });
    const r = parse(sarif(scanResult({ findings: [...teampcpResult().findings, noLine] }), options()));
    for (const res of r.results) {
      expect(res.locations[0]?.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
    expect(byRule(run, "MAL-2026-2254").locations[0]?.physicalLocation.region).toEqual({
      startLine: 212,
      endLine: 219,
    });
  });

  it("writes security-severity as a numeric string in [0, 10] with the documented mapping", () => {
    for (const r of run.tool.driver.rules) {
      const s = r.properties["security-severity"];
      expect(s).toMatch(/^\d+\.\d$/);
      expect(Number(s)).toBeGreaterThanOrEqual(0);
      expect(Number(s)).toBeLessThanOrEqual(10);
    }
    const sev = (id: string) => rule(run, id).properties["security-severity"];
    expect(sev("MAL-2026-2144")).toBe("10.0"); // malicious
    expect(sev("GHSA-69fq-xp46-6x23")).toBe("10.0"); // critical indicator
    expect(sev("GHSA-35jh-r3h4-6jhm")).toBe("7.2"); // CVSS score
    expect(sev("GHSA-q2x7-8rv6-6q7h")).toBe("5.0"); // unknown, no score
    const noScore = (severity: Finding["severity"]) =>
      rule(
        parse(
          sarif(
            scanResult({ findings: [finding({ ...LODASH, severity, score: undefined as never })] }),
            options(),
          ),
        ),
        LODASH.id,
      ).properties["security-severity"];
    expect([noScore("critical"), noScore("high"), noScore("moderate"), noScore("low")]).toEqual([
      "9.5",
      "8.0",
      "5.5",
      "3.0",
    ]);
  });

  it("maps levels: malicious and critical/high → error, moderate → warning, low/unknown → note", () => {
    expect(byRule(run, "MAL-2026-2144").level).toBe("error");
    expect(byRule(run, "GHSA-35jh-r3h4-6jhm").level).toBe("error");
    expect(byRule(run, "GHSA-c2qf-rxjj-qqgw").level).toBe("warning");
    expect(byRule(run, "GHSA-v6h2-p8h4-qcjw").level).toBe("note");
    expect(byRule(run, "GHSA-q2x7-8rv6-6q7h").level).toBe("note");
  });

  it("writes messages that name the package, version and fix", () => {
    expect(byRule(run, "MAL-2026-2144").message.text).toBe(
      "litellm 1.82.8 is a malicious release (MAL-2026-2144): Malicious code in litellm (PyPI) 1.82.7 and 1.82.8 — TeamPCP. Remove it or pin the last known-good version 1.82.6.",
    );
    expect(byRule(run, "GHSA-35jh-r3h4-6jhm").message.text).toContain("lodash 4.17.20");
    expect(byRule(run, "GHSA-35jh-r3h4-6jhm").message.text).toContain("(4.17.21)");
  });

  it("locates results with a percent-encoded POSIX path under %SRCROOT%", () => {
    const loc = byRule(run, "MAL-2026-2254").locations[0]?.physicalLocation.artifactLocation;
    expect(loc).toEqual({ uri: "services/voice/uv.lock", uriBaseId: "%SRCROOT%" });
    expect(pathToUri("apps/my app/a#b?c%d:e[f].json")).toBe("apps/my%20app/a%23b%3Fc%25d%3Ae%5Bf%5D.json");
    expect(pathToUri("ü/\ud800")).toBe("%C3%BC/%EF%BF%BD");
  });

  it("fingerprints by finding identity, never by line", () => {
    const a = parse(sarif(teampcpResult(), options()));
    const b = parse(sarif(shifted(teampcpResult(), 17), options()));
    const prints = (r: SarifRun) =>
      r.results.map((x) => `${x.ruleId} ${x.partialFingerprints[FINGERPRINT_KEY]}`);
    expect(prints(b)).toEqual(prints(a));
    expect(b.results.map((x) => x.locations[0]?.physicalLocation.region.startLine)).toEqual(
      a.results.map((x) => (x.locations[0]?.physicalLocation.region.startLine ?? 0) + 17),
    );
    expect(new Set(prints(a)).size).toBe(a.results.length);
  });

  it("keeps suppressed findings as external suppressions with the reason", () => {
    const r = byRule(run, MINIMIST_SUPPRESSED.id);
    expect(r.suppressions).toEqual([
      {
        kind: "external",
        justification: "only reachable from a dev script; tracked in SEC-142",
        properties: { expires: "2026-06-30" },
      },
    ]);
    expect(r.properties["gating"]).toBe(false);
    expect(byRule(run, LODASH.id).suppressions).toBeUndefined();
  });

  it("marks baseline findings unchanged and the rest new, only when a baseline was used", () => {
    expect(byRule(run, SEMVER_BASELINE.id).baselineState).toBe("unchanged");
    expect(byRule(run, LODASH.id).baselineState).toBe("new");
    const noBaseline = parse(sarif(scanResult({ findings: [LODASH] }), options()));
    expect(noBaseline.results[0]?.baselineState).toBeUndefined();
  });

  it("carries kind, package, aliases and paths in result properties", () => {
    expect(byRule(run, CANISTERWORM.id).properties).toMatchObject({
      kind: "malicious",
      package: { ecosystem: "npm", name: "@emilgroup/auth-sdk", version: "1.25.2", alias: "auth-sdk" },
      aliases: ["GHSA-gj2w-92fr-m7c2"],
      paths: CANISTERWORM.paths,
      gating: true,
    });
  });

  it("describes each rule with sentences, help text and markdown, a help URI and tags", () => {
    const r = rule(run, "MAL-2026-2144");
    expect(r.name).toBe("MaliciousPackageRelease");
    expect(r.shortDescription.text).toBe("Malicious code in litellm (PyPI) 1.82.7 and 1.82.8 — TeamPCP.");
    for (const x of run.tool.driver.rules) {
      expect(x.shortDescription.text).toMatch(/\.$/);
      expect(x.fullDescription.text).toMatch(/\.$/);
    }
    expect(r.help.text).toContain("- litellm (PyPI): 1.82.8");
    expect(r.help.text).toContain("last known-good version: 1.82.6");
    expect(r.help.text).toContain("https://github.com/BerriAI/litellm/issues/24512");
    expect(r.help.markdown).toContain("- litellm (PyPI): `1.82.8`");
    expect(r.helpUri).toBe("https://osv.dev/vulnerability/MAL-2026-2144");
    expect(r.properties.tags).toEqual(["security", "supply-chain", "malicious", "PyPI"]);
    expect(rule(run, "GHSA-35jh-r3h4-6jhm").help.text).toContain("Fixed in: 4.17.21.");
  });

  it("uses the first reference as help URI for non-OSV ids, else the tool's page", () => {
    const local = finding({
      ...TRIVY_ACTION,
      id: "LOCAL-TEAMPCP-0002",
      references: ["not a url", "https://checkmarx.com/blog/ongoing-security-updates/"],
    });
    const bare = finding({ ...TRIVY_ACTION, id: "LOCAL-TEAMPCP-0001", references: [] });
    const r = parse(sarif(scanResult({ findings: [local, bare] }), options()));
    expect(rule(r, "LOCAL-TEAMPCP-0002").helpUri).toBe(
      "https://checkmarx.com/blog/ongoing-security-updates/",
    );
    expect(rule(r, "LOCAL-TEAMPCP-0001").helpUri).toBe(INFORMATION_URI);
  });

  it("reports diagnostics as tool execution notifications and an incomplete scan as unsuccessful", () => {
    const inv = run.invocations[0];
    expect(inv?.executionSuccessful).toBe(false);
    expect(inv?.toolExecutionNotifications?.map((n) => [n.level, n.descriptor.id])).toEqual([
      ["error", "LOCKFILE_UNPARSABLE"],
      ["warning", "VERSION_UNPARSABLE"],
      ["note", "ACTION_UNPINNED"],
      ["note", "NO_LOCKFILE"],
    ]);
    const first = inv?.toolExecutionNotifications?.[0];
    expect(first?.message.text).toBe("cannot parse: Invalid TOML: expected '=' after key.");
    expect(first?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "poetry.lock", uriBaseId: "%SRCROOT%" },
      region: { startLine: 41 },
    });
    // No line known: no invented region.
    expect(inv?.toolExecutionNotifications?.[3]?.locations?.[0]?.physicalLocation.region).toBeUndefined();
    expect(parse(sarif(cleanResult(), options({ exitCode: 1 }))).invocations[0]?.executionSuccessful).toBe(
      true,
    );
  });

  it("derives the automation id from the sorted scan paths, or the category option", () => {
    expect(automationId(options({ scanPaths: ["web", "api/", "."] }))).toBe("lockwarden/.+api+web/");
    expect(automationId(options({ scanPaths: [] }))).toBe("lockwarden/");
    expect(automationId(options({ sarifCategory: "lockwarden-python" }))).toBe("lockwarden-python/");
    expect(automationId(options({ sarifCategory: "deps/web/" }))).toBe("deps/web/");
    expect(run.automationDetails.id).toBe("lockwarden/./");
  });

  it("puts the database digest in run properties when present", () => {
    expect(run.properties).toEqual({ databaseRecords: 76, databaseDigest: "sha256:4f2a9c0d51e8b7a6" });
    expect(parse(sarif(scanResult(), options())).properties).toEqual({ databaseRecords: 76 });
  });
});

describe("SARIF determinism", () => {
  it("writes the same bytes whatever the input order", () => {
    const a = teampcpResult();
    const b = { ...a, findings: [...a.findings].reverse(), diagnostics: [...a.diagnostics].reverse() };
    expect(sarif(b, options())).toBe(sarif(a, options()));
  });

  it("adds a timestamp only when asked", () => {
    const plain = sarif(teampcpResult(), options());
    expect(plain).not.toMatch(/Time(Utc)?"/);
    const timed = parse(sarif(teampcpResult(), options({ sarifTimestamps: true })));
    expect(Number.isNaN(Date.parse(timed.invocations[0]?.endTimeUtc ?? ""))).toBe(false);
  });
});

describe("SARIF limits", () => {
  it("keeps the highest-severity results within the result cap and says how many were dropped", () => {
    const r = parse(renderSarif(teampcpResult(), options(), { maxResults: 3, maxGzipBytes: 10_000_000 }));
    // Ten-point findings: the three malicious releases and the critical indicator; report order
    // breaks the tie, so the indicator (first file) and the first two malicious ones stay.
    expect(r.results.map((x) => x.ruleId)).toEqual(["GHSA-69fq-xp46-6x23", "MAL-2026-2036", "MAL-2026-2144"]);
    expect(r.tool.driver.rules.map((x) => x.id)).toEqual([
      "GHSA-69fq-xp46-6x23",
      "MAL-2026-2036",
      "MAL-2026-2144",
    ]);
    const note = r.invocations[0]?.toolExecutionNotifications?.find(
      (n) => n.descriptor.id === "RESULTS_TRUNCATED",
    );
    expect(note?.level).toBe("warning");
    expect(note?.message.text).toMatch(/^6 lower-severity results were left out .* 3 results per run/);
  });

  it("drops lowest-severity results until the gzipped file fits", () => {
    // Many findings with incompressible fingerprints and summaries.
    const findings: Finding[] = [];
    for (let i = 0; i < 400; i++) {
      const base = i % 4 === 0 ? LITELLM : i % 4 === 1 ? LODASH : i % 4 === 2 ? BRACE_LOW : JINJA_UNKNOWN;
      const f = finding({
        ...base,
        id: `${base.id}-${i}`,
        summary: `${base.summary} ${gzipSync(String(i)).toString("base64")}${Math.sin(i).toString(36)}`,
        location: { path: `pkg-${i}/package-lock.json`, line: i + 1 },
      });
      findings.push(f);
    }
    const result = scanResult({ findings });
    const full = renderSarif(result, options(), { maxResults: 25_000, maxGzipBytes: 100_000_000 });
    expect(parse(full).results).toHaveLength(400);
    const limit = Math.floor(gzipSync(full).length / 2);
    const text = renderSarif(result, options(), { maxResults: 25_000, maxGzipBytes: limit });
    expect(gzipSync(text).length).toBeLessThanOrEqual(limit);
    const r = parse(text);
    expect(r.results.length).toBeGreaterThan(0);
    expect(r.results.length).toBeLessThan(400);
    const note = r.invocations[0]?.toolExecutionNotifications?.find(
      (n) => n.descriptor.id === "RESULTS_TRUNCATED",
    );
    expect(note?.message.text).toContain(`${400 - r.results.length} lower-severity results were left out`);
    // Every malicious (10.0) result is kept before any lower one.
    const kept = new Set(r.results.map((x) => x.ruleId));
    const malicious = findings.filter((f) => f.kind === "malicious").map((f) => f.id);
    if (r.results.length >= malicious.length) for (const id of malicious) expect(kept.has(id)).toBe(true);
    expectSchemaValid(text);
  });
});

describe("SARIF with hostile data", () => {
  it("sanitises messages and descriptions but keeps property data verbatim", () => {
    const text = sarif(hostileResult(), options());
    expect(unsafeCodePoints(text.replace(/\n/g, ""))).toEqual([]);
    const run = parse(text);
    const r = run.results.find((x) => x.ruleId === "MAL-2026-9999");
    expect(r?.message.text).toContain("evil\\x1b\\[2J\\u202e\\r\\npkg");
    expect(unsafeCodePoints(r?.message.text ?? "")).toEqual([]);
    expect((r?.properties["package"] as { name: string } | undefined)?.name).toBe(EVIL);
    expect(r?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      "dir%20evil%1B%5B2J%E2%80%AE%0D%0Apkg/pack%2Cage%3Alock%2520%23%3F.json",
    );
    for (const rule of run.tool.driver.rules) {
      for (const t of [
        rule.shortDescription.text,
        rule.fullDescription.text,
        rule.help.text,
        rule.help.markdown,
      ]) {
        expect(unsafeCodePoints(t.replace(/\n/g, ""))).toEqual([]);
      }
    }
  });

  it("keeps a diagnostic's location as a valid URI", () => {
    const d = diagnostic("FILE_NOT_FOUND", {}, { path: `a b/${EVIL}` });
    const run = parse(sarif(scanResult({ diagnostics: [d] }), options({ exitCode: 2 })));
    expect(
      run.invocations[0]?.toolExecutionNotifications?.[0]?.locations?.[0]?.physicalLocation.artifactLocation
        .uri,
    ).toBe("a%20b/evil%1B%5B2J%E2%80%AE%0D%0Apkg");
  });
});
