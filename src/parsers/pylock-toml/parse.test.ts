import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { graphOf } from "../../core/dependency-paths.js";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { pylockTomlParser } from "./index.js";

const fixture = (name: string): Promise<ParseResult> =>
  parseFixture(pylockTomlParser, join(import.meta.dirname, "__fixtures__", `pylock.${name}.toml`));
const diags = (r: ParseResult): string[] => r.diagnostics.map((d) => `${d.code}@${d.location?.line ?? "-"}`);
const edges = (r: ParseResult): Record<string, string[]> => Object.fromEntries(graphOf(r)?.edges ?? []);

describe("pylock-toml: matches (PEP 751 file names)", () => {
  it.each([
    ["pylock.toml", true],
    ["deploy/pylock.toml", true],
    ["pylock.dev.toml", true],
    ["pylock.spam-eggs.toml", true],
    ["pylock.a.b.toml", false],
    ["pylock..toml", false],
    ["mypylock.toml", false],
    ["pylock.toml.bak", false],
    ["pyproject.toml", false],
  ])("%s → %s", (path, expected) => {
    expect(pylockTomlParser.matches(path)).toBe(expected);
  });
});

describe("pylock-toml: scenarios", () => {
  it("empty file: no packages, no diagnostics", async () => {
    const r = await fixture("empty");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it("no-packages: a lock-version and no [[packages]] lock nothing, said as info", async () => {
    const r = await fixture("no-packages");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ["NO_PACKAGES_LOCKED", "info", "locks no packages (no [[packages]] tables): nothing to check"],
    ]);
  });

  it("no-lock-version: [[package]] tables and no lock-version are not PEP 751: an error, entries unread", async () => {
    const r = await fixture("no-lock-version");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.message])).toEqual([
      [
        "LOCKFILE_UNPARSABLE",
        "error",
        1,
        "cannot parse: not a pylock.toml: [[package]] tables, where PEP 751 has [[packages]]",
      ],
    ]);
    const bare = await parseText(pylockTomlParser, "pylock.toml", "[[package]]");
    expect(diags(bare)).toEqual(["LOCKFILE_UNPARSABLE@1"]);
    const other = await parseText(pylockTomlParser, "pylock.toml", 'name = "x"\n');
    expect(other.diagnostics.map((d) => d.message)).toEqual([
      "cannot parse: not a pylock.toml: no lock-version and no [[packages]] tables",
    ]);
  });

  it("not TOML: one LOCKFILE_UNPARSABLE at the offending line", async () => {
    const r = await fixture("not-toml");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE@2"]);
  });

  it("truncated inside a hash: one LOCKFILE_UNPARSABLE at that line", async () => {
    const r = await fixture("truncated");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE@8"]);
  });

  it("one package (uv export) with sdist and wheel hashes", async () => {
    const r = await fixture("one-package");
    expect(summarize(r.packages)).toEqual(["idna@3.10 7 registry"]);
    expect(r.diagnostics).toEqual([]);
    expect(r.variant).toBe("lock-version 1.0 (uv)");
    expect(r.packages[0]?.location).toEqual({ path: "pylock.one-package.toml", line: 7 });
    expect(r.packages[0]?.resolved).toBe("https://files.pythonhosted.org/packages/f1/70/idna-3.10.tar.gz");
    expect(r.packages[0]?.hashes?.map((h) => `${h.file} ${h.value.slice(0, 8)}`)).toEqual([
      "idna-3.10.tar.gz 12f65c9b",
      "idna-3.10-py3-none-any.whl 946d195a",
    ]);
  });

  it("two packages: names as written, PEP 751 dependencies become edges", async () => {
    const r = await fixture("two-packages");
    expect(summarize(r.packages)).toEqual(["Requests@2.32.3 4 registry", "idna@3.10 15 registry"]);
    expect(edges(r)).toEqual({ "requests@2.32.3": ["idna@3.10"] });
    expect(graphOf(r)?.roots.size).toBe(0);
  });

  it("dependency_groups and extras marker terms give dev and optional; default groups stay main", async () => {
    const r = await fixture("dev-optional");
    expect(summarize(r.packages)).toEqual([
      "httpx@0.28.1 8 registry",
      "pytest@8.3.4 13 registry [dev]",
      "colorama@0.4.6 23 registry [dev]",
      "mkdocs@1.6.1 28 registry [dev,group:docs]",
      "socksio@1.0.0 33 registry [extra:socks,optional]",
      "tomli@2.2.1 38 registry",
    ]);
    expect(r.diagnostics).toEqual([]);
    // pdm's [packages.tool.pdm] dependencies stand in for the missing PEP 751 ones.
    expect(edges(r)).toEqual({ "pytest@8.3.4": ["colorama@0.4.6"] });
  });

  it("vcs, archive (url and path) and directory sources", async () => {
    const r = await fixture("source-git");
    expect(summarize(r.packages)).toEqual([
      "click@8.2.0.dev0 4 git",
      "demo-archive@0.3.0 9 url",
      "local-wheel@1.0.0 14 path",
      "my-project@- 19 path",
    ]);
    // A local directory without a version is normal: no diagnostic.
    expect(r.diagnostics).toEqual([]);
    expect(r.packages.map((p) => p.resolved)).toEqual([
      "https://github.com/pallets/click.git#3f1b5e42a1c3d2e4f5a6b7c8d9e0f1a2b3c4d5e6",
      "https://example.com/dist/demo_archive-0.3.0.tar.gz",
      "dist/local_wheel-1.0.0-py3-none-any.whl",
      ".",
    ]);
    expect(r.packages[1]?.hashes?.[0]?.file).toBe("demo_archive-0.3.0.tar.gz");
    expect(r.packages[2]?.hashes?.[0]?.file).toBe("local_wheel-1.0.0-py3-none-any.whl");
  });

  it("one name twice under different markers: two packages, distinct graph nodes", async () => {
    const r = await fixture("two-versions");
    expect(summarize(r.packages)).toEqual([
      "numpy@2.0.2 5 registry",
      "numpy@2.2.1 11 registry",
      "pandas@2.2.3 17 registry",
    ]);
    expect(edges(r)).toEqual({ "pandas@2.2.3": ["numpy@2.0.2", "numpy@2.2.1"] });
  });

  it("the compromised litellm 1.82.7 is reported at its entry's line", async () => {
    const r = await fixture("malicious");
    expect(summarize(r.packages)).toEqual(["idna@3.10 4 registry", "litellm@1.82.7 9 registry"]);
    expect(r.packages[1]?.hashes).toEqual([
      {
        algorithm: "sha256",
        value: "7777777777777777777777777777777777777777777777777777777777777777",
        file: "litellm-1.82.7-py3-none-any.whl",
      },
    ]);
  });

  it("hashes: every supported algorithm, lowercase, repeats and unknown algorithms dropped", async () => {
    const r = await fixture("hashes");
    expect(summarize(r.packages)).toEqual(["telnyx@4.87.2 4 registry"]);
    expect(r.packages[0]?.hashes?.map((h) => `${h.algorithm} ${h.file} ${h.value.slice(0, 12)}`)).toEqual([
      "sha256 telnyx-4.87.2.tar.gz abcdef012345",
      "sha256 telnyx-4.87.2-py3-none-any.whl 0123456789ab",
      "sha512 telnyx-4.87.2-py3-none-any.whl 001122334455",
    ]);
  });
});

describe("pylock-toml: hostile and future input", () => {
  it("a newer lock-version is read, with a warning", async () => {
    const r = await parseText(
      pylockTomlParser,
      "pylock.toml",
      'lock-version = "2.0"\n\n[[packages]]\nname = "six"\nversion = "1.17.0"\n',
    );
    expect(summarize(r.packages)).toEqual(["six@1.17.0 3 registry"]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(["LOCKFILE_UNSUPPORTED warning"]);
  });

  it("[packages.tool.pdm] and [[packages.wheels]] sub-tables and a header in a string do not shift lines", async () => {
    const text = [
      'lock-version = "1.0"',
      "created-by = '''",
      "[[packages]]",
      "'''",
      "",
      "[[packages]]",
      'name = "a"',
      'version = "1"',
      "",
      "[[packages.wheels]]",
      'name = "a-1-py3-none-any.whl"',
      "hashes = { sha256 = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' }",
      "",
      "[packages.tool.pdm]",
      "dependencies = ['b']",
      "",
      "[[packages]]",
      'name = "b"',
      'version = "2"',
      "",
    ].join("\r\n");
    const r = await parseText(pylockTomlParser, "pylock.toml", text);
    expect(r.diagnostics).toEqual([]);
    expect(summarize(r.packages)).toEqual(["a@1 6 registry", "b@2 17 registry"]);
    expect(r.packages[0]?.hashes?.[0]?.file).toBe("a-1-py3-none-any.whl");
    expect(edges(r)).toEqual({ "a@1": ["b@2"] });
  });

  it("a vcs entry without a version is kept and flagged; a nameless entry is reported", async () => {
    const text = [
      'lock-version = "1.0"',
      "[[packages]]",
      'version = "1"',
      "[[packages]]",
      'name = "x"',
      "vcs = { type = 'git', url = 'https://example.com/x.git', commit-id = 'abc' }",
    ].join("\n");
    const r = await parseText(pylockTomlParser, "pylock.toml", text);
    expect(summarize(r.packages)).toEqual(["x@- 4 git"]);
    expect(diags(r)).toEqual(["ENTRY_SKIPPED@2", "VERSION_MISSING@4"]);
  });
});
