import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildIndicatorSet, loadIndicators } from "./load.js";

const H1 = "a".repeat(64);
const H2 = "b".repeat(64);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function advisoryDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "lw-ioc-"));
  dirs.push(dir);
  mkdirSync(join(dir, "ioc"));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(
      join(dir, "ioc", name),
      typeof content === "string" ? content : JSON.stringify(content, null, 2),
    );
  }
  return dir;
}

function list(indicators: unknown[]): unknown {
  return { format: "lockwarden-ioc", version: 1, indicators };
}

const sha = (id: string, value: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: "sha256",
  value,
  summary: "test artifact",
  references: ["https://example.org/a"],
  confidence: "confirmed",
  ...extra,
});

describe("loadIndicators", () => {
  it("a missing ioc folder (or advisory folder) is an empty set without diagnostics", async () => {
    const empty = mkdtempSync(join(tmpdir(), "lw-ioc-"));
    dirs.push(empty);
    const set = await loadIndicators([empty, join(empty, "does-not-exist")]);
    expect(set.indicators).toEqual([]);
    expect(set.diagnostics).toEqual([]);
    expect(set.countsByKind).toEqual({});
    expect(set.byHash(H1)).toEqual([]);
  });

  it("loads valid entries, normalises hex case and indexes them", async () => {
    const dir = advisoryDir({
      "a.json": list([
        sha("IOC-T-0001", H1.toUpperCase(), { file: "x.whl", advisory: "MAL-2026-1" }),
        sha("IOC-T-0002", H2, { safe: true }),
        {
          id: "IOC-T-0003",
          kind: "action-ref",
          value: "Owner/Act@v1",
          summary: "tag",
          references: [],
          confidence: "single",
          action: "Owner/Act",
          refType: "tag",
          ref: "v1",
        },
        {
          id: "IOC-T-0004",
          kind: "commit",
          value: "C".repeat(40),
          repository: "o/r",
          summary: "commit",
          references: [],
          confidence: "relayed",
        },
      ]),
    });
    const set = await loadIndicators([dir]);
    expect(set.diagnostics).toEqual([]);
    expect(set.countsByKind).toEqual({ sha256: 2, "action-ref": 1, commit: 1 });
    expect(set.byHash(H1).map((i) => i.id)).toEqual(["IOC-T-0001"]);
    expect(set.byHash(H1.toUpperCase()).map((i) => i.value)).toEqual([H1]);
    expect(set.byHash(H2)).toEqual([]); // safe hashes are not "malicious" hits
    expect(set.knownGoodHash(H2).map((i) => i.id)).toEqual(["IOC-T-0002"]);
    expect(set.actionRefs("owner/act").map((i) => i.id)).toEqual(["IOC-T-0003"]);
    expect(set.bySha("c".repeat(40)).map((i) => i.id)).toEqual(["IOC-T-0004"]);
    expect(set.byShaPrefix("ccccccc").map((i) => i.id)).toEqual(["IOC-T-0004"]);
    expect(set.byShaPrefix("cccccc")).toEqual([]); // under 7 characters: never a prefix match
    expect(set.byId("IOC-T-0001")?.file).toBe("x.whl");
  });

  it("reports each bad entry with file, entry and line, and keeps loading the rest", async () => {
    const dir = advisoryDir({
      "bad.json": list([
        sha("IOC-T-0001", H1),
        sha("IOC-T-0002", "1234"),
        { ...sha("IOC-T-0003", H2), kind: "md6" },
        { ...sha("IOC-T-0004", H2), summary: "evil \u001b[2J" },
        {
          id: "IOC-T-0005",
          kind: "file-path",
          value: "~/x",
          summary: "s",
          references: [],
          confidence: "single",
        },
        "not an object",
        sha("IOC-T-0006", H2),
      ]),
    });
    const set = await loadIndicators([dir]);
    expect(set.indicators.map((i) => i.id)).toEqual(["IOC-T-0001", "IOC-T-0006"]);
    const file = `${dir}/ioc/bad.json`.replaceAll("\\", "/");
    expect(
      set.diagnostics.map(
        (d) => `${d.code} ${d.severity} ${d.location?.path === file} ${d.location?.line ?? "-"}`,
      ),
    ).toEqual([
      "ADVISORY_INVALID error true 16",
      "ADVISORY_INVALID error true 26",
      "ADVISORY_INVALID error true 36",
      "ADVISORY_INVALID error true 46",
      "ADVISORY_INVALID error true -",
    ]);
    expect(set.diagnostics[0]?.message).toContain(
      "bad.json entry #2 (IOC-T-0002): sha256 value must be 64 hex digits",
    );
    expect(set.diagnostics[1]?.message).toContain("entry #3 (IOC-T-0003): kind must be one of");
    expect(set.diagnostics[2]?.message).toContain(
      "summary must be a non-empty string without control characters",
    );
    expect(set.diagnostics[3]?.message).toContain("file-path needs a scope");
    expect(set.diagnostics[4]?.message).toContain("entry #6: not an object");
  });

  it("skips files that are not JSON, not this format, or a newer version", async () => {
    const dir = advisoryDir({
      "1-broken.json": '{\n  "format": "lockwarden-ioc",\n  "version": 1,\n  "indicators": [,]\n}\n',
      "2-other.json": { format: "something-else", version: 1, indicators: [sha("IOC-T-0001", H1)] },
      "3-future.json": { format: "lockwarden-ioc", version: 2, indicators: [sha("IOC-T-0002", H1)] },
      "4-shape.json": { format: "lockwarden-ioc", version: 1, indicators: {} },
      "5-good.json": list([sha("IOC-T-0003", H1)]),
      "notes.txt": "ignored",
    });
    const set = await loadIndicators([dir]);
    expect(set.indicators.map((i) => i.id)).toEqual(["IOC-T-0003"]);
    expect(set.files.map((f) => f.split("/").pop())).toEqual([
      "1-broken.json",
      "2-other.json",
      "3-future.json",
      "4-shape.json",
      "5-good.json",
    ]);
    expect(set.diagnostics.map((d) => [d.code, d.location?.path.split("/").pop(), d.location?.line])).toEqual(
      [
        ["ADVISORY_INVALID", "1-broken.json", 4],
        ["ADVISORY_INVALID", "2-other.json", undefined],
        ["ADVISORY_INVALID", "3-future.json", undefined],
        ["ADVISORY_INVALID", "4-shape.json", undefined],
      ],
    );
    expect(set.diagnostics[2]?.message).toContain("version 2 is not supported");
  });

  it("a duplicate id (here across two folders) keeps the first and reports the second", async () => {
    const a = advisoryDir({ "x.json": list([sha("IOC-T-0001", H1)]) });
    const b = advisoryDir({ "y.json": list([sha("IOC-T-0001", H2)]) });
    const set = await loadIndicators([a, b]);
    expect(set.indicators.map((i) => i.value)).toEqual([H1]);
    expect(set.diagnostics).toHaveLength(1);
    expect(set.diagnostics[0]?.message).toContain("id already loaded from");
    expect(set.diagnostics[0]?.location?.path).toMatch(/y\.json$/);
  });

  it("buildIndicatorSet counts kinds and never returns window-only or safe values as hash hits", () => {
    const set = buildIndicatorSet([
      { id: "A-1", kind: "sha256", value: H1, summary: "s", references: [], confidence: "single" },
      {
        id: "A-2",
        kind: "sha512",
        value: "d".repeat(128),
        summary: "s",
        references: [],
        confidence: "single",
      },
      {
        id: "A-3",
        kind: "sha256",
        value: H2,
        summary: "s",
        references: [],
        confidence: "single",
        safe: true,
      },
    ]);
    expect(set.countsByKind).toEqual({ sha256: 2, sha512: 1 });
    expect(set.byHash("d".repeat(128)).map((i) => i.id)).toEqual(["A-2"]);
    expect(set.byHash(H2)).toEqual([]);
  });
});
