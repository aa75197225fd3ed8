import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { graphOf } from "../../core/dependency-paths.js";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { uvLockParser } from "./index.js";

const fixture = (name: string): Promise<ParseResult> =>
  parseFixture(uvLockParser, join(import.meta.dirname, "__fixtures__", name), "uv.lock");
const diags = (r: ParseResult): string[] => r.diagnostics.map((d) => `${d.code}@${d.location?.line ?? "-"}`);
const edges = (r: ParseResult): Record<string, string[]> => Object.fromEntries(graphOf(r)?.edges ?? []);

describe("uv-lock: matches", () => {
  it.each([
    ["uv.lock", true],
    ["services/api/uv.lock", true],
    ["uv.lock.bak", false],
    ["poetry.lock", false],
    ["myuv.lock", false],
  ])("%s → %s", (path, expected) => {
    expect(uvLockParser.matches(path)).toBe(expected);
  });

  it("sniffs a uv.lock but not a poetry.lock", async () => {
    const { readFileSync } = await import("node:fs");
    const uv = readFileSync(join(import.meta.dirname, "__fixtures__", "two-packages.uv.lock"), "utf8");
    expect(uvLockParser.sniff(uv)).toBe(true);
    expect(
      uvLockParser.sniff('[[package]]\nname = "a"\nversion = "1"\n\n[metadata]\nlock-version = "2.0"\n'),
    ).toBe(false);
  });
});

describe("uv-lock: scenarios", () => {
  it("empty file: no packages, no diagnostics", async () => {
    const r = await fixture("empty.uv.lock");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it("no-packages: a valid header and no [[package]] locks nothing, said as info", async () => {
    const r = await fixture("no-packages.uv.lock");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ["NO_PACKAGES_LOCKED", "info", "locks no packages (no [[package]] tables): nothing to check"],
    ]);
    expect(r.variant).toBe("version 1, revision 3");
    const empty = await parseText(uvLockParser, "uv.lock", "version = 1\npackage = []\n");
    expect(empty.diagnostics.map((d) => d.message)).toEqual([
      "locks no packages (`package` is empty): nothing to check",
    ]);
  });

  it("comment-only: no `version`, so not a uv.lock: an error at line 1", async () => {
    const r = await fixture("comment-only.uv.lock");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE@1"]);
    expect(r.diagnostics[0]?.severity).toBe("error");
    expect(r.diagnostics[0]?.message).toBe(
      "cannot parse: not a uv.lock: no top-level `version` and no [[package]] tables",
    );
  });

  it("not TOML: one LOCKFILE_UNPARSABLE with the line", async () => {
    const r = await fixture("not-toml.uv.lock");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE@1"]);
    expect(r.diagnostics[0]?.severity).toBe("error");
  });

  it("truncated mid-string: one LOCKFILE_UNPARSABLE at the broken line", async () => {
    const r = await fixture("truncated.uv.lock");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE@9"]);
  });

  it("one package", async () => {
    const r = await fixture("one-package.uv.lock");
    expect(summarize(r.packages)).toEqual(["idna@3.10 5 registry"]);
    expect(r.diagnostics).toEqual([]);
    expect(r.variant).toBe("version 1, revision 3");
    const [idna] = r.packages;
    expect(idna?.location).toEqual({ path: "uv.lock", line: 5 });
    expect(idna?.resolved).toBe(
      "https://files.pythonhosted.org/packages/f1/70/7703c29685631f5a7590aa73f1f1d3fa9a380e654b86af429e0934a32f7d/idna-3.10.tar.gz",
    );
    // No workspace member: the file does not say what is direct.
    expect(idna?.direct).toBeUndefined();
  });

  it("two packages behind a virtual root: graph, roots and direct", async () => {
    const r = await fixture("two-packages.uv.lock");
    expect(summarize(r.packages)).toEqual([
      "app@0.1.0 5 workspace",
      "idna@3.10 16 registry",
      "requests@2.32.3 21 registry",
    ]);
    expect(r.diagnostics).toEqual([]);
    expect([...(graphOf(r)?.roots ?? [])]).toEqual([["app@0.1.0", "app"]]);
    expect(edges(r)).toEqual({ "app@0.1.0": ["requests@2.32.3"], "requests@2.32.3": ["idna@3.10"] });
    expect(r.packages.map((p) => [p.name, p.direct])).toEqual([
      ["app", undefined],
      ["idna", false],
      ["requests", true],
    ]);
  });

  it("dev groups and extras of the workspace member decide dev and optional", async () => {
    const r = await fixture("dev-optional.uv.lock");
    expect(summarize(r.packages)).toEqual([
      "colorama@0.4.6 5 registry [dev]",
      "demo@1.0.0 10 workspace",
      "httpx@0.28.1 42 registry",
      "mkdocs@1.6.1 52 registry [dev,group:docs]",
      "pytest@8.3.4 57 registry [dev]",
      "socksio@1.0.0 65 registry [extra:socks,optional]",
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(r.packages.filter((p) => p.direct).map((p) => p.name)).toEqual(["httpx", "mkdocs", "pytest"]);
    expect(edges(r)).toEqual({
      "demo@1.0.0": ["httpx@0.28.1", "pytest@8.3.4", "mkdocs@1.6.1"],
      "httpx@0.28.1": ["socksio@1.0.0"],
      "pytest@8.3.4": ["colorama@0.4.6"],
    });
  });

  it("git, url, path, directory, editable and virtual sources", async () => {
    const r = await fixture("source-git.uv.lock");
    expect(summarize(r.packages)).toEqual([
      "local-lib@0.2.0 11 path",
      "strict-no-cover@0.1.1 16 git",
      "tool@- 21 workspace",
      "vendored-wheel@1.0.0 28 path",
      "web-archive@2.0.0 36 url",
      "workspace-root@0.0.0 42 workspace",
    ]);
    // A workspace member without a version is normal (dynamic version): no diagnostic.
    expect(r.diagnostics).toEqual([]);
    const by = new Map(r.packages.map((p) => [p.name, p]));
    expect(by.get("strict-no-cover")?.resolved).toBe(
      "https://github.com/pydantic/strict-no-cover.git?rev=7fc59da2c4dff919db2095a0f0e47101b657131d#7fc59da2c4dff919db2095a0f0e47101b657131d",
    );
    expect(by.get("web-archive")?.resolved).toBe("https://example.com/downloads/web_archive-2.0.0.tar.gz");
    expect(by.get("web-archive")?.hashes).toEqual([
      {
        algorithm: "sha256",
        value: "5e1c1b5ab0f3a7c2d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6",
        file: "web_archive-2.0.0.tar.gz",
      },
    ]);
    expect(by.get("vendored-wheel")?.hashes?.[0]?.file).toBe("vendored_wheel-1.0.0-py3-none-any.whl");
    expect(new Map(graphOf(r)?.roots)).toEqual(
      new Map([
        ["tool", "tool"],
        ["workspace-root@0.0.0", "workspace-root"],
      ]),
    );
    // Another workspace member is not "direct": direct is about packages, members are roots.
    expect(by.get("tool")?.direct).toBeUndefined();
    expect(by.get("web-archive")?.direct).toBe(true);
    // Every workspace member is a root: what `tool` needs is direct too.
    expect(by.get("vendored-wheel")?.direct).toBe(true);
  });

  it("one name at two versions: two packages, edges resolved by version", async () => {
    const r = await fixture("two-versions.uv.lock");
    expect(summarize(r.packages)).toEqual([
      "app@0.1.0 9 workspace",
      "numpy@2.0.2 18 registry",
      "numpy@2.2.1 26 registry",
    ]);
    expect(edges(r)).toEqual({ "app@0.1.0": ["numpy@2.0.2", "numpy@2.2.1"] });
  });

  it("the compromised litellm 1.82.8 is reported at its entry's line", async () => {
    const r = await fixture("malicious.uv.lock");
    expect(summarize(r.packages)).toEqual(["agent@0.1.0 5 workspace", "litellm@1.82.8 16 registry"]);
    const litellm = r.packages.find((p) => p.name === "litellm");
    expect(litellm?.direct).toBe(true);
    expect(litellm?.hashes).toEqual([
      {
        algorithm: "sha256",
        value: "1111111111111111111111111111111111111111111111111111111111111111",
        file: "litellm-1.82.8-py3-none-any.whl",
      },
    ]);
  });

  it("hashes: lowercase hex, file names from URLs (percent-decoded), repeats and unknown algorithms dropped", async () => {
    const r = await fixture("hashes.uv.lock");
    expect(summarize(r.packages)).toEqual(["telnyx@4.87.1 5 registry"]);
    expect(r.packages[0]?.hashes).toEqual([
      {
        algorithm: "sha256",
        value: "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
        file: "telnyx-4.87.1.tar.gz",
      },
      {
        algorithm: "sha256",
        value: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        file: "telnyx-4.87.1-py3-none-any.whl",
      },
      {
        algorithm: "sha256",
        value: "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210",
        file: "telnyx-4.87.1+cpu-py3-none-any.whl",
      },
    ]);
  });
});

describe("uv-lock: hostile input", () => {
  it("BOM, CRLF, escapes in names, headers inside multi-line strings and sub-tables keep lines right", async () => {
    const text = [
      "\ufeffversion = 1",
      "revision = 3",
      'note = """',
      "[[package]]",
      'name = "fake"',
      '"""',
      "",
      "[[package]]",
      'name = "evil\\u001b[31m\\nname"',
      'version = "1.0"',
      'source = { registry = "https://pypi.org/simple" }',
      "",
      "[package.metadata]",
      'requires-dist = [{ name = "x" }]',
      "",
      "[[package.wheels]]",
      'url = "https://example.com/evil-1.0-py3-none-any.whl"',
      "",
      "[[package]]",
      "name = 'six'",
      "version = '1.17.0'",
      "source = { registry = 'https://pypi.org/simple' }",
      "",
    ].join("\r\n");
    const r = await parseText(uvLockParser, "uv.lock", text);
    expect(r.diagnostics).toEqual([]);
    expect(summarize(r.packages)).toEqual(["evil\u001b[31m\nname@1.0 8 registry", "six@1.17.0 19 registry"]);
  });

  it("a malformed entry is reported at its line, the others still parsed", async () => {
    const text = [
      "version = 1",
      "",
      "[[package]]",
      "version = '1.0'",
      "source = { registry = 'https://pypi.org/simple' }",
      "",
      "[[package]]",
      "name = 'ok'",
      "version = 2",
      "",
      "[[package]]",
      "name = 'fine'",
      "version = '3.0'",
      "source = { registry = 'https://pypi.org/simple' }",
      "",
      "[[package]]",
      "name = 'sourceless'",
      "version = '4.0'",
      "",
      "[[package]]",
      "name = 'versionless'",
      "source = { git = 'https://example.com/x.git' }",
    ].join("\n");
    const r = await parseText(uvLockParser, "uv.lock", text);
    expect(summarize(r.packages)).toEqual([
      "fine@3.0 11 registry",
      "sourceless@4.0 16 registry",
      "versionless@- 20 git",
    ]);
    expect(r.diagnostics.map((d) => `${d.code}@${d.location?.line}: ${d.message}`)).toEqual([
      "ENTRY_SKIPPED@3: entry [[package]] #1 skipped: no name",
      "ENTRY_SKIPPED@7: entry [[package]] #2 skipped: version is not a string",
      "VERSION_MISSING@20: versionless (git source): no version recorded; only advisories that cover every version can match",
    ]);
  });

  it("`package` that is not an array of tables is unparsable, not a crash", async () => {
    const r = await parseText(uvLockParser, "uv.lock", 'version = 1\npackage = "nope"\n');
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE@-"]);
  });
});
