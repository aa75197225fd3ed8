import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { graphOf } from "../../core/dependency-paths.js";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { pdmLockParser } from "./index.js";

const fixturePath = (name: string): string => join(import.meta.dirname, "__fixtures__", name);
const fixture = (name: string): Promise<ParseResult> =>
  parseFixture(pdmLockParser, fixturePath(name), "pdm.lock");
const diags = (r: ParseResult): string[] => r.diagnostics.map((d) => `${d.code}@${d.location?.line ?? "-"}`);
const edges = (r: ParseResult): Record<string, string[]> => Object.fromEntries(graphOf(r)?.edges ?? []);

describe("pdm-lock: matches", () => {
  it.each([
    ["pdm.lock", true],
    ["backend/pdm.lock", true],
    ["pdm.lock.orig", false],
    ["pdm.toml", false],
  ])("%s → %s", (path, expected) => {
    expect(pdmLockParser.matches(path)).toBe(expected);
  });
});

describe("pdm-lock: scenarios", () => {
  it("empty file: no packages, no diagnostics", async () => {
    const r = await fixture("empty.pdm.lock");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it("metadata-only: [metadata] and no [[package]] lock nothing, said as info", async () => {
    const r = await fixture("metadata-only.pdm.lock");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ["NO_PACKAGES_LOCKED", "info", "locks no packages (no [[package]] tables): nothing to check"],
    ]);
    expect(r.variant).toBe("lock_version 4.5.0");
  });

  it("a pyproject.toml saved as pdm.lock, or a comment-only file, is not a pdm.lock: an error", async () => {
    const r = await fixture("pyproject-as-lock.pdm.lock");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE@1"]);
    expect(r.diagnostics[0]?.severity).toBe("error");
    expect(r.diagnostics[0]?.message).toBe(
      "cannot parse: not a pdm.lock: no [metadata] table and no [[package]] tables (it reads as a pyproject.toml)",
    );
    const comment = await parseText(pdmLockParser, "pdm.lock", "# nothing here\n");
    expect(comment.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      [
        "LOCKFILE_UNPARSABLE",
        "error",
        "cannot parse: not a pdm.lock: no [metadata] table and no [[package]] tables",
      ],
    ]);
  });

  it("not TOML (a YAML lockfile): one LOCKFILE_UNPARSABLE at line 1", async () => {
    const r = await fixture("not-toml.pdm.lock");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE@1"]);
  });

  it("truncated inside the files array: one LOCKFILE_UNPARSABLE at the end of the file", async () => {
    const r = await fixture("truncated.pdm.lock");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE@15"]);
  });

  it("one package (lock_version 4.5) with its file hashes", async () => {
    const r = await fixture("one-package.pdm.lock");
    expect(summarize(r.packages)).toEqual(["idna@3.10 13 registry"]);
    expect(r.diagnostics).toEqual([]);
    expect(r.variant).toBe("lock_version 4.5.0");
    expect(r.packages[0]?.hashes).toEqual([
      {
        algorithm: "sha256",
        value: "946d195a0d259cbba61165e88e65941f16e9b36ea6ddb97f00452bae8b1287d3",
        file: "idna-3.10-py3-none-any.whl",
      },
      {
        algorithm: "sha256",
        value: "12f65c9b470abda6dc35cf8e63cc574b1c52b11df2c86030af0ac09b01b13ea9",
        file: "idna-3.10.tar.gz",
      },
    ]);
  });

  it("two packages: edges follow PEP 508 names (case and separators normalised); unlocked names are ignored", async () => {
    const r = await fixture("two-packages.pdm.lock");
    expect(summarize(r.packages)).toEqual(["idna@3.10 10 registry", "requests@2.32.3 17 registry"]);
    expect(edges(r)).toEqual({ "requests@2.32.3": ["idna@3.10"] });
    // No pyproject.toml beside it: no roots, and nothing is known to be direct.
    expect(graphOf(r)?.roots.size).toBe(0);
    expect(r.packages.every((p) => p.direct === undefined)).toBe(true);
    expect(r.related).toBeUndefined();
  });

  it("groups with the sibling pyproject: extras are optional, dependency groups dev; extras entries collapse", async () => {
    const r = await fixture("dev-optional/pdm.lock");
    expect(summarize(r.packages)).toEqual([
      "httpx@0.28.1 10 registry",
      "mkdocs@1.6.1 27 registry [dev,group:docs]",
      "pytest@8.3.4 33 registry [dev,group:test]",
      "colorama@0.4.6 42 registry [dev,group:test]",
      "socksio@1.0.0 48 registry [extra:socks,optional]",
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(r.related).toEqual(["pyproject.toml"]);
    expect([...(graphOf(r)?.roots ?? [])]).toEqual([["<root>", "demo"]]);
    expect(edges(r)).toEqual({
      "httpx@0.28.1": ["socksio@1.0.0"],
      "pytest@8.3.4": ["colorama@0.4.6"],
      "<root>": ["httpx@0.28.1", "pytest@8.3.4", "mkdocs@1.6.1"],
    });
    expect(r.packages.filter((p) => p.direct).map((p) => p.name)).toEqual(["httpx", "mkdocs", "pytest"]);
  });

  it("groups without a pyproject: every non-default group is taken for a dev group", async () => {
    const r = await parseFixture(pdmLockParser, fixturePath("dev-optional/pdm.lock"), "elsewhere/pdm.lock");
    expect(summarize(r.packages)).toContain("socksio@1.0.0 48 registry [dev,group:socks]");
    expect(r.packages.find((p) => p.name === "httpx")?.groups).toBeUndefined();
    expect(graphOf(r)?.roots.size).toBe(0);
  });

  it("git, url, path and editable entries", async () => {
    const r = await fixture("source-git.pdm.lock");
    expect(summarize(r.packages)).toEqual([
      "click@8.2.0.dev0 10 git",
      "demo-archive@0.3.0 19 url",
      "sibling@0.1.0 29 path",
      "editable-tool@0.0.1 36 path",
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(r.packages.map((p) => p.resolved)).toEqual([
      "https://github.com/pallets/click.git#3f1b5e42a1c3d2e4f5a6b7c8d9e0f1a2b3c4d5e6",
      "https://example.com/dist/demo_archive-0.3.0.tar.gz",
      "../sibling",
      "./tools/editable-tool",
    ]);
    expect(r.packages[1]?.hashes?.[0]?.file).toBe("demo_archive-0.3.0.tar.gz");
  });

  it("one name at two versions: two packages; a requirement's specifier picks the version", async () => {
    const r = await fixture("two-versions.pdm.lock");
    expect(summarize(r.packages)).toEqual([
      "numpy@2.0.2 16 registry",
      "numpy@2.2.1 24 registry",
      "pandas@2.2.3 32 registry",
    ]);
    // numpy>=1.22.4 fits both; numpy>=2.1 only 2.2.1.
    expect(edges(r)).toEqual({ "pandas@2.2.3": ["numpy@2.0.2", "numpy@2.2.1"] });
  });

  it("the compromised telnyx 4.87.2 is reported at its entry's line", async () => {
    const r = await fixture("malicious.pdm.lock");
    expect(summarize(r.packages)).toEqual(["telnyx@4.87.2 10 registry"]);
    expect(r.packages[0]?.location).toEqual({ path: "pdm.lock", line: 10 });
  });

  it("lock_version 3.1: hashes from [metadata.files] (file or url), extras entry collapsed into the first", async () => {
    const r = await fixture("hashes-v3.pdm.lock");
    expect(summarize(r.packages)).toEqual(["coverage@6.4.1 1 registry", "tomli@2.0.1 18 registry"]);
    expect(r.variant).toBe("lock_version 3.1");
    expect(r.packages[0]?.hashes?.map((h) => h.file)).toEqual([
      "coverage-6.4.1-cp310-cp310-macosx_10_9_x86_64.whl",
      "coverage-6.4.1.tar.gz",
    ]);
    expect(r.packages[1]?.hashes).toEqual([
      {
        algorithm: "sha256",
        value: "de526c12914f0c550d15924c62d72abc48d6fe7364aa87328337a31007fe8a4f",
        file: "tomli-2.0.1.tar.gz",
      },
    ]);
    // The extras entry's requirements belong to the collapsed package; its self-reference is dropped.
    expect(edges(r)).toEqual({ "coverage@6.4.1": ["tomli@2.0.1"] });
  });
});

describe("pdm-lock: hostile input", () => {
  it("an entry without a name is reported at its line; a git entry without a version is flagged", async () => {
    const text = [
      "[[package]]",
      'version = "1.0"',
      "",
      "[[package]]",
      'name = "nover"',
      'git = "https://example.com/nover.git"',
      "",
      "[[package]]",
      'name = "ok"',
      'version = "2.0"',
      'groups = ["default"]',
    ].join("\r\n");
    const r = await parseText(pdmLockParser, "pdm.lock", `\ufeff${text}`);
    expect(summarize(r.packages)).toEqual(["nover@- 4 git", "ok@2.0 8 registry"]);
    expect(diags(r)).toEqual(["ENTRY_SKIPPED@1", "VERSION_MISSING@4"]);
  });
});
