import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseUses, tagInRange } from "./action-ref.js";
import { RULE_ACTION_UNPINNED } from "./finding.js";
import { buildIndicatorSet, loadIndicators } from "./load.js";
import type { Indicator, IndicatorSet } from "./types.js";
import { isWorkflowPath, scanWorkflow } from "./workflows.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__", "workflows");
const GHSA = "GHSA-69fq-xp46-6x23";

let set: IndicatorSet;
beforeAll(async () => {
  set = await loadIndicators([join(import.meta.dirname, "..", "..", "advisories")]);
});

function scan(file: string, strictActions = false) {
  const path = `.github/workflows/${file}`;
  return scanWorkflow(path, readFileSync(join(FIXTURES, file), "utf8"), set, { strictActions });
}

/** One line per finding: "line id severity value". */
function lines(r: ReturnType<typeof scan>): string[] {
  return r.findings.map((f) => `${f.location.line} ${f.id} ${f.severity} ${f.indicator?.value}`);
}

describe("isWorkflowPath", () => {
  it.each([
    [".github/workflows/ci.yml", true],
    [".github/workflows/ci.yaml", true],
    ["sub/project/.github/workflows/release.yml", true],
    ["action.yml", true],
    ["tools/my-action/action.yaml", true],
    [".github/workflows/nested/ci.yml", false],
    [".github/workflows/README.md", false],
    ["workflows/ci.yml", false],
    ["my-action.yml", false],
    ["docker-compose.yml", false],
  ])("%s → %s", (path, expected) => {
    expect(isWorkflowPath(path)).toBe(expected);
  });
});

describe("scanWorkflow: hijacked.yml", () => {
  it("reports every compromised ref and image at its key's line, and nothing else", () => {
    const r = scan("hijacked.yml");
    expect(lines(r)).toEqual([
      `7 ${GHSA} critical docker.io/aquasec/trivy:0.69.4`,
      `10 ${GHSA} critical ghcr.io/aquasecurity/trivy:0.69.5`,
      `14 ${GHSA} critical aquasecurity/trivy-action@0.24.0`,
      `15 ${GHSA} critical aquasecurity/trivy-action@e0198fd2b6e1679e36d32933941182d9afa82f6f`,
      `20 ${GHSA} critical aquasecurity/setup-trivy@v0.2.3`,
      `21 ${GHSA} critical aquasecurity/trivy-action@0.0.1`,
      `23 ${GHSA} critical docker.io/aquasec/trivy@sha256:425cd3e1a2846ac73944e891250377d2b03653e6f028833e30fc00c1abbc6d33`,
      `29 ${GHSA} critical actions/checkout@70379aad1a8b40919ce8b382d3cd7d0315cde1d0`,
      "30 LOCAL-TEAMPCP-0001 critical checkmarx/kics-github-action@v2.1.0",
      "31 LOCAL-TEAMPCP-0002 critical checkmarx/ast-github-action@2.3.28",
      `34 ${GHSA} critical aquasecurity/trivy-action@0.33.1`,
    ]);
    for (const f of r.findings) {
      expect(f.location.path).toBe(".github/workflows/hijacked.yml");
      expect(f.kind).toBe("indicator");
      expect(f.aliases).toEqual([]);
      expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    }
    // The fix for a hijacked ref names the action's known-good refs (tag first, then the SHA to pin).
    const fixes = new Map(r.findings.map((f) => [f.indicator?.value, f.fixed]));
    expect(fixes.get("aquasecurity/trivy-action@0.33.1")).toEqual([
      "0.35.0",
      "57a97c7e7821a5776cebc9bb87c984fa69cba8f1",
    ]);
    expect(fixes.get("aquasecurity/setup-trivy@v0.2.3")).toEqual([
      "v0.2.6",
      "3fb12ec12f41e471780db15c232d5dd185dcb514",
    ]);
    expect(fixes.get("checkmarx/ast-github-action@2.3.28")).toEqual([]);
    expect(r.refs).toBe(18);
  });

  it("never reports the safe pins (0.35.0, 57a97c7e…, v-prefixed re-created tags, setup-trivy v0.2.6)", () => {
    const flagged = new Set(scan("hijacked.yml").findings.map((f) => f.location.line));
    for (const line of [16, 17, 18, 19]) expect(flagged.has(line)).toBe(false);
  });

  it("notes third-party tag pins as ACTION_UNPINNED info (not actions/*, SHA pins, local or docker://)", () => {
    const r = scan("hijacked.yml");
    expect(r.diagnostics.map((d) => `${d.location?.line} ${d.code} ${d.severity}`)).toEqual([
      "16 ACTION_UNPINNED info",
      "18 ACTION_UNPINNED info",
      "19 ACTION_UNPINNED info",
      "22 ACTION_UNPINNED info",
      "32 ACTION_UNPINNED info",
    ]);
    expect(r.diagnostics[3]?.message).toContain("docker/login-action@v3");
    expect(r.diagnostics.every((d) => d.location?.path === ".github/workflows/hijacked.yml")).toBe(true);
  });

  it("with strictActions turns the unpinned notes into moderate findings", () => {
    const r = scan("hijacked.yml", true);
    expect(r.diagnostics).toEqual([]);
    const unpinned = r.findings.filter((f) => f.id === RULE_ACTION_UNPINNED);
    expect(unpinned.map((f) => `${f.location.line} ${f.severity} ${f.indicator?.value}`)).toEqual([
      "16 moderate aquasecurity/trivy-action@0.35.0",
      "18 moderate aquasecurity/trivy-action@v0.24.0",
      "19 moderate aquasecurity/setup-trivy@v0.2.6",
      "22 moderate docker/login-action@v3",
      "32 moderate checkmarx/ast-github-action@2.3.33",
    ]);
    expect(r.findings.length).toBe(11 + 5);
  });

  it("keeps fingerprints independent of line numbers", () => {
    const original = readFileSync(join(FIXTURES, "hijacked.yml"), "utf8");
    const shifted = `# one more line\n${original}`;
    const a = scanWorkflow("w.yml", original, set, { strictActions: false });
    const b = scanWorkflow("w.yml", shifted, set, { strictActions: false });
    expect(b.findings.map((f) => f.fingerprint)).toEqual(a.findings.map((f) => f.fingerprint));
    expect(b.findings.map((f) => f.location.line)).toEqual(a.findings.map((f) => (f.location.line ?? 0) + 1));
  });
});

describe("scanWorkflow: negatives and other shapes", () => {
  it("clean.yml: SHA pins, first-party tags, local and safe digests report nothing", () => {
    const r = scan("clean.yml");
    expect(r.findings).toEqual([]);
    expect(r.diagnostics).toEqual([]);
    expect(r.refs).toBe(7);
  });

  it("composite action.yml: runs.steps uses, including a short SHA prefix of a malicious commit", () => {
    const r = scanWorkflow(
      "tools/scan/action.yml",
      readFileSync(join(FIXTURES, "composite-action.yml"), "utf8"),
      set,
      { strictActions: false },
    );
    expect(lines(r)).toEqual([
      `7 ${GHSA} critical aquasecurity/setup-trivy@v0.2.0`,
      `10 ${GHSA} critical aquasecurity/setup-trivy@8afa9b9`,
    ]);
    expect(r.findings[1]?.summary).toContain(
      "short SHA, prefix of malicious commit 8afa9b9f9183b4e00c46e2b82d34047e3c177bd0",
    );
    expect(r.findings.every((f) => f.location.path === "tools/scan/action.yml")).toBe(true);
  });

  it("broken YAML: LOCKFILE_UNPARSABLE with the line, and what parsed is still scanned", () => {
    const r = scan("broken.yml");
    expect(r.diagnostics.map((d) => `${d.location?.line} ${d.code} ${d.severity}`)).toEqual([
      "8 LOCKFILE_UNPARSABLE error",
    ]);
    expect(lines(r)).toEqual([`6 ${GHSA} critical aquasecurity/trivy-action@0.20.0`]);
  });

  it("aliases: followed to the anchored step (reported once), and a laughs bomb is never expanded", () => {
    const started = Date.now();
    const r = scan("aliases.yml");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lines(r)).toEqual([`3 ${GHSA} critical aquasecurity/trivy-action@0.2.0`]);
    expect(r.diagnostics).toEqual([]);
  });

  it("an alias-heavy document is walked once per anchored node (fast, reported once)", () => {
    const rows = ["s: &s", "  - uses: aquasecurity/trivy-action@0.2.0"];
    for (let i = 0; i < 200; i++) rows.push(`  - run: echo ${i}`);
    rows.push("jobs:");
    for (let i = 0; i < 500; i++) rows.push(`  j${i}:\n    steps: *s`);
    const r = scanWorkflow("w.yml", rows.join("\n"), set, { strictActions: false, visitBudget: 5_000 });
    expect(r.diagnostics).toEqual([]);
    expect(lines(r)).toEqual([`2 ${GHSA} critical aquasecurity/trivy-action@0.2.0`]);
  });

  it("stops at the visit budget with a diagnostic instead of working without bound", () => {
    const rows = ["jobs:"];
    for (let i = 0; i < 300; i++)
      rows.push(`  j${i}:`, "    steps:", "      - uses: aquasecurity/trivy-action@0.2.0");
    const text = rows.join("\n");
    const full = scanWorkflow("w.yml", text, set, { strictActions: false });
    expect(full.findings).toHaveLength(300);
    expect(full.diagnostics).toEqual([]);
    const cut = scanWorkflow("w.yml", text, set, { strictActions: false, visitBudget: 500 });
    expect(cut.findings.length).toBeGreaterThan(0);
    expect(cut.findings.length).toBeLessThan(300);
    expect(cut.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(["LOCKFILE_UNPARSABLE error"]);
    expect(cut.diagnostics[0]?.message).toContain("too many nodes");
  });

  it("services and container maps with image:, job-level docker images, and runs.image", () => {
    const yml = [
      "jobs:", //  1
      "  a:", //  2
      "    container:", //  3
      "      image: public.ecr.aws/aquasecurity/trivy:0.69.4", //  4
      "    services:", //  5
      "      db:", //  6
      "        image: docker.io/library/postgres:16", //  7
      "      t: index.docker.io/aquasec/trivy:0.69.6", //  8
      "      u: aquasec/trivy:latest", //  9
      "      v: aquasec/trivy:0.69.4@sha256:0000000000000000000000000000000000000000000000000000000000000000", // 10
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      "      w: ${{ matrix.image }}", // 11
    ].join("\n");
    const r = scanWorkflow("w.yml", yml, set, { strictActions: false });
    expect(lines(r)).toEqual([
      `4 ${GHSA} critical public.ecr.aws/aquasecurity/trivy:0.69.4`,
      `8 ${GHSA} critical docker.io/aquasec/trivy:0.69.6`,
    ]);
    const action = ["runs:", "  using: docker", "  image: docker://ghcr.io/aquasecurity/trivy:0.69.5"].join(
      "\n",
    );
    expect(lines(scanWorkflow("action.yml", action, set, { strictActions: false }))).toEqual([
      `3 ${GHSA} critical ghcr.io/aquasecurity/trivy:0.69.5`,
    ]);
    const dockerfile = ["runs:", "  using: docker", "  image: Dockerfile"].join("\n");
    expect(scanWorkflow("action.yml", dockerfile, set, { strictActions: false }).findings).toEqual([]);
  });

  it("kics-github-action: tags up to v2.1.19 confirmed, v2.1.20 conflict (high), later tags not listed", () => {
    const yml = (ref: string) =>
      `jobs:\n  a:\n    steps:\n      - uses: Checkmarx/kics-github-action@${ref}\n`;
    const sev = (ref: string) =>
      scanWorkflow("w.yml", yml(ref), set, { strictActions: false }).findings.map((f) => f.severity);
    expect(sev("v1")).toEqual(["critical"]);
    expect(sev("v1.7.0")).toEqual(["critical"]);
    expect(sev("v2.1.20")).toEqual(["high"]);
    expect(sev("v2.1.21")).toEqual([]);
    expect(sev("8e20c7a67bb95632e2040327a355fb97e6014d29")).toEqual(["high"]);
  });

  it("a safe indicator wins over an overlapping malicious one (explicit known-good pin)", () => {
    const base: Pick<Indicator, "summary" | "references" | "action"> = {
      summary: "t",
      references: [],
      action: "o/a",
    };
    const custom = buildIndicatorSet([
      {
        ...base,
        id: "T-1",
        kind: "action-ref",
        value: "o/a@v1.0.0..v1.0.9",
        confidence: "confirmed",
        refType: "tag-range",
        range: { prefix: "v", from: "1.0.0", to: "1.0.9" },
      },
      {
        ...base,
        id: "T-2",
        kind: "action-ref",
        value: "o/a@v1.0.9",
        confidence: "confirmed",
        refType: "tag",
        ref: "v1.0.9",
        safe: true,
      },
      { ...base, id: "T-3", kind: "commit", value: "f".repeat(40), repository: "o/a", confidence: "single" },
      {
        ...base,
        id: "T-4",
        kind: "action-ref",
        value: `o/a@${"f".repeat(40)}`,
        confidence: "confirmed",
        refType: "sha",
        ref: "f".repeat(40),
        safe: true,
      },
    ]);
    const yml = ["v1.0.8", "v1.0.9", "f".repeat(40), "fffffff"]
      .map((ref) => `      - uses: o/a@${ref}`)
      .join("\n");
    const r = scanWorkflow("w.yml", `jobs:\n  a:\n    steps:\n${yml}\n`, custom, { strictActions: false });
    expect(r.findings.map((f) => `${f.location.line} ${f.id}`)).toEqual(["4 T-1"]);
  });

  it("hostile text in an unpinned ref is escaped in the diagnostic", () => {
    const yml = 'jobs:\n  a:\n    steps:\n      - uses: "evil/act@v1\\u001b[31mred"\n';
    const r = scanWorkflow("w.yml", yml, set, { strictActions: false });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.message).not.toContain("\u001b");
    expect(r.diagnostics[0]?.message).toContain("\\x1b");
  });

  it("non-workflow YAML and empty files report nothing", () => {
    for (const text of ["", "just a string", "- a\n- b\n", "jobs: 3\n", "jobs:\n  a: [1, 2]\n"]) {
      const r = scanWorkflow("w.yml", text, set, { strictActions: true });
      expect(r.findings).toEqual([]);
      expect(r.diagnostics).toEqual([]);
    }
  });
});

describe("parseUses / tagInRange", () => {
  it("splits owner/repo, subpath and ref; local and docker refs are recognised", () => {
    expect(parseUses("aquasecurity/trivy-action@0.24.0")).toEqual({
      type: "action",
      action: "aquasecurity/trivy-action",
      owner: "aquasecurity",
      repo: "trivy-action",
      subpath: "",
      ref: "0.24.0",
    });
    expect(parseUses("github/codeql-action/init@v3")).toMatchObject({
      action: "github/codeql-action",
      subpath: "init",
      ref: "v3",
    });
    expect(parseUses("./x")).toEqual({ type: "local", path: "./x" });
    expect(parseUses("docker://alpine:3")).toEqual({ type: "docker", image: "alpine:3" });
    expect(parseUses("not a ref")).toEqual({ type: "invalid", raw: "not a ref" });
  });

  it.each([
    ["0.0.1", true],
    ["0.34.2", true],
    ["0.10.0", true],
    ["0.35.0", false],
    ["0.34.3", false],
    ["v0.24.0", false],
    ["0.24", false],
    ["0.24.0-rc1", false],
  ])("trivy-action range: %s → %s", (tag, inRange) => {
    expect(tagInRange(tag, { prefix: "", from: "0.0.1", to: "0.34.2" })).toBe(inRange);
  });
});
