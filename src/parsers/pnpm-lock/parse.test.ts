import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { graphOf } from "../../core/dependency-paths.js";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { pnpmLockParser } from "./index.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__");

function parse(name: string): Promise<ParseResult> {
  return parseFixture(pnpmLockParser, join(FIXTURES, name), name);
}

function diag(r: ParseResult): string[] {
  return r.diagnostics.map((d) => `${d.code} ${d.severity} ${d.location?.line ?? "?"}: ${d.message}`);
}

function edges(r: ParseResult): Record<string, string[]> {
  return Object.fromEntries([...(graphOf(r)?.edges ?? [])].map(([k, v]) => [k, [...v].sort()]));
}

/** Fixtures that parse cleanly: every package, in full, with its line. */
const CLEAN: Array<[string, string[]]> = [
  ["one-package.v5.yaml", ["left-pad@1.3.0 11 registry"]],
  ["one-package.v6.yaml", ["left-pad@1.3.0 14 registry"]],
  ["one-package.v9.yaml", ["left-pad@1.3.0 17 registry"]],
  ["two-packages.v5.yaml", ["debug@4.3.4 11 registry", "ms@2.1.2 23 registry"]],
  ["two-packages.v6.yaml", ["debug@4.3.4 14 registry", "ms@2.1.2 26 registry"]],
  ["two-packages.v9.yaml", ["debug@4.3.4 17 registry", "ms@2.1.2 26 registry"]],
  [
    "dev-optional.v5.yaml",
    [
      "@esbuild/linux-x64@0.21.5 21 registry [dev,optional]",
      "debug@4.3.4 30 registry",
      "esbuild@0.21.5 37 registry [dev]",
      "fsevents@2.3.3 46 registry [optional]",
      "humanize-ms@1.2.1 54 registry [dev]",
      "ms@2.1.2 60 registry",
    ],
  ],
  [
    "dev-optional.v6.yaml",
    [
      "@esbuild/linux-x64@0.21.5 27 registry [dev,optional]",
      "debug@4.3.4 36 registry",
      "esbuild@0.21.5 43 registry [dev]",
      "fsevents@2.3.3 52 registry [optional]",
      "humanize-ms@1.2.1 60 registry [dev]",
      "ms@2.1.2 66 registry",
    ],
  ],
  [
    // v9 has no dev flags: computed from what only devDependencies reach (ms is also reached by debug).
    "dev-optional.v9.yaml",
    [
      "@esbuild/linux-x64@0.21.5 28 registry [dev,optional]",
      "debug@4.3.4 34 registry",
      "esbuild@0.21.5 38 registry [dev]",
      "fsevents@2.3.3 43 registry [optional]",
      "humanize-ms@1.2.1 48 registry [dev]",
      "ms@2.1.2 51 registry",
    ],
  ],
  ["source-git.v5.yaml", ["is-positive@3.1.0 13 git", "private-lib@1.0.0 20 git"]],
  ["source-git.v6.yaml", ["is-positive@3.1.0 17 git", "private-lib@1.0.0 24 git"]],
  ["source-git.v9.yaml", ["is-positive@3.1.0 20 git", "private-lib@1.0.0 25 git"]],
  [
    "source-tarball.v5.yaml",
    [
      "@acme/widget@1.2.3 17 registry",
      "tarball-pkg@1.0.0 21 url",
      "local-dir@0.1.0 27 path",
      "local-pkg@2.0.0 33 path",
    ],
  ],
  [
    "source-tarball.v6.yaml",
    [
      "@acme/widget@1.2.3 23 registry",
      "tarball-pkg@1.0.0 27 url",
      "local-dir@0.1.0 33 path",
      "local-pkg@2.0.0 39 path",
    ],
  ],
  [
    "source-tarball.v9.yaml",
    [
      "@acme/widget@1.2.3 26 registry",
      "local-dir@- 29 path",
      "local-pkg@2.0.0 32 path",
      "tarball-pkg@1.0.0 36 url",
    ],
  ],
  [
    "link-importer.v5.yaml",
    ["debug@4.3.4 27 registry", "ms@2.1.2 34 registry", "typescript@5.4.5 38 registry [dev]"],
  ],
  [
    "link-importer.v6.yaml",
    ["debug@4.3.4 32 registry", "ms@2.1.2 39 registry", "typescript@5.4.5 43 registry [dev]"],
  ],
  [
    "link-importer.v9.yaml",
    ["debug@4.3.4 32 registry", "ms@2.1.2 36 registry", "typescript@5.4.5 39 registry [dev]"],
  ],
  [
    "two-versions.v9.yaml",
    [
      "debug@2.6.9 20 registry",
      "debug@4.3.4 23 registry",
      "ms@2.0.0 27 registry",
      "ms@2.1.2 30 registry",
      "send@0.18.0 33 registry",
    ],
  ],
  [
    "alias.v5.yaml",
    [
      "@isaacs/cliui@8.0.2 15 registry",
      "@pnpm/ramda@0.28.1 23 registry",
      "@pnpm/ramda@0.28.1 23 registry alias=ramda",
      "react@17.0.2 27 registry",
      "react@17.0.2 27 registry alias=react-17",
      "string-width@4.2.3 32 registry",
      "string-width@4.2.3 32 registry alias=string-width-cjs",
      "string-width@5.1.2 37 registry",
    ],
  ],
  [
    "alias.v6.yaml",
    [
      "@isaacs/cliui@8.0.2 20 registry",
      "@pnpm/ramda@0.28.1 28 registry",
      "@pnpm/ramda@0.28.1 28 registry alias=ramda",
      "react@17.0.2 32 registry",
      "react@17.0.2 32 registry alias=react-17",
      "string-width@4.2.3 37 registry",
      "string-width@4.2.3 37 registry alias=string-width-cjs",
      "string-width@5.1.2 42 registry",
    ],
  ],
  [
    "alias.v9.yaml",
    [
      "@isaacs/cliui@8.0.2 26 registry",
      "@pnpm/ramda@0.28.1 30 registry",
      "@pnpm/ramda@0.28.1 30 registry alias=ramda",
      "react@17.0.2 33 registry",
      "react@17.0.2 33 registry alias=react-17",
      "string-width@4.2.3 37 registry",
      "string-width@4.2.3 37 registry alias=string-width-cjs",
      "string-width@5.1.2 41 registry",
      "types-react@19.0.0-alpha.3 45 registry",
      "types-react@19.0.0-alpha.3 45 registry alias=@types/react",
    ],
  ],
  [
    // Peer variants of one package collapse into one entry, at the first variant's line.
    "peer-suffix.v5.yaml",
    [
      "@testing-library/react@12.1.5 28 registry [dev]",
      "react-dom@17.0.2 39 registry",
      "react@16.14.0 47 registry",
      "react@17.0.2 52 registry",
      "styled-thing@1.0.0 57 registry",
    ],
  ],
  [
    "peer-suffix.v6.yaml",
    [
      "react-dom@17.0.2 32 registry",
      "react@16.14.0 40 registry",
      "react@17.0.2 45 registry",
      "styled-thing@1.0.0 50 registry",
    ],
  ],
  [
    "peer-suffix.v9.yaml",
    [
      "react-dom@17.0.2 37 registry",
      "react@16.14.0 42 registry",
      "react@17.0.2 46 registry",
      "styled-thing@1.0.0 50 registry",
    ],
  ],
  ["multi-document.v9.yaml", ["pnpm@11.10.0 15 registry", "left-pad@1.3.0 41 registry"]],
  ["worm.v9.yaml", ["@teale.io/eslint-config@1.8.9 21 registry [dev]", "eslint@8.57.0 26 registry [dev]"]],
  ["hostile-names.v9.yaml", ["\u001b[2Jinnocent@1.0.0 16 registry", "multi\nline@2.0.0 19 registry"]],
];

describe("pnpm-lock fixtures", () => {
  it.each(CLEAN)("%s", async (file, expected) => {
    const r = await parse(file);
    expect(summarize(r.packages)).toEqual(expected);
    expect(diag(r)).toEqual([]);
    for (const p of r.packages) {
      expect(p.ecosystem).toBe("npm");
      expect(p.location.path).toBe(file);
      expect(p.nodeId).toBeTruthy();
    }
  });

  it("empty file: nothing locked, nothing wrong", async () => {
    const r = await parse("empty.yaml");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it("a lockfile of a project without dependencies says so as info", async () => {
    const r = await parse("no-packages.v9.yaml");
    expect(r.packages).toEqual([]);
    expect(diag(r)).toEqual([
      "NO_PACKAGES_LOCKED info 1: locks no packages (no `packages` entries): nothing to check",
    ]);
    expect(r.variant).toBe("lockfileVersion 9.0");
  });

  it("comments, empty documents and blank scalars are not a lockfile: an error, never silence", async () => {
    const r = await parse("comment-only.yaml");
    expect(r.packages).toEqual([]);
    expect(diag(r)).toEqual([
      "LOCKFILE_UNPARSABLE error 1: cannot parse: not a pnpm lockfile: no lockfileVersion, importers or packages",
    ]);
    // Minimal inputs found by `npm run fuzz`, silent before.
    for (const input of ['""', "%", "---", "...\n\n", '#"""0']) {
      const t = await parseText(pnpmLockParser, "pnpm-lock.yaml", input);
      expect(
        t.diagnostics.map((d) => [d.code, d.severity]),
        JSON.stringify(input),
      ).toEqual([["LOCKFILE_UNPARSABLE", "error"]]);
    }
  });

  it("a file the YAML parser cannot place line after line is cut off after 1,000 errors", async () => {
    // Minimal shape of a `npm run fuzz` find: `- - - - - - 1` before the 2.4 MB novu lockfile gave
    // 200,000 error tokens, and composing them cost the yaml library 3x the intact file's parse.
    const entries = (n: number) =>
      Array.from({ length: n }, (_, i) => `  /pkg-${i}/1.0.0:\n    resolution: {integrity: sha512-x}\n`).join(
        "",
      );
    const head = "- - 1lockfileVersion: 5.4\n\npackages:\n\n";
    const big = await parseText(pnpmLockParser, "pnpm-lock.yaml", head + entries(3000));
    expect(big.packages).toEqual([]);
    expect(diag(big)[0]).toBe(
      "LOCKFILE_UNPARSABLE error 227: cannot parse: over 1000 stretches of text the YAML parser cannot place; the rest of the file is not read",
    );
    expect(big.diagnostics.every((d) => d.code === "LOCKFILE_UNPARSABLE")).toBe(true);
    // Below the cap, every error is the YAML library's own (the first five are listed).
    const small = await parseText(pnpmLockParser, "pnpm-lock.yaml", head + entries(100));
    expect(diag(small).some((d) => d.includes("stretches of text"))).toBe(false);
    expect(diag(small).some((d) => /and \d+ more YAML errors/.test(d))).toBe(true);
  });

  it("YAML that is not a lockfile is reported, not guessed at", async () => {
    const r = await parse("not-pnpm.yaml");
    expect(r.packages).toEqual([]);
    expect(diag(r)).toEqual([
      "LOCKFILE_UNPARSABLE error 2: cannot parse: not a pnpm lockfile: no lockfileVersion, importers or packages",
    ]);
  });

  it("alias bomb: one diagnostic, nothing expanded, the package still reported from its key", async () => {
    const r = await parse("alias-bomb.yaml");
    expect(summarize(r.packages)).toEqual(["left-pad@1.3.0 24 registry"]);
    expect(diag(r)).toEqual([
      "LOCKFILE_UNPARSABLE error 4: cannot parse: 83 YAML aliases (pnpm never writes aliases); aliased values are not expanded or read",
      "ENTRY_SKIPPED warning 24: entry left-pad@1.3.0 skipped: the entry is not a mapping; name and version taken from the key",
    ]);
  }, 5_000);

  it("deeply nested flow collections are refused before the YAML library recurses into them", async () => {
    const text = `lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: ${"{a: [".repeat(50_000)}\n`;
    const r = await parseText(pnpmLockParser, "p.yaml", text);
    expect(r.packages).toEqual([]);
    expect(diag(r)).toEqual([
      "LOCKFILE_UNPARSABLE error 4: cannot parse: flow collections nested more than 64 deep (pnpm writes 2); file not read",
    ]);
  }, 5_000);

  it("a flood of YAML documents is cut off after 16, with the line where reading stopped", async () => {
    const text = `lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n${"---\n".repeat(100_000)}`;
    const r = await parseText(pnpmLockParser, "p.yaml", text);
    expect(summarize(r.packages)).toEqual(["a@1.0.0 3 registry"]);
    expect(diag(r)).toEqual([
      "LOCKFILE_UNPARSABLE error 19: cannot parse: more than 16 YAML documents (pnpm writes 1 or 2); the rest is not read",
    ]);
  }, 5_000);

  it("brackets inside scalars are text, not nesting", async () => {
    const many = "[".repeat(100);
    const text = `lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    deprecated: '${many}'\n  b@1.0.0:\n    deprecated: see ${many}\n`;
    const r = await parseText(pnpmLockParser, "p.yaml", text);
    expect(summarize(r.packages)).toEqual(["a@1.0.0 3 registry", "b@1.0.0 5 registry"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("truncated file: what was read is reported, the break is an error with its line", async () => {
    const r = await parse("truncated.v9.yaml");
    expect(summarize(r.packages)).toEqual(["debug@4.3.4 17 registry", "ms@2.1.2 26 registry"]);
    expect(diag(r)).toEqual([
      "LOCKFILE_UNPARSABLE error 27: cannot parse: Flow map in block collection must be sufficiently indented and end with a }",
    ]);
    // The cut-off integrity is not a sha512 digest any more, so it is not reported as one.
    expect(r.packages.find((p) => p.name === "ms")?.hashes).toBeUndefined();
  });

  it("references without a packages entry are still reported, with a warning", async () => {
    const r = await parse("dangling-ref.v9.yaml");
    expect(summarize(r.packages)).toEqual([
      "left-pad@1.3.0 10 registry",
      "debug@4.3.4 16 registry",
      "ms@2.1.2 25 registry",
    ]);
    expect(diag(r)).toEqual([
      "LOCKFILE_INCONSISTENT warning 25: ms@2.1.2: snapshot without a packages entry; reported from the key",
      "LOCKFILE_INCONSISTENT warning 10: left-pad@1.3.0: no packages entry (referenced as left-pad: 1.3.0); reported from the key",
    ]);
  });

  it("a duplicated packages key cannot hide an entry", async () => {
    const r = await parse("duplicate-key.v9.yaml");
    expect(summarize(r.packages)).toEqual(["left-pad@1.3.0 13 registry", "left-pad@6.6.6 16 url"]);
    expect(diag(r)).toEqual([
      "LOCKFILE_INCONSISTENT warning 16: left-pad@1.3.0: duplicate key in packages; every copy is read",
    ]);
  });
});

describe("pnpm-lock details", () => {
  it("integrity becomes lowercase hex; registry packages carry no resolved URL unless the file has one", async () => {
    const r = await parse("one-package.v9.yaml");
    const [p] = r.packages;
    const b64 = "5M53BsOqcReBM10CEzSaGC4lddbxUMy9v+iLQ8GPQl2d27nb8yuN8GHr8JhtKZe3H3AIIBvsdZDfCqO8lqGa6Q==";
    expect(p?.hashes).toEqual([{ algorithm: "sha512", value: Buffer.from(b64, "base64").toString("hex") }]);
    expect(p?.resolved).toBeUndefined();
    expect(p?.direct).toBe(true);
    expect(r.variant).toBe("lockfileVersion 9.0");
  });

  it.each(["v5", "v6", "v9"])("resolved URLs of non-registry sources (%s)", async (v) => {
    const git = await parse(`source-git.${v}.yaml`);
    expect(git.packages.map((p) => p.resolved)).toEqual([
      "https://codeload.github.com/kevva/is-positive/tar.gz/97edff6f525f192a3f83cea1944765f769ae2678",
      "git@git.example.com:team/private-lib.git#0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
    ]);
    const tar = await parse(`source-tarball.${v}.yaml`);
    expect(Object.fromEntries(tar.packages.map((p) => [p.name, p.resolved]))).toEqual({
      "@acme/widget": "https://npm.example.com/@acme/widget/-/widget-1.2.3.tgz",
      "tarball-pkg": "https://example.com/pkgs/tarball-pkg-1.0.0.tgz",
      "local-dir": "packages/local-dir",
      "local-pkg": "file:vendor/local-pkg-2.0.0.tgz",
    });
  });

  it.each([
    ["v5", "/debug/4.3.4", "/ms/2.1.2", "/typescript/5.4.5"],
    ["v6", "/debug@4.3.4", "/ms@2.1.2", "/typescript@5.4.5"],
    ["v9", "debug@4.3.4", "ms@2.1.2", "typescript@5.4.5"],
  ])("workspace graph: importers are roots, link: deps point at importers (%s)", async (v, debug, ms, ts) => {
    const r = await parse(`link-importer.${v}.yaml`);
    expect([...(graphOf(r)?.roots ?? [])]).toEqual([
      ["importer:.", "(root)"],
      ["importer:packages/app", "packages/app"],
      ["importer:packages/lib", "packages/lib"],
    ]);
    expect(edges(r)).toEqual({
      "importer:.": [ts],
      "importer:packages/app": [debug, "importer:packages/lib"].sort(),
      "importer:packages/lib": [ms],
      [debug]: [ms],
    });
    // Every importer dependency is direct, whichever importer declares it.
    expect(r.packages.map((p) => [p.name, p.direct, p.nodeId])).toEqual([
      ["debug", true, debug],
      ["ms", true, ms],
      ["typescript", true, ts],
    ]);
  });

  it("peer variants and patch hashes map to one node per package (v9)", async () => {
    const r = await parse("peer-suffix.v9.yaml");
    expect(edges(r)).toEqual({
      "importer:.": ["react-dom@17.0.2", "react@17.0.2", "styled-thing@1.0.0"],
      "importer:legacy": ["react@16.14.0", "styled-thing@1.0.0"],
      "react-dom@17.0.2": ["react@17.0.2"],
      "styled-thing@1.0.0": ["react-dom@17.0.2", "react@16.14.0", "react@17.0.2"],
    });
  });

  it("transitive packages are not direct; alias entries say whether the alias is", async () => {
    const r = await parse("alias.v9.yaml");
    const direct = r.packages.map((p) => `${p.alias ?? p.name}=${p.direct}`);
    expect(direct).toEqual([
      "@isaacs/cliui=true",
      "@pnpm/ramda=false",
      "react=false",
      "string-width=false",
      "string-width=false",
      "types-react=false",
      "string-width-cjs=false",
      "@types/react=true",
      "ramda=true",
      "react-17=true",
    ]);
    const cjs = r.packages.find((p) => p.alias === "string-width-cjs");
    const real = r.packages.find((p) => p.name === "string-width" && p.version === "4.2.3" && !p.alias);
    expect(cjs?.nodeId).toBe(real?.nodeId);
    expect(cjs?.hashes).toEqual(real?.hashes);
  });

  it("multi-document: both documents read, ids kept apart, env root labelled", async () => {
    const r = await parse("multi-document.v9.yaml");
    expect(r.variant).toBe("lockfileVersion 9.0 (2 documents)");
    expect([...(graphOf(r)?.roots ?? [])]).toEqual([
      ["doc1:importer:.", "(pnpm env)"],
      ["importer:.", "(root)"],
    ]);
    expect(edges(r)).toEqual({ "doc1:importer:.": ["doc1:pnpm@11.10.0"], "importer:.": ["left-pad@1.3.0"] });
  });

  it("the CanisterWorm release is reported at its own line, with a dev path from the root", async () => {
    const r = await parse("worm.v9.yaml");
    const worm = r.packages.find((p) => p.name === "@teale.io/eslint-config");
    expect(worm).toMatchObject({
      version: "1.8.9",
      source: "registry",
      direct: true,
      groups: ["dev"],
      nodeId: "@teale.io/eslint-config@1.8.9",
      location: { path: "worm.v9.yaml", line: 21 },
    });
    expect(graphOf(r)?.edges.get("importer:.")).toContain("@teale.io/eslint-config@1.8.9");
  });

  it("a BOM and CRLF line endings change nothing but the bytes", async () => {
    const text = readFileSync(join(FIXTURES, "two-packages.v6.yaml"), "utf8");
    const r = await parseText(pnpmLockParser, "pnpm-lock.yaml", `\ufeff${text.replace(/\n/g, "\r\n")}`);
    expect(summarize(r.packages)).toEqual(["debug@4.3.4 14 registry", "ms@2.1.2 26 registry"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("lockfileVersion is read as text: 5.10 is not 5.1, and an unknown major is flagged", async () => {
    const v5 = await parseText(
      pnpmLockParser,
      "p.yaml",
      "lockfileVersion: 5.10\npackages:\n  /a/1.0.0: {}\n",
    );
    expect(v5.variant).toBe("lockfileVersion 5.10");
    expect(summarize(v5.packages)).toEqual(["a@1.0.0 3 registry"]);
    const v13 = await parseText(
      pnpmLockParser,
      "p.yaml",
      "lockfileVersion: '13.0'\npackages:\n  a@1.0.0: {}\n",
    );
    expect(summarize(v13.packages)).toEqual(["a@1.0.0 3 registry"]);
    expect(diag(v13)).toEqual([
      "LOCKFILE_UNSUPPORTED error 1: unsupported lockfile: lockfileVersion 13.0 (supported: 5.x, 6.x, 9.x); read as v9",
    ]);
  });

  it("v5.4-inlineSpecifiers importers ({specifier, version}) are read like v6 ones", async () => {
    const text = [
      "lockfileVersion: 5.4-inlineSpecifiers",
      "importers:",
      "  .:",
      "    dependencies:",
      "      react-17:",
      "        specifier: npm:react@17.0.2",
      "        version: /react/17.0.2",
      "packages:",
      "  /react/17.0.2:",
      "    resolution: {integrity: sha1-+BaBwKw8LqjPCKq+6FDiuGSsCY8=}",
      "",
    ].join("\n");
    const r = await parseText(pnpmLockParser, "p.yaml", text);
    expect(summarize(r.packages)).toEqual([
      "react@17.0.2 9 registry",
      "react@17.0.2 9 registry alias=react-17",
    ]);
    expect(r.packages[0]?.hashes).toEqual([
      { algorithm: "sha1", value: "f81681c0ac3c2ea8cf08aabee850e2b864ac098f" },
    ]);
  });

  it("unreadable entries become diagnostics with their line", async () => {
    const text = [
      "lockfileVersion: '6.0'",
      "packages:",
      "  /no-version:",
      "    resolution: {integrity: sha1-+BaBwKw8LqjPCKq+6FDiuGSsCY8=}",
      "  ? [a, b]",
      "  : {}",
      "  /ok@1.0.0:",
      "    dependencies:",
      "      broken: [1, 2]",
      "",
    ].join("\n");
    const r = await parseText(pnpmLockParser, "p.yaml", text);
    expect(summarize(r.packages)).toEqual(["ok@1.0.0 7 registry"]);
    expect(diag(r)).toEqual([
      "ENTRY_SKIPPED error 3: entry /no-version skipped: not a pnpm v6 package key",
      "ENTRY_SKIPPED error 5: entry at line 5 of packages skipped: the key is not a plain string (an alias or a collection)",
      "ENTRY_SKIPPED warning 9: entry broken skipped: dependency reference is not a plain string; its edge is not recorded",
    ]);
  });

  it("never throws on any prefix of a real lockfile, and every package keeps a line", async () => {
    const text = readFileSync(join(FIXTURES, "alias.v6.yaml"), "utf8");
    for (let cut = 0; cut <= text.length; cut += 7) {
      const r = await parseText(pnpmLockParser, "p.yaml", text.slice(0, cut));
      for (const p of r.packages) expect(p.location.line).toBeGreaterThan(0);
    }
  });
});

describe("pnpm-lock registration", () => {
  it("claims pnpm-lock.yaml anywhere, and nothing else", () => {
    expect(pnpmLockParser.matches("pnpm-lock.yaml")).toBe(true);
    expect(pnpmLockParser.matches("apps/web/pnpm-lock.yaml")).toBe(true);
    expect(pnpmLockParser.matches("pnpm-workspace.yaml")).toBe(false);
    expect(pnpmLockParser.matches("pnpm-lock.yaml.bak")).toBe(false);
  });

  it("sniffs a top-level lockfileVersion key, not JSON lockfiles", () => {
    const sniff = pnpmLockParser.sniff ?? (() => false);
    expect(sniff(readFileSync(join(FIXTURES, "multi-document.v9.yaml"), "utf8"))).toBe(true);
    expect(sniff("lockfileVersion: 5.4\n")).toBe(true);
    expect(sniff('{\n  "name": "x",\n  "lockfileVersion": 3\n}\n')).toBe(false);
    expect(sniff(readFileSync(join(FIXTURES, "not-pnpm.yaml"), "utf8"))).toBe(false);
  });
});
