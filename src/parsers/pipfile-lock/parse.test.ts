import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { pipfileLockParser as parser } from "./index.js";

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./__fixtures__/${name}/Pipfile.lock`, import.meta.url));
const load = (name: string): Promise<ParseResult> => parseFixture(parser, fixture(name));

function diags(result: ParseResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.location?.line}`);
}

describe("pipfile-lock: matches and sniff", () => {
  it.each([
    ["Pipfile.lock", true],
    ["app/Pipfile.lock", true],
    ["Pipfile", false],
    ["pipfile.lock", false],
    ["Pipfile.lock.bak", false],
  ])("%s → %s", (path, expected) => {
    expect(parser.matches(path)).toBe(expected);
  });

  it("sniffs the _meta block", () => {
    expect(parser.sniff?.(readFileSync(fixture("one-package"), "utf8"))).toBe(true);
    expect(parser.sniff?.(readFileSync(fixture("not-this-format"), "utf8"))).toBe(false);
    expect(parser.sniff?.('{"name": "x", "lockfileVersion": 3}')).toBe(false);
  });
});

describe("pipfile-lock: scenarios", () => {
  it("empty: no packages, and one info note that nothing is locked", async () => {
    const r = await load("empty");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.message])).toEqual([
      [
        "NO_PACKAGES_LOCKED",
        "info",
        1,
        "locks no packages (every package section is empty): nothing to check",
      ],
    ]);
    expect(r.variant).toBe("pipfile-spec 6");
  });

  it("no-meta: empty sections and no _meta block is not a Pipfile.lock (an error, not a quiet nothing)", async () => {
    const r = await load("no-meta");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.message])).toEqual([
      ["LOCKFILE_UNPARSABLE", "error", 1, "cannot parse: not a Pipfile.lock: no _meta block and no packages"],
    ]);
    const bare = await parseText(parser, "Pipfile.lock", "{}");
    expect(diags(bare)).toEqual(["LOCKFILE_UNPARSABLE 1"]);
  });

  it("_meta and no package section at all: nothing locked, said as info", async () => {
    const r = await parseText(parser, "Pipfile.lock", '{"_meta": {"pipfile-spec": 6}}');
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ["NO_PACKAGES_LOCKED", "info", "locks no packages (no package sections): nothing to check"],
    ]);
  });

  it("not-this-format: a TOML Pipfile under the lock's name is unparsable at line 1", async () => {
    const r = await load("not-this-format");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE 1"]);
  });

  it("one-package: version without ==, hashes, line of the entry key", async () => {
    const r = await load("one-package");
    expect(r.packages).toEqual([
      {
        ecosystem: "PyPI",
        name: "requests",
        version: "2.31.0",
        source: "registry",
        hashes: [
          { algorithm: "sha256", value: "a".repeat(64) },
          { algorithm: "sha256", value: "b".repeat(64) },
        ],
        location: { path: "Pipfile.lock", line: 19 },
      },
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it("two-packages", async () => {
    const r = await load("two-packages");
    expect(summarize(r.packages)).toEqual(["certifi@2024.2.2 19 registry", "idna@3.6 26 registry"]);
  });

  it("dev-optional: develop is dev, custom categories are group:<name>", async () => {
    const r = await load("dev-optional");
    expect(summarize(r.packages)).toEqual([
      "flask@3.0.0 19 registry",
      "pytest@8.0.0 28 registry [dev]",
      "sphinx@7.2.6 37 registry [group:docs]",
    ]);
  });

  it("source-git: git, path, editable and file entries", async () => {
    const r = await load("source-git");
    expect(summarize(r.packages)).toEqual([
      "mylib@- 19 path",
      "other@- 23 path",
      "proj@- 26 git",
      "tagged@2.0 30 git",
      "wheelpkg@1.4.0 35 url",
      "six@1.16.0 41 registry",
    ]);
    expect(r.packages.find((p) => p.name === "proj")?.resolved).toBe("https://github.com/example/proj.git");
    expect(r.packages.find((p) => p.name === "mylib")?.resolved).toBe("./libs/mylib");
    expect(diags(r)).toEqual(["URL_REQUIREMENT 38"]);
  });

  it("two-versions: one name in default and develop at different versions", async () => {
    const r = await load("two-versions");
    expect(summarize(r.packages)).toEqual(["urllib3@1.26.18 19 registry", "urllib3@2.2.1 27 registry [dev]"]);
  });

  it("malicious: litellm 1.82.8 at its entry line", async () => {
    const r = await load("malicious");
    expect(summarize(r.packages)).toEqual(["fastapi@0.110.0 19 registry", "litellm@1.82.8 25 registry"]);
  });

  it("hashes: lowercased hex, md5 kept, junk dropped", async () => {
    const r = await load("hashes");
    expect(r.packages[0]?.hashes).toEqual([
      { algorithm: "sha256", value: "0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f" },
      { algorithm: "sha256", value: "dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1" },
      { algorithm: "md5", value: "0123456789abcdef0123456789abcdef" },
    ]);
  });

  it("bad-entries: each unreadable entry is an error at its line; malformed hashes lose only the hashes", async () => {
    const r = await load("bad-entries");
    expect(summarize(r.packages)).toEqual(["ok@1.0 19 registry", "badhashes@2.0 36 registry"]);
    expect(r.packages[1]?.hashes).toBeUndefined();
    expect(diags(r)).toEqual([
      "ENTRY_SKIPPED 22",
      "ENTRY_SKIPPED 25",
      "ENTRY_SKIPPED 28",
      "ENTRY_SKIPPED 33",
      "ENTRY_SKIPPED 42",
    ]);
    expect(r.diagnostics.every((d) => d.severity === "error")).toBe(true);
  });

  it("odd-names: a package named like a section, escapes kept as data, index-like names", async () => {
    const r = await load("odd-names");
    expect(summarize(r.packages)).toEqual([
      "develop@0.7 19 registry",
      "\u001b[31mevil\u001b[0m@6.6.6 22 registry",
      "10@1.0 25 registry",
      "2@2.0 28 registry",
      "zzz@3.0 33 registry [dev]",
    ]);
  });

  it("truncated: LOCKFILE_UNPARSABLE at the line where the JSON stops", async () => {
    const r = await load("truncated");
    const lastLine = readFileSync(fixture("truncated"), "utf8").split("\n").length;
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual([`LOCKFILE_UNPARSABLE ${lastLine}`]);
  });

  it("bom-crlf: a UTF-8 BOM and CRLF line ends", async () => {
    const r = await load("bom-crlf");
    expect(summarize(r.packages)).toEqual(["requests@2.31.0 19 registry", "six@1.16.0 25 registry"]);
  });

  it("a top level that is not an object", async () => {
    const r = await parseText(parser, "Pipfile.lock", "[1, 2]");
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE 1"]);
  });
});

describe("pipfile-lock: hostile input", () => {
  it("never throws on any JSON value, and every package carries a line", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const content = JSON.stringify({ _meta: {}, default: value, develop: { x: value } }, null, 2);
        const r = parser.parse({
          path: "Pipfile.lock",
          content,
          readRelated: () => {
            throw new Error("not used");
          },
        }) as ParseResult;
        for (const p of r.packages) expect(p.location.line).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
