import { describe, expect, it } from "vitest";
import { osvSchemaValidator } from "./test-kit.js";
import { isRfc3339, validateRecord } from "./validate.js";

const schema = osvSchemaValidator();

function base(): Record<string, unknown> {
  return {
    id: "PYSEC-2021-335",
    modified: "2021-09-26T23:32:08.989778Z",
    published: "2021-07-30T22:15:00Z",
    aliases: ["CVE-2021-32807", "GHSA-qcx9-j53g-ccgf"],
    affected: [
      {
        package: { name: "accesscontrol", ecosystem: "PyPI", purl: "pkg:pypi/accesscontrol" },
        ranges: [
          {
            type: "GIT",
            repo: "https://github.com/zopefoundation/AccessControl",
            events: [{ introduced: "0" }, { fixed: "b42dd4badf803bb9fb71ac34cd9cb0c249262f2c" }],
          },
          { type: "ECOSYSTEM", events: [{ introduced: "4.0" }, { fixed: "4.3" }] },
        ],
        versions: ["4.0", "4.1", "4.2"],
      },
    ],
    references: [{ type: "WEB", url: "https://example.org/a" }],
  };
}

type Mutation = (r: Record<string, unknown>) => void;
// biome-ignore lint/suspicious/noExplicitAny: tests reach into nested JSON on purpose
const at = (r: Record<string, unknown>): any => r;

describe("validateRecord", () => {
  it("accepts a real PyPA record and keeps what the loader needs", () => {
    const v = validateRecord(base());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.record.id).toBe("PYSEC-2021-335");
    expect(v.record.affected[0]?.ranges.map((r) => r.type)).toEqual(["GIT", "ECOSYSTEM"]);
    expect(v.record.affected[0]?.ranges[0]?.repo).toBe("https://github.com/zopefoundation/AccessControl");
    expect(v.record.references).toEqual(["https://example.org/a"]);
  });

  it("treats null optional arrays as empty, as the OSV schema allows", () => {
    const r = base();
    r["aliases"] = null;
    r["affected"] = null;
    const v = validateRecord(r);
    expect(v.ok && v.record.aliases).toEqual([]);
    expect(v.ok && v.record.affected).toEqual([]);
  });

  it.each<[string, Mutation, string, RegExp]>([
    ["not an object", (r) => Object.assign(r, { toJSON: () => [] }), "(record)", /JSON object/],
    ["missing id", (r) => delete r["id"], "id", /missing/],
    ["empty id", (r) => (r["id"] = "  "), "id", /empty/],
    ["numeric id", (r) => (r["id"] = 7), "id", /string, not a number/],
    ["missing modified", (r) => delete r["modified"], "modified", /missing/],
    ["non-RFC 3339 modified", (r) => (r["modified"] = "2021-09-26 23:32"), "modified", /RFC 3339/],
    ["impossible date", (r) => (r["published"] = "2021-02-30T00:00:00Z"), "published", /RFC 3339/],
    ["bad withdrawn", (r) => (r["withdrawn"] = "yesterday"), "withdrawn", /RFC 3339/],
    ["aliases not an array", (r) => (r["aliases"] = "CVE-1"), "aliases", /array/],
    ["alias not a string", (r) => (r["aliases"] = ["CVE-1", 2]), "aliases[1]", /string/],
    ["affected not an array", (r) => (r["affected"] = {}), "affected", /array/],
    ["affected without package", (r) => delete at(r).affected[0].package, "affected[0].package", /missing/],
    [
      "package without name",
      (r) => delete at(r).affected[0].package.name,
      "affected[0].package.name",
      /missing/,
    ],
    [
      "package ecosystem not a string",
      (r) => (at(r).affected[0].package.ecosystem = ["PyPI"]),
      "affected[0].package.ecosystem",
      /string, not an array/,
    ],
    [
      "versions with a number",
      (r) => (at(r).affected[0].versions = ["4.0", 4.1]),
      "affected[0].versions[1]",
      /string/,
    ],
    [
      "unknown range type",
      (r) => (at(r).affected[0].ranges[1].type = "NUMERIC"),
      "affected[0].ranges[1].type",
      /not one of/,
    ],
    [
      "GIT range without repo",
      (r) => delete at(r).affected[0].ranges[0].repo,
      "affected[0].ranges[0].repo",
      /missing/,
    ],
    [
      "no events",
      (r) => (at(r).affected[0].ranges[1].events = []),
      "affected[0].ranges[1].events",
      /at least one/,
    ],
    [
      "event with two keys",
      (r) => (at(r).affected[0].ranges[1].events[1] = { introduced: "4.0", fixed: "4.3" }),
      "affected[0].ranges[1].events[1]",
      /exactly one .*\(has introduced, fixed\)/,
    ],
    [
      "event with no known key",
      (r) => (at(r).affected[0].ranges[1].events[1] = { fixd: "4.3" }),
      "affected[0].ranges[1].events[1]",
      /exactly one of introduced, fixed, last_affected, limit$/,
    ],
    [
      "event value not a string",
      (r) => (at(r).affected[0].ranges[1].events[1] = { fixed: 4.3 }),
      "affected[0].ranges[1].events[1].fixed",
      /non-empty string/,
    ],
    [
      "no introduced event",
      (r) => (at(r).affected[0].ranges[1].events = [{ fixed: "4.3" }]),
      "affected[0].ranges[1].events",
      /introduced/,
    ],
    [
      "fixed mixed with last_affected",
      (r) => at(r).affected[0].ranges[1].events.push({ last_affected: "4.2" }),
      "affected[0].ranges[1].events",
      /mix/,
    ],
    [
      "severity entry without score",
      (r) => (r["severity"] = [{ type: "CVSS_V3" }]),
      "severity[0].score",
      /missing/,
    ],
    ["reference without url", (r) => (r["references"] = [{ type: "WEB" }]), "references[0].url", /missing/],
    ["database_specific not an object", (r) => (r["database_specific"] = [1]), "database_specific", /object/],
  ])("rejects %s, naming %s", (_label, mutate, field, reason) => {
    const r = base();
    mutate(r);
    const raw: unknown = JSON.parse(JSON.stringify(r));
    const v = validateRecord(raw);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.field).toBe(field);
    expect(v.reason).toMatch(reason);
    // The official schema agrees, except where lockwarden is deliberately stricter: an affected
    // entry without a package (the schema allows it for GIT-only entries) cannot be matched.
    expect(schema(raw).ok).toBe(field === "affected[0].package");
  });

  it("agrees with the official schema on the unmodified record", () => {
    expect(schema(base()).ok).toBe(true);
  });
});

describe("isRfc3339", () => {
  it.each([
    "2026-03-24T11:15:14Z",
    "2021-09-26T23:32:08.989778Z",
    "2026-03-24t11:15:14z",
    "2026-03-24T11:15:14+01:00",
    "2024-02-29T00:00:00Z",
    "2016-12-31T23:59:60Z",
  ])("accepts %s", (ts) => expect(isRfc3339(ts)).toBe(true));

  it.each([
    "2026-03-24",
    "2026-03-24T11:15Z",
    "2026-03-24 11:15:14Z",
    "2026-03-24T11:15:14",
    "2023-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-03-24T24:00:00Z",
    "2026-03-24T11:15:14+25:00",
    "",
  ])("rejects %s", (ts) => expect(isRfc3339(ts)).toBe(false));
});
