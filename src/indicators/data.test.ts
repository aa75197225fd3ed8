// The shipped IOC data: loads cleanly, validates against the schema, holds every indicator of the
// shared TeamPCP sheet (counted here independently, from the raw source text and structure), and
// is what the seed script produces.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { loadIndicators } from "./load.js";
import type { IndicatorSet } from "./types.js";
import { validateIndicator } from "./validate.js";

const ROOT = join(import.meta.dirname, "..", "..");
const DATA = join(ROOT, "advisories", "ioc", "teampcp.json");
const SCHEMA = join(ROOT, "schemas", "ioc.schema.json");
const SHARED = process.env.TEAMPCP_DIR ?? "/work/shared/teampcp";
const SOURCE = join(SHARED, "indicators.json");
const OSV = join(SHARED, "osv-records.json");
const haveSource = existsSync(SOURCE);
if (!haveSource) console.warn(`skipping source-comparison tests: ${SOURCE} not found (set TEAMPCP_DIR)`);

let set: IndicatorSet;
beforeAll(async () => {
  set = await loadIndicators([join(ROOT, "advisories")]);
});

function schemaValidator() {
  // strictRequired off: `required` inside if/then names properties declared at the top level,
  // which is valid JSON Schema but trips that lint.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  return ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
}

describe("advisories/ioc/teampcp.json", () => {
  it("loads without diagnostics", () => {
    expect(set.diagnostics).toEqual([]);
    expect(set.files.map((f) => f.replace(/^.*\/advisories\//, "advisories/"))).toEqual([
      "advisories/ioc/teampcp.json",
    ]);
    expect(set.indicators.length).toBeGreaterThan(200);
  });

  it("validates against schemas/ioc.schema.json", () => {
    const validate = schemaValidator();
    const ok = validate(JSON.parse(readFileSync(DATA, "utf8")));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("schema and run-time validation agree on broken entries", () => {
    const validate = schemaValidator();
    const doc = JSON.parse(readFileSync(DATA, "utf8"));
    const good = doc.indicators.find((i: { kind: string }) => i.kind === "sha256");
    const goodRef = doc.indicators.find((i: { refType?: string }) => i.refType === "tag-range");
    const broken: Array<Record<string, unknown>> = [
      { ...good, value: "abc" },
      { ...good, kind: "md6" },
      { ...good, confidence: "probably" },
      { ...good, summary: "red \u001b[31m text" },
      { ...good, references: ["not a url"] },
      { ...good, extra: 1 },
      { ...good, id: "lowercase-id" },
      { ...goodRef, ref: "0.1.0" },
      { ...goodRef, range: { prefix: "", from: "x", to: "1" } },
      { ...goodRef, refType: "sha", ref: "v1" },
      { id: "IOC-X-1", kind: "file-path", value: "~/x", summary: "s", references: [], confidence: "single" },
    ];
    for (const entry of broken) {
      const asSchema = validate({ format: "lockwarden-ioc", version: 1, indicators: [entry] });
      const asCode = validateIndicator(entry);
      expect({ entry, schema: asSchema, code: asCode.ok }).toEqual({ entry, schema: false, code: false });
    }
    expect(validate({ format: "lockwarden-ioc", version: 1, indicators: [good, goodRef] })).toBe(true);
    expect(validateIndicator(good).ok && validateIndicator(goodRef).ok).toBe(true);
  });

  it("has unique ids in the IOC-TEAMPCP-NNNN series and unique (kind, value) pairs", () => {
    const ids = set.indicators.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^IOC-TEAMPCP-\d{4}$/.test(id))).toBe(true);
    const keys = set.indicators.map((i) => `${i.kind} ${i.value}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("marks exactly the known-good pins and files as safe", () => {
    const safe = set.indicators
      .filter((i) => i.safe)
      .map((i) => `${i.kind} ${i.value}`)
      .sort();
    expect(safe).toEqual([
      "action-ref actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd",
      "action-ref aquasecurity/setup-trivy@3fb12ec12f41e471780db15c232d5dd185dcb514",
      "action-ref aquasecurity/setup-trivy@v0.2.6",
      "action-ref aquasecurity/trivy-action@0.35.0",
      "action-ref aquasecurity/trivy-action@57a97c7e7821a5776cebc9bb87c984fa69cba8f1",
      "sha256 07500e81693c06ef7ac6bf210cff9c882bcc11db5f16b5bded161218353ba4da",
    ]);
  });

  it("keeps conflicting values, each marked conflict", () => {
    const conflict = set.indicators.filter((i) => i.confidence === "conflict").map((i) => i.value);
    expect(conflict).toEqual(
      expect.arrayContaining([
        "sha256:f69a8a4180c43fc427532ddde34a256acbd041a0a07844cf7e4d3e0434e5bcd1",
        "~/.config/audiomon/audiomon.service",
        "45.148.10.122",
        "Checkmarx/kics-github-action@v2.1.20",
      ]),
    );
  });

  it.skipIf(!existsSync(OSV))("links only advisories that exist in the TeamPCP OSV records", () => {
    const ids = new Set((JSON.parse(readFileSync(OSV, "utf8")) as Array<{ id: string }>).map((r) => r.id));
    const linked = new Set(set.indicators.flatMap((i) => (i.advisory ? [i.advisory] : [])));
    expect([...linked].filter((a) => !ids.has(a))).toEqual([]);
    expect(set.byKind("file-name").find((i) => i.value === "litellm_init.pth")?.advisory).toBe(
      "MAL-2026-2144",
    );
    expect(
      set
        .actionRefs("aquasecurity/trivy-action")
        .every((i) => i.safe || i.advisory === "GHSA-69fq-xp46-6x23"),
    ).toBe(true);
  });
});

describe.skipIf(!haveSource)("against the shared source /work/shared/teampcp/indicators.json", () => {
  const text = haveSource ? readFileSync(SOURCE, "utf8") : "{}";
  // biome-ignore lint/suspicious/noExplicitAny: the raw source is untyped JSON read only here
  const src: any = JSON.parse(text);

  function values(kind: string): Set<string> {
    return new Set(set.byKind(kind as never).map((i) => i.value));
  }

  it("loads every sha256 in the source (64-hex strings not prefixed sha256:)", () => {
    const expected = new Set(
      [...text.matchAll(/(?<![:0-9a-f])([0-9a-f]{64})(?![0-9a-f])/g)].map((m) => m[1]),
    );
    expect(values("sha256")).toEqual(expected);
  });

  it("loads every image digest", () => {
    const expected = new Set([...text.matchAll(/sha256:[0-9a-f]{64}/g)].map((m) => m[0]));
    expect(values("image-digest")).toEqual(expected);
  });

  it("loads every commit SHA as an action-ref (sha) or commit indicator", () => {
    const github = JSON.stringify(src.github);
    const expected = new Set(
      [...github.matchAll(/(?<![0-9a-f])([0-9a-f]{40})(?![0-9a-f])/g)].map((m) => m[1]),
    );
    const loaded = new Set([
      ...set.byKind("action-ref").flatMap((i) => (i.refType === "sha" && i.ref ? [i.ref] : [])),
      ...values("commit"),
    ]);
    expect(loaded).toEqual(expected);
    expect(
      set
        .byKind("commit")
        .map((i) => i.repository)
        .sort(),
    ).toEqual(["BerriAI/litellm", "BerriAI/litellm-skills", "aquasecurity/trivy"]);
  });

  it("loads every domain, URL and IP", () => {
    expect(values("domain")).toEqual(new Set(src.network.domains.map((d: { value: string }) => d.value)));
    expect(values("url")).toEqual(new Set(src.network.urls.map((u: { value: string }) => u.value)));
    const ipText = JSON.stringify([src.network.ips, src.later_activity_not_verified_in_depth]);
    expect(values("ip")).toEqual(
      new Set([...ipText.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g)].map((m) => m[0])),
    );
  });

  it("counts by kind equal counts computed from the source", () => {
    const files: Array<{ confidence: string }> = src.files;
    const markers = new Set<string>([
      ...src.network.http.headers,
      ...src.strings.markers.map((m: string) => m.replace(/\s+\([^()]*\)$/, "")),
    ]);
    const repoNames = new Set<string>(
      src.github.exfil_repo_names.flatMap((r: { pattern: string }) =>
        r.pattern.split(" / ").map((p) => p.trim().replace(/<[^>]+>/g, "*")),
      ),
    );
    const github = JSON.stringify(src.github);
    const shas = new Set([...github.matchAll(/(?<![0-9a-f])([0-9a-f]{40})(?![0-9a-f])/g)].map((m) => m[1]));
    // The tag rules exist only as prose in FACTS.md §2.2/§5.4 (trivy-action 0.0.1–0.34.2 and 0.35.0;
    // setup-trivy v0.2.0–v0.2.5 and v0.2.6; kics v1–v2.1.19 and v2.1.20; ast-github-action 2.3.28,
    // v2.3.28, 2.3.35, 2.3.36).
    const tagRules = 10;
    const expected: Record<string, number> = {
      sha256: new Set([...text.matchAll(/(?<![:0-9a-f])([0-9a-f]{64})(?![0-9a-f])/g)].map((m) => m[1])).size,
      "image-digest": new Set([...text.matchAll(/sha256:[0-9a-f]{64}/g)].map((m) => m[0])).size,
      image: src.container_images.tags_affected.length,
      "file-name": 1,
      "file-path": files.length - 1 + files.filter((f) => /conflicting/.test(f.confidence)).length,
      domain: src.network.domains.length,
      url: src.network.urls.length,
      ip: new Set(
        [
          ...JSON.stringify([src.network.ips, src.later_activity_not_verified_in_depth]).matchAll(
            /\b\d{1,3}(?:\.\d{1,3}){3}\b/g,
          ),
        ].map((m) => m[0]),
      ).size,
      string: src.network.icp_canisters.length + 1 + markers.size,
      "user-agent": src.network.http.user_agents.filter(
        (u: { context: string }) => !/not captured/.test(u.context),
      ).length,
      "repo-name": repoNames.size,
      "github-account": src.github.accounts.flatMap((a: { login: string }) => a.login.split(" / ")).length,
      "action-ref": shas.size - 3 + tagRules,
      commit: 3,
      "k8s-name":
        1 +
        src.kubernetes.canisterworm.daemonsets.length +
        src.kubernetes.canisterworm.daemonsets.filter((d: string) => /container '/.test(d)).length,
    };
    expect(set.countsByKind).toEqual(expected);
  });

  it("the seed script reproduces the committed file byte for byte", () => {
    const out = execFileSync(
      process.execPath,
      [join(ROOT, "scripts", "seed-indicators.mjs"), SOURCE, "--check"],
      {
        encoding: "utf8",
      },
    );
    expect(out).toContain("is up to date");
  });
});
