import { graphOf } from "../../core/dependency-paths.js";
// Scenario fixtures for yarn.lock, classic (v1) and berry, one per behaviour, with every expected
// package written out ("name@version line source [alias] [groups]"), plus hostile and damaged
// inputs built in code (duplicate keys, truncation, escapes in names, YAML alias bombs).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sriToHex } from "../../core/text.js";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { yarnLockParser } from "./index.js";

const FIXTURES = fileURLToPath(new URL("./__fixtures__/", import.meta.url));

function parse(file: string): Promise<ParseResult> {
  return parseFixture(yarnLockParser, join(FIXTURES, file), "yarn.lock");
}

function text(file: string): string {
  return readFileSync(join(FIXTURES, file), "utf8");
}

function diag(r: ParseResult): Array<{ code: string; line: number | undefined }> {
  return r.diagnostics.map((d) => ({ code: d.code, line: d.location?.line }));
}

function edges(r: ParseResult): Record<string, string[]> {
  return Object.fromEntries(graphOf(r)?.edges ?? []);
}

const BERRY_HEAD = "__metadata:\n  version: 8\n  cacheKey: 10c0\n";

describe("yarn-lock: matches and sniff", () => {
  it("claims yarn.lock anywhere and nothing else", () => {
    expect(yarnLockParser.matches("yarn.lock")).toBe(true);
    expect(yarnLockParser.matches("apps/web/yarn.lock")).toBe(true);
    expect(yarnLockParser.matches("yarn.lock.orig")).toBe(false);
    expect(yarnLockParser.matches("package-lock.json")).toBe(false);
    expect(yarnLockParser.matches("my-yarn.lock")).toBe(false);
  });

  it("sniffs both dialects, not other lockfiles", () => {
    expect(yarnLockParser.sniff(text("two-packages.v1.lock"))).toBe(true);
    expect(yarnLockParser.sniff(text("two-packages.berry.lock"))).toBe(true);
    expect(yarnLockParser.sniff(`\ufeff${text("one-package.berry.lock")}`)).toBe(true);
    expect(yarnLockParser.sniff(text("not-yarn.json"))).toBe(false);
    expect(yarnLockParser.sniff(text("not-yarn.yaml"))).toBe(false);
    expect(yarnLockParser.sniff("lockfileVersion: '9.0'\npackages: {}\n")).toBe(false);
  });
});

const CLEAN: Array<[string, string[]]> = [
  ["one-package.v1.lock", ["left-pad@1.3.0 5 registry"]],
  ["one-package.berry.lock", ["app@0.0.0-use.local 8 workspace", "left-pad@1.3.0 16 registry"]],
  // `ms@2.1.2, ms@^2.1.1` is one entry, so one package.
  ["two-packages.v1.lock", ["debug@4.3.4 5 registry", "ms@2.1.2 12 registry"]],
  [
    "two-packages.berry.lock",
    ["app@0.0.0-use.local 8 workspace", "debug@4.3.4 16 registry", "ms@2.1.2 28 registry"],
  ],
  ["two-versions.v1.lock", ["lodash@3.10.1 5 registry", "lodash@4.17.21 10 registry"]],
  [
    "two-versions.berry.lock",
    [
      "app@0.0.0-use.local 8 workspace",
      "legacy@1.0.0 17 registry",
      "lodash@3.10.1 26 registry",
      "lodash@4.17.21 33 registry",
    ],
  ],
  [
    "alias.v1.lock",
    [
      "@babel/core@8.0.0 5 registry alias=@babel-8/core",
      "string-width@4.2.3 10 registry",
      "string-width@4.2.3 10 registry alias=string-width-cjs",
    ],
  ],
  [
    "alias.berry.lock",
    [
      "@babel/core@8.0.0 8 registry alias=@babel-8/core",
      "react-is@18.3.1 15 registry",
      "react-is@18.3.1 15 registry alias=@jest/react-is-18",
      "app@0.0.0-use.local 22 workspace",
      "string-width@4.2.3 33 registry",
      "string-width@4.2.3 33 registry alias=string-width-cjs",
    ],
  ],
  ["source-git.v1.lock", ["my-lib@1.2.0 5 git", "shorty@0.3.0 9 git", "bare@2.0.0 13 git"]],
  [
    "source-git.berry.lock",
    ["app@0.0.0-use.local 8 workspace", "my-lib@1.2.0 17 git", "shorty@0.3.0 24 git"],
  ],
  ["source-tarball.v1.lock", ["linked@0.0.0 5 path", "local@0.1.0 8 path", "tarball@1.0.0 11 url"]],
  [
    "source-tarball.berry.lock",
    [
      "app@0.0.0-use.local 8 workspace",
      "linked@0.0.0-use.local 19 path",
      "local@0.1.0 25 path",
      "portal@0.0.0-use.local 32 path",
      "tarball@1.0.0 38 url",
    ],
  ],
  ["worm.v1.lock", ["@teale.io/eslint-config@1.8.9 6 registry", "eslint@8.57.0 11 registry"]],
  [
    "worm.berry.lock",
    [
      "@teale.io/eslint-config@1.8.9 9 registry",
      "app@0.0.0-use.local 18 workspace",
      "eslint@8.57.0 27 registry",
    ],
  ],
  [
    // package.json: a dependency, b devDependency, c optionalDependency; a→d,g(optional); b→d,e,h(optional); c→f.
    "dev-optional.v1/yarn.lock",
    [
      "a@1.0.0 7 registry",
      "b@1.0.0 15 registry [dev]",
      "c@1.0.0 24 registry [optional]",
      "d@1.0.0 30 registry",
      "e@1.0.0 34 registry [dev]",
      "f@1.0.0 38 registry [optional]",
      "g@1.0.0 42 registry [optional]",
      "h@1.0.0 46 registry [dev,optional]",
    ],
  ],
  [
    "dev-optional.berry/yarn.lock",
    [
      "a@1.0.0 10 registry",
      "app@0.0.0-use.local 23 workspace",
      "b@1.0.0 36 registry [dev]",
      "c@1.0.0 50 registry [optional]",
      "d@1.0.0 59 registry",
      "e@1.0.0 66 registry [dev]",
      "f@1.0.0 73 registry [optional]",
      "g@1.0.0 80 registry [optional]",
      "h@1.0.0 87 registry [dev,optional]",
    ],
  ],
  [
    "workspace.berry/yarn.lock",
    [
      "@acme/a@0.0.0-use.local 9 workspace",
      "@acme/b@0.0.0-use.local 18 workspace",
      "jest@29.7.0 27 registry [dev]",
      "left-pad@1.3.0 34 registry",
      "monorepo@0.0.0-use.local 41 workspace",
      "ms@2.1.3 47 registry",
    ],
  ],
  [
    // Patched copies report the package they patch: the pairs repeat the plain entries'.
    "patch.berry/yarn.lock",
    [
      "app@0.0.0-use.local 7 workspace",
      "lru-cache@10.4.3 17 registry",
      "lru-cache@10.4.3 24 registry",
      "resolve@1.22.8 31 registry",
      "resolve@1.22.8 38 registry",
      "typescript@5.4.5 45 registry",
      "typescript@5.4.5 54 registry",
    ],
  ],
];

describe("yarn-lock: scenarios", () => {
  it.each(CLEAN)("%s", async (file, expected) => {
    const r = await parse(file);
    expect(summarize(r.packages)).toEqual(expected);
    expect(r.diagnostics).toEqual([]);
    for (const p of r.packages) {
      expect(p.ecosystem).toBe("npm");
      expect(p.location.path).toBe("yarn.lock");
      expect(p.nodeId).toBeTruthy();
    }
  });

  it("a zero-byte file: nothing locked, nothing said", async () => {
    const r = await parse("empty.v1.lock");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it("lockfiles without entries lock nothing, and say so as info", async () => {
    const berry = await parse("empty.berry.lock");
    expect(berry.packages).toEqual([]);
    expect(berry.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.message])).toEqual([
      ["NO_PACKAGES_LOCKED", "info", 4, "locks no packages (only __metadata, no entries): nothing to check"],
    ]);
    const classic = await parse("no-entries.v1.lock");
    expect(classic.packages).toEqual([]);
    expect(classic.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.message])).toEqual([
      ["NO_PACKAGES_LOCKED", "info", 1, "locks no packages (no entries): nothing to check"],
    ]);
    expect(classic.variant).toBe("classic (v1)");
    // A comment-only file is read as classic (yarn accepts a missing marker line): the same note.
    const comment = await parseText(yarnLockParser, "yarn.lock", "#1");
    expect(diag(comment)).toEqual([{ code: "NO_PACKAGES_LOCKED", line: 1 }]);
  });

  it("a JSON file is reported as unparsable at its first line, not guessed at", async () => {
    const r = await parse("not-yarn.json");
    expect(r.packages).toEqual([]);
    expect(diag(r)).toEqual([{ code: "LOCKFILE_UNPARSABLE", line: 1 }]);
  });

  it("YAML without __metadata is not berry: read as classic, it fails on its first entry", async () => {
    const r = await parse("not-yarn.yaml");
    expect(r.packages).toEqual([]);
    expect(diag(r)).toEqual([{ code: "LOCKFILE_UNPARSABLE", line: 2 }]);
  });

  it("names the dialect and berry's metadata version", async () => {
    expect((await parse("two-packages.v1.lock")).variant).toBe("classic (v1)");
    expect((await parse("two-packages.berry.lock")).variant).toBe("berry (__metadata.version 8)");
    const v4 = await parseText(yarnLockParser, "yarn.lock", BERRY_HEAD.replace("8", "4"));
    expect(v4.variant).toBe("berry (__metadata.version 4)");
  });
});

describe("yarn-lock: hashes and resolved", () => {
  it("classic: integrity as hex, plus the sha1 yarn appends to the registry URL", async () => {
    const [p] = (await parse("one-package.v1.lock")).packages;
    const sri =
      "sha512-Y3PcnF9azdy3mf0w+8oU0PIbzicJMix5z9Oj+q1eA/+GBYOM7BfH2L3wqb+gGMFGRDlkRmmrXMgoNlJKDEbBrA==";
    expect(p?.resolved).toBe(
      "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#4170810bde35908c896e040a153857c4c2aa1ac2",
    );
    expect(p?.hashes).toEqual([
      ...sriToHex(sri),
      { algorithm: "sha1", value: "4170810bde35908c896e040a153857c4c2aa1ac2" },
    ]);
  });

  it("classic: a git resolved URL ends in a commit id, which is not an artifact hash", async () => {
    const [lib] = (await parse("source-git.v1.lock")).packages;
    expect(lib?.resolved).toBe(
      "git+https://github.com/acme/my-lib.git#0123456789abcdef0123456789abcdef01234567",
    );
    expect(lib?.hashes).toBeUndefined();
  });

  it("berry: the checksum hashes yarn's zip, so no hash is reported; git and tarball keep their reference", async () => {
    const one = await parse("one-package.berry.lock");
    for (const p of one.packages) expect(p.hashes).toBeUndefined();
    const git = await parse("source-git.berry.lock");
    expect(git.packages.find((p) => p.name === "my-lib")?.resolved).toBe(
      "https://github.com/acme/my-lib.git#commit=0123456789abcdef0123456789abcdef01234567",
    );
    const tar = await parse("source-tarball.berry.lock");
    expect(tar.packages.find((p) => p.name === "tarball")?.resolved).toBe(
      "https://example.com/packages/tarball-1.0.0.tgz",
    );
  });
});

describe("yarn-lock: graph", () => {
  it("classic without package.json: edges, but no roots and no direct flags", async () => {
    const r = await parse("two-packages.v1.lock");
    expect(edges(r)).toEqual({ "debug@^4.3.4": ["ms@2.1.2, ms@^2.1.1"] });
    expect(graphOf(r)?.roots.size).toBe(0);
    expect(r.packages.map((p) => p.direct)).toEqual([undefined, undefined]);
    expect(r.related).toBeUndefined();
  });

  it("classic with package.json: the manifest is the root and marks direct dependencies", async () => {
    const r = await parse("dev-optional.v1/yarn.lock");
    expect([...(graphOf(r)?.roots ?? [])]).toEqual([["package.json", "dev-optional-app"]]);
    expect(edges(r)["package.json"]).toEqual(["a@^1.0.0", "b@^1.0.0", "c@^1.0.0"]);
    expect(edges(r)["b@^1.0.0"]).toEqual(["d@^1.0.0", "e@^1.0.0", "h@^1.0.0"]);
    expect(r.packages.filter((p) => p.direct).map((p) => p.name)).toEqual(["a", "b", "c"]);
    expect(r.packages.filter((p) => p.direct === false).map((p) => p.name)).toEqual([
      "d",
      "e",
      "f",
      "g",
      "h",
    ]);
    expect(r.related).toEqual(["package.json"]);
  });

  it("classic workspaces: members' manifests are unknown, so only direct: true and no groups", async () => {
    const lock = text("dev-optional.v1/yarn.lock");
    const manifest = JSON.stringify({
      name: "mono",
      workspaces: ["packages/*"],
      devDependencies: { b: "^1.0.0" },
    });
    const r = await yarnLockParser.parse({
      path: "yarn.lock",
      content: lock,
      readRelated: (_from, rel) => ({ ok: true, path: rel, content: manifest }),
    });
    expect(r.packages.filter((p) => p.direct).map((p) => p.name)).toEqual(["b"]);
    expect(r.packages.filter((p) => p.direct === false)).toEqual([]);
    expect(r.packages.filter((p) => p.groups)).toEqual([]);
  });

  it("berry: every workspace is a root labelled with its name; workspace-to-workspace edges count", async () => {
    const r = await parse("workspace.berry/yarn.lock");
    expect([...(graphOf(r)?.roots ?? [])]).toEqual([
      ["@acme/a@workspace:packages/a", "@acme/a"],
      ["@acme/b@workspace:^, @acme/b@workspace:packages/b", "@acme/b"],
      ["monorepo@workspace:.", "monorepo"],
    ]);
    expect(edges(r)["@acme/a@workspace:packages/a"]).toEqual([
      "@acme/b@workspace:^, @acme/b@workspace:packages/b",
      "left-pad@npm:^1.3.0",
    ]);
    expect(r.related).toEqual(["package.json", "packages/a/package.json", "packages/b/package.json"]);
    expect(r.packages.find((p) => p.name === "jest")).toMatchObject({ direct: true, groups: ["dev"] });
  });

  it("berry: a patched descriptor leads to both entries, and the patch to the entry it wraps", async () => {
    const r = await parse("patch.berry/yarn.lock");
    const e = edges(r);
    const patchedResolve = "resolve@patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>";
    expect(e["app@workspace:."]).toContain("resolve@npm:^1.22.0");
    expect(e["app@workspace:."]).toContain(patchedResolve);
    expect(e[patchedResolve]).toEqual(["resolve@npm:^1.22.0"]);
    // lru-cache@npm:^10.2.0 has no key: package.json resolutions sent it to the project's patch.
    const patchedLru =
      "lru-cache@patch:lru-cache@npm:10.4.3#./.yarn/patches/lru-cache-npm-10.4.3-30c10b861a.patch::locator=app%40workspace%3A.";
    expect(e["app@workspace:."]).toContain(patchedLru);
    expect(e[patchedLru]).toEqual(["lru-cache@npm:10.4.3"]);
    expect(r.packages.filter((p) => p.name === "lru-cache").map((p) => p.direct)).toEqual([false, true]);
  });

  it("the CanisterWorm pin is reported with its line, as a direct dependency of the workspace", async () => {
    const berry = await parse("worm.berry.lock");
    expect(berry.packages.find((p) => p.name === "@teale.io/eslint-config")).toMatchObject({
      version: "1.8.9",
      source: "registry",
      direct: true,
      nodeId: "@teale.io/eslint-config@npm:^1.8.8",
      location: { path: "yarn.lock", line: 9 },
    });
    const classic = await parse("worm.v1.lock");
    expect(classic.packages[0]).toMatchObject({
      name: "@teale.io/eslint-config",
      version: "1.8.9",
      location: { path: "yarn.lock", line: 6 },
    });
  });
});

describe("yarn-lock: damaged and hostile input", () => {
  it("a repeated key: the library keeps the last one, the earlier one is reported at its line", async () => {
    const classic =
      '# yarn lockfile v1\n\nevil@^1.0.0:\n  version "1.0.0"\n\nevil@^1.0.0:\n  version "1.0.1"\n';
    const c = await parseText(yarnLockParser, "yarn.lock", classic);
    expect(summarize(c.packages)).toEqual(["evil@1.0.1 6 registry"]);
    expect(diag(c)).toEqual([{ code: "ENTRY_SKIPPED", line: 3 }]);
    expect(c.diagnostics[0]?.message).toContain("line 6");

    const entry = (v: string) => `"evil@npm:^1.0.0":\n  version: ${v}\n  resolution: "evil@npm:${v}"\n`;
    const b = await parseText(
      yarnLockParser,
      "yarn.lock",
      `${BERRY_HEAD}\n${entry("1.0.0")}\n${entry("1.0.1")}`,
    );
    expect(summarize(b.packages)).toEqual(["evil@1.0.1 9 registry"]);
    expect(diag(b)).toEqual([{ code: "ENTRY_SKIPPED", line: 5 }]);
  });

  it("a truncated classic file: the entries before the damage are read, the rest is reported", async () => {
    const full = text("two-packages.v1.lock");
    const cut = full.slice(0, full.indexOf("ms/-/ms-2.1.2"));
    const r = await parseText(yarnLockParser, "yarn.lock", cut);
    expect(summarize(r.packages)).toEqual(["debug@4.3.4 5 registry"]);
    expect(diag(r)).toEqual([{ code: "LOCKFILE_UNPARSABLE", line: 14 }]);
    expect(r.diagnostics[0]?.message).toContain("1 of 2 entries (from line 12 on) were not read");
  });

  it("a truncated berry file: the same; cut inside a field name, the last entry is reported", async () => {
    const full = text("two-packages.berry.lock");
    const inString = full.slice(0, full.indexOf('resolution: "ms@npm') + 20);
    const r = await parseText(yarnLockParser, "yarn.lock", inString);
    expect(summarize(r.packages)).toEqual(["app@0.0.0-use.local 8 workspace", "debug@4.3.4 16 registry"]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["LOCKFILE_UNPARSABLE"]);
    expect(r.diagnostics[0]?.message).toContain("1 of 3 entries (from line 28 on) were not read");
    // `  versio` is valid YAML: the entry's value is that string, which is no entry.
    const inKey = full.slice(0, full.indexOf("  version: 2.1.2") + 8);
    const k = await parseText(yarnLockParser, "yarn.lock", inKey);
    expect(summarize(k.packages)).toEqual(["app@0.0.0-use.local 8 workspace", "debug@4.3.4 16 registry"]);
    expect(diag(k)).toEqual([{ code: "ENTRY_SKIPPED", line: 28 }]);
  });

  it("escapes and newlines in names are kept as data, on the right lines", async () => {
    const berry = `${BERRY_HEAD}\n"\\e[2Jevil@npm:1.0.0":\n  version: 1.0.0\n  resolution: "\\e[2Jevil@npm:1.0.0"\n\n"multi\\nline@npm:2.0.0":\n  version: 2.0.0\n  resolution: "multi\\nline@npm:2.0.0"\n`;
    const b = await parseText(yarnLockParser, "yarn.lock", berry);
    expect(summarize(b.packages)).toEqual(["\u001b[2Jevil@1.0.0 5 registry", "multi\nline@2.0.0 9 registry"]);
    expect(b.diagnostics).toEqual([]);
    const classic = '# yarn lockfile v1\n\n"\\u001b[2Jevil@^1":\n  version "1.0.0"\n';
    const c = await parseText(yarnLockParser, "yarn.lock", classic);
    expect(summarize(c.packages)).toEqual(["\u001b[2Jevil@1.0.0 3 registry"]);
  });

  it("other key spellings: single quotes and YAML explicit keys (yarn writes those past 1024 characters)", async () => {
    const long = `x${"y".repeat(1100)}`;
    const berry = `${BERRY_HEAD}\n? "${long}@npm:1.0.0"\n:\n  version: 1.0.0\n  resolution: "${long}@npm:1.0.0"\n\n'left-pad@npm:^1.3.0':\n  version: 1.3.0\n  resolution: "left-pad@npm:1.3.0"\n`;
    const r = await parseText(yarnLockParser, "yarn.lock", berry);
    expect(summarize(r.packages)).toEqual([`${long}@1.0.0 5 registry`, "left-pad@1.3.0 10 registry"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("a BOM, CRLF or bare CR line endings change nothing but the bytes", async () => {
    for (const file of ["two-packages.v1.lock", "two-packages.berry.lock"]) {
      const expected = summarize((await parse(file)).packages);
      const crlf = await parseText(yarnLockParser, "yarn.lock", `\ufeff${text(file).replace(/\n/g, "\r\n")}`);
      expect(summarize(crlf.packages)).toEqual(expected);
      expect(crlf.diagnostics).toEqual([]);
    }
    const cr = await parseText(
      yarnLockParser,
      "yarn.lock",
      text("two-packages.v1.lock").replace(/\n/g, "\r"),
    );
    expect(summarize(cr.packages)).toEqual(["debug@4.3.4 5 registry", "ms@2.1.2 12 registry"]);
  });

  it("a classic file without its marker line is still read as classic", async () => {
    const body = text("two-packages.v1.lock").split("\n").slice(3).join("\n");
    const r = await parseText(yarnLockParser, "yarn.lock", body);
    expect(summarize(r.packages)).toEqual(["debug@4.3.4 2 registry", "ms@2.1.2 9 registry"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("a berry version that disagrees with the resolution: the resolution is what yarn installs", async () => {
    const berry = `${BERRY_HEAD}\n"evil@npm:^1.0.0":\n  version: 1.0.1\n  resolution: "evil@npm:1.8.9"\n`;
    const r = await parseText(yarnLockParser, "yarn.lock", berry);
    expect(summarize(r.packages)).toEqual(["evil@1.8.9 5 registry"]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([
      ["GENERIC", "warning", 5],
    ]);
  });

  it("entries without a version or without fields are reported, not dropped", async () => {
    const classic =
      '# yarn lockfile v1\n\nnoversion@^1:\n  resolved "https://example.com/x.tgz"\n\n"local@file:./x":\n  resolved "file:./x"\n';
    const r = await parseText(yarnLockParser, "yarn.lock", classic);
    expect(summarize(r.packages)).toEqual(["local@- 6 path"]);
    expect(diag(r)).toEqual([{ code: "ENTRY_SKIPPED", line: 3 }]);
    const berry = await parseText(yarnLockParser, "yarn.lock", `${BERRY_HEAD}\n"scalar@npm:1": oops\n`);
    expect(diag(berry)).toEqual([{ code: "ENTRY_SKIPPED", line: 5 }]);
  });

  it("a classic __proto__ key cannot lend an entry fields, and is reported", async () => {
    const classic =
      '# yarn lockfile v1\n\n__proto__:\n  version "6.6.6"\n\na@^1:\n  __proto__:\n    version "6.6.6"\n  resolved "x"\n';
    const r = await parseText(yarnLockParser, "yarn.lock", classic);
    expect(r.packages).toEqual([]);
    expect(diag(r)).toEqual([
      { code: "ENTRY_SKIPPED", line: 3 },
      { code: "ENTRY_SKIPPED", line: 6 },
    ]);
  });

  it("a YAML alias bomb: the graph stops at its budget and says so", async () => {
    const names = Array.from({ length: 300 }, (_, i) => `p${i}`);
    const deps = names.map((n) => `    ${n}: "npm:1.0.0"`).join("\n");
    const targets = names
      .map((n) => `"${n}@npm:1.0.0":\n  version: 1.0.0\n  resolution: "${n}@npm:1.0.0"\n`)
      .join("\n");
    const users = Array.from(
      { length: 3000 },
      (_, i) =>
        `"u${i}@npm:1.0.0":\n  version: 1.0.0\n  resolution: "u${i}@npm:1.0.0"\n  dependencies: *deps\n`,
    ).join("\n");
    const bomb = `${BERRY_HEAD}\n"root@npm:1.0.0":\n  version: 1.0.0\n  resolution: "root@npm:1.0.0"\n  dependencies: &deps\n${deps}\n\n${targets}\n${users}`;
    const r = await parseText(yarnLockParser, "yarn.lock", bomb);
    expect(r.packages).toHaveLength(3301);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([["GENERIC", "warning"]]);
    const edgeCount = [...(graphOf(r)?.edges.values() ?? [])].reduce((n, list) => n + list.length, 0);
    expect(edgeCount).toBeLessThanOrEqual(bomb.length / 4 + 1000);
  });

  it("never throws on damaged real input, and every package keeps a line inside the file", async () => {
    const sources = [
      "alias.v1.lock",
      "patch.berry/yarn.lock",
      "dev-optional.berry/yarn.lock",
      "source-git.v1.lock",
    ].map(text);
    const damage = fc.record({
      source: fc.constantFrom(...sources),
      at: fc.nat(),
      cut: fc.nat({ max: 40 }),
      insert: fc.constantFrom("", '"', ":", "\n", "  ", "&a ", "*a", ", x@^1", "\\", "#", "\u0000", "- "),
    });
    await fc.assert(
      fc.asyncProperty(damage, async ({ source, at, cut, insert }) => {
        const i = at % (source.length + 1);
        const content = source.slice(0, i) + insert + source.slice(i + cut);
        const r = await parseText(yarnLockParser, "yarn.lock", content);
        const lines = content.split(/\r\n|\r|\n/).length;
        for (const p of r.packages) {
          expect(p.location.path).toBe("yarn.lock");
          if (p.location.line !== undefined) expect(p.location.line).toBeLessThanOrEqual(lines);
        }
        for (const d of r.diagnostics) expect(d.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
