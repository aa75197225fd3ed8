import { graphOf } from "../../core/dependency-paths.js";
// Scenario fixtures for package-lock.json / npm-shrinkwrap.json, one per behaviour, with every
// expected package written out ("name@version line source [alias] [groups]"), plus hostile inputs
// built in code (deep nesting, escapes in names, keys the text spells differently).

import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { packageLockParser } from "./index.js";
import { MAX_V1_DEPTH } from "./read-dependencies.js";

const fixtures = fileURLToPath(new URL("./__fixtures__/", import.meta.url));

function parse(name: string): Promise<ParseResult> {
  return parseFixture(packageLockParser, join(fixtures, name), "package-lock.json");
}

function edges(r: ParseResult): Record<string, string[]> {
  return Object.fromEntries(graphOf(r)?.edges ?? []);
}

function direct(r: ParseResult): string[] {
  return r.packages.filter((p) => p.direct).map((p) => p.nodeId as string);
}

describe("package-lock: matches and sniff", () => {
  it("claims package-lock.json and npm-shrinkwrap.json anywhere, not npm's hidden lockfile", () => {
    expect(packageLockParser.matches("package-lock.json")).toBe(true);
    expect(packageLockParser.matches("apps/web/npm-shrinkwrap.json")).toBe(true);
    expect(packageLockParser.matches("node_modules/.package-lock.json")).toBe(false);
    expect(packageLockParser.matches("package-lock.json.orig")).toBe(false);
    expect(packageLockParser.matches("yarn.lock")).toBe(false);
  });

  it("sniffs npm lockfiles of every version but not bun.lock or other JSON", () => {
    expect(packageLockParser.sniff('{\n  "name": "a",\n  "lockfileVersion": 3,\n  "packages": {\n')).toBe(
      true,
    );
    expect(packageLockParser.sniff('{"lockfileVersion": 1, "dependencies": {"a": {}}}')).toBe(true);
    expect(
      packageLockParser.sniff('{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "x",'),
    ).toBe(false);
    expect(packageLockParser.sniff('{"name": "a", "dependencies": {"left-pad": "^1"}}')).toBe(false);
    expect(packageLockParser.sniff("lockfileVersion: 3\npackages: {}")).toBe(false);
  });
});

describe("package-lock: scenarios", () => {
  it("empty: one unparsable error on line 1, no packages", async () => {
    const r = await parse("empty.json");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics).toEqual([
      {
        code: "LOCKFILE_UNPARSABLE",
        severity: "error",
        message: "cannot parse: file is empty",
        location: { path: "package-lock.json", line: 1 },
      },
    ]);
  });

  it("no-packages: a lockfile of a project without dependencies says so as info, at its section", async () => {
    const v3 = await parse("no-packages.v3.json");
    expect(v3.packages).toEqual([]);
    expect(v3.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.message])).toEqual([
      [
        "NO_PACKAGES_LOCKED",
        "info",
        6,
        'locks no packages ("packages" lists no package besides the project): nothing to check',
      ],
    ]);
    // npm 6 leaves `dependencies` out when there are none.
    const v1 = await parse("no-packages.v1.json");
    expect(v1.packages).toEqual([]);
    expect(v1.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.message])).toEqual([
      [
        "NO_PACKAGES_LOCKED",
        "info",
        1,
        'locks no packages (no "packages" or "dependencies"): nothing to check',
      ],
    ]);
    const tree = await parseText(
      packageLockParser,
      "package-lock.json",
      '{\n"lockfileVersion": 1,\n"dependencies": {}\n}',
    );
    expect(tree.diagnostics.map((d) => [d.code, d.location?.line, d.message])).toEqual([
      ["NO_PACKAGES_LOCKED", 3, 'locks no packages ("dependencies" is empty): nothing to check'],
    ]);
  });

  it("not-json: one unparsable error at the offending line", async () => {
    const r = await parse("not-json.json");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([["LOCKFILE_UNPARSABLE", 1]]);
  });

  it("truncated: one unparsable error on the line where the text stops", async () => {
    const r = await parse("truncated.v3.json");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([
      ["LOCKFILE_UNPARSABLE", "error", 24],
    ]);
  });

  it("one-package v1 / v2 / v3", async () => {
    expect(summarize((await parse("one-package.v1.json")).packages)).toEqual(["left-pad@1.3.0 7 registry"]);
    // v2 also carries the legacy `dependencies` mirror; it is ignored (legacy-mirror-only is not read).
    expect(summarize((await parse("one-package.v2.json")).packages)).toEqual(["left-pad@1.3.0 14 registry"]);
    const v3 = await parse("one-package.v3.json");
    expect(summarize(v3.packages)).toEqual(["left-pad@1.3.0 14 registry"]);
    expect(v3.variant).toBe("lockfileVersion 3");
    expect(v3.diagnostics).toEqual([]);
    const [p] = v3.packages;
    expect(p?.resolved).toBe("https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz");
    // Kept as written; match-hashes compares it in SRI form.
    expect(p?.integrity).toBe(`sha512-${createHash("sha512").update("left-pad@1.3.0").digest("base64")}`);
    expect(p?.hashes).toBeUndefined();
    expect(p?.location).toEqual({ path: "package-lock.json", line: 14 });
    expect(p?.nodeId).toBe("node_modules/left-pad");
    expect(p?.direct).toBe(true);
  });

  it("two-packages v3", async () => {
    expect(summarize((await parse("two-packages.v3.json")).packages)).toEqual([
      "is-number@7.0.0 15 registry",
      "left-pad@1.3.0 23 registry",
    ]);
  });

  it("dev-optional v3: dev, optional, devOptional (both) and peer flags", async () => {
    expect(summarize((await parse("dev-optional.v3.json")).packages)).toEqual([
      "esbuild-linux-64@0.15.18 20 registry [dev,optional]",
      "fsevents@2.3.3 32 registry [optional]",
      "react@18.3.1 41 registry [peer]",
      "typescript@5.4.5 47 registry [dev]",
    ]);
  });

  it("dev-optional v1", async () => {
    expect(summarize((await parse("dev-optional.v1.json")).packages)).toEqual([
      "fsevents@1.2.13 7 registry [optional]",
      "mocha@10.4.0 13 registry [dev]",
      "nan@2.19.0 19 registry [dev,optional]",
    ]);
  });

  it("source-git v3: git source, the version field, the remote in resolved", async () => {
    const r = await parse("source-git.v3.json");
    expect(summarize(r.packages)).toEqual(["uWebSockets.js@20.44.0 14 git"]);
    expect(r.packages[0]?.resolved).toBe(
      "git+ssh://git@github.com/uNetworking/uWebSockets.js.git#d39d4181daf5b670d44cbc1b18f8c28c85fd4142",
    );
  });

  it("source-git v1: git URL and github: shorthand versions kept verbatim", async () => {
    const r = await parse("source-git.v1.json");
    expect(summarize(r.packages)).toEqual([
      "node-libcurl@git://github.com/getinsomnia/node-libcurl.git#3fc2afea435f3548eedbef9c68d3fee642dfcddb 7 git",
      "sudo-prompt@github:zvin/sudo-prompt#7cdede2f0da28fbcc2db48402d7d935f3a825c91 11 git",
    ]);
    expect(r.packages.map((p) => p.resolved)).toEqual(r.packages.map((p) => p.version));
  });

  it("source-tarball v3: a CDN tarball is a url source, a file: tarball a path source", async () => {
    const r = await parse("source-tarball.v3.json");
    expect(summarize(r.packages)).toEqual(["local-thing@1.0.0 15 path", "xlsx@0.20.2 20 url"]);
    expect(r.packages.map((p) => p.resolved)).toEqual([
      "file:vendor/local-thing-1.0.0.tgz",
      "https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz",
    ]);
  });

  it("source-tarball v1: a registry tarball URL as version gives its version; others stay verbatim", async () => {
    const r = await parse("source-tarball.v1.json");
    expect(summarize(r.packages)).toEqual([
      "eslint@7.9.0 7 registry [dev]",
      "local-thing@- 12 path",
      "xlsx@https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz 16 url",
    ]);
    expect(r.packages[0]?.resolved).toBe("https://registry.npmjs.org/eslint/-/eslint-7.9.0.tgz");
    expect(r.packages[1]?.resolved).toBe("file:vendor/local-thing-1.0.0.tgz");
    // A local package has no registry version, which is not worth a warning.
    expect(r.diagnostics).toEqual([]);
  });

  it("link v3: workspace folders and links are workspace sources, file: folders path sources", async () => {
    const r = await parse("link.v3.json");
    expect(summarize(r.packages)).toEqual([
      "shared-lib@0.1.0 17 path",
      "@mono/a@2.0.0 21 workspace",
      "shared-lib@0.1.0 25 path",
      "@mono/a@2.0.0 29 workspace",
    ]);
    expect(r.packages.map((p) => p.nodeId)).toEqual([
      "../shared-lib",
      "node_modules/@mono/a",
      "node_modules/shared-lib",
      "packages/a",
    ]);
    // The root's dependency on the link lands on the folder the link points to.
    expect(edges(r)).toEqual({ "": ["../shared-lib"] });
    expect(direct(r)).toEqual(["../shared-lib", "node_modules/shared-lib"]);
    expect([...(graphOf(r)?.roots ?? [])]).toEqual([
      ["", "mono"],
      ["packages/a", "@mono/a"],
    ]);
  });

  it("two-versions v3: one name installed at two versions, nested entry resolved first", async () => {
    const r = await parse("two-versions.v3.json");
    expect(summarize(r.packages)).toEqual([
      "debug@4.3.4 15 registry",
      "ms@2.1.2 23 registry",
      "ms@2.1.3 28 registry",
    ]);
    expect(edges(r)).toEqual({
      "": ["node_modules/debug", "node_modules/ms"],
      "node_modules/debug": ["node_modules/debug/node_modules/ms"],
    });
    expect(direct(r)).toEqual(["node_modules/debug", "node_modules/ms"]);
  });

  it("alias v3: the entry's name is the real package, the key the installed alias", async () => {
    expect(summarize((await parse("alias.v3.json")).packages)).toEqual([
      "string-width@5.1.2 15 registry",
      "string-width@4.2.3 20 registry alias=string-width-cjs",
    ]);
  });

  it("alias v1: npm:<real>@<version>", async () => {
    expect(summarize((await parse("alias.v1.json")).packages)).toEqual([
      "string-width@5.1.2 7 registry",
      "string-width@4.2.3 12 registry alias=string-width-cjs",
    ]);
  });

  it("worm: CanisterWorm releases are reported as the registry packages they are", async () => {
    expect(summarize((await parse("worm.v3.json")).packages)).toEqual([
      "@teale.io/eslint-config@1.8.9 14 registry [dev]",
    ]);
    expect(summarize((await parse("worm.v1.json")).packages)).toEqual(["opengov-k6-core@1.0.2 7 registry"]);
  });
});

describe("package-lock: dependency graph", () => {
  it("workspaces v3: roots, Node's lookup through links and nested folders, direct flags", async () => {
    const r = await parse("workspaces.v3.json");
    expect(summarize(r.packages)).toEqual([
      "@mono/a@1.0.0 17 workspace",
      "@mono/b@1.0.0 21 workspace",
      "debug@4.3.4 25 registry",
      "ms@2.1.2 33 registry",
      "lodash@4.17.21 38 registry",
      "ms@2.1.3 44 registry",
      "typescript@5.4.5 49 registry [dev]",
      "@mono/a@1.0.0 55 workspace",
      "lodash@3.10.1 63 registry",
      "@mono/b@1.0.0 68 workspace",
    ]);
    expect([...(graphOf(r)?.roots ?? [])]).toEqual([
      ["", "mono"],
      ["packages/a", "@mono/a"],
      ["packages/b", "@mono/b"],
    ]);
    expect(edges(r)).toEqual({
      "": ["node_modules/typescript"],
      "node_modules/debug": ["node_modules/debug/node_modules/ms"],
      // @mono/b via its link; lodash from the workspace's own node_modules before the root's.
      "packages/a": ["packages/b", "packages/a/node_modules/lodash"],
      "packages/b": ["node_modules/debug", "node_modules/ms"],
    });
    expect(direct(r)).toEqual([
      "node_modules/@mono/b",
      "node_modules/debug",
      "node_modules/ms",
      "node_modules/typescript",
      "packages/a/node_modules/lodash",
      "packages/b",
    ]);
  });

  it("v1: edges from `requires`, direct dependencies from the package.json beside the lockfile", async () => {
    const r = await parseFixture(packageLockParser, join(fixtures, "graph-v1/package-lock.json"));
    expect(summarize(r.packages)).toEqual([
      "a@1.0.0 7 registry",
      "b@2.0.0 15 registry",
      "c@1.5.0 23 registry",
      "c@3.0.0 30 registry",
      "d@1.0.0 35 registry [dev]",
    ]);
    expect(r.related).toEqual(["package.json"]);
    expect(edges(r)).toEqual({
      "": ["node_modules/a", "node_modules/d"],
      "node_modules/a": ["node_modules/b"],
      "node_modules/b": ["node_modules/b/node_modules/c"],
      "node_modules/d": ["node_modules/c"],
    });
    expect(direct(r)).toEqual(["node_modules/a", "node_modules/d"]);
  });

  it("v1 without package.json: the root reaches what nothing else requires; direct stays unset", async () => {
    const r = await parseFixture(
      packageLockParser,
      join(fixtures, "graph-v1/package-lock.json"),
      "sub/package-lock.json",
    );
    expect(r.related).toBeUndefined();
    expect(graphOf(r)?.edges.get("")).toEqual(["node_modules/a", "node_modules/d"]);
    expect(r.packages.map((p) => p.direct)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe("package-lock: hostile and damaged input", () => {
  const v3 = (packages: string) =>
    `{\n  "lockfileVersion": 3,\n  "packages": {\n    "": { "name": "app" },\n${packages}\n  }\n}\n`;

  it("keeps escapes and newlines in names as data, and still finds their lines", async () => {
    const key = "node_modules/evil\u001b[31m\nname";
    const r = await parseText(
      packageLockParser,
      "package-lock.json",
      v3(`    ${JSON.stringify(key)}: {\n      "version": "1.0.0"\n    }`),
    );
    expect(r.packages.map((p) => [p.name, p.location.line])).toEqual([["evil\u001b[31m\nname", 5]]);
  });

  it("a key the text spells with escapes gets its nearest ancestor's line, never dropped", async () => {
    const r = await parseText(
      packageLockParser,
      "package-lock.json",
      v3(
        '    "node_modules/a": {\n      "version": "1.0.0"\n    },\n' +
          '    "node_modules/a/node_modules\\/b": {\n      "version": "2.0.0"\n    }',
      ),
    );
    expect(summarize(r.packages)).toEqual(["a@1.0.0 5 registry", "b@2.0.0 5 registry"]);
  });

  it("v1: a numeric package name (enumerated first by JSON.parse) keeps everyone's lines right", async () => {
    const text = [
      "{",
      '  "lockfileVersion": 1,',
      '  "dependencies": {',
      '    "alpha": { "version": "1.0.0" },',
      '    "123": { "version": "2.0.0" },',
      '    "omega": { "version": "3.0.0" }',
      "  }",
      "}",
    ].join("\n");
    const r = await parseText(packageLockParser, "package-lock.json", text);
    expect(summarize(r.packages)).toEqual([
      "alpha@1.0.0 4 registry",
      "123@2.0.0 5 registry",
      "omega@3.0.0 6 registry",
    ]);
  });

  it(`v1: nesting deeper than ${MAX_V1_DEPTH} levels is cut with a diagnostic, not recursed`, async () => {
    let deps: Record<string, unknown> = {};
    const top = deps;
    for (let i = 0; i < MAX_V1_DEPTH + 50; i++) {
      const inner: Record<string, unknown> = {};
      deps[`p${i}`] = { version: "1.0.0", dependencies: inner };
      deps = inner;
    }
    const text = JSON.stringify({ lockfileVersion: 1, dependencies: top }, null, 1);
    const r = await parseText(packageLockParser, "package-lock.json", text);
    expect(r.packages.length).toBe(MAX_V1_DEPTH);
    expect(r.packages.map((p) => p.location.line)).toEqual(
      Array.from({ length: MAX_V1_DEPTH }, (_, i) => 4 + 3 * i),
    );
    expect(r.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ["ENTRY_SKIPPED", 4 + 3 * (MAX_V1_DEPTH - 1)],
    ]);
  });

  it("JSON nested 100k levels deep inside an entry is fine", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const r = await parseText(
      packageLockParser,
      "package-lock.json",
      v3(`    "node_modules/a": {\n      "version": "1.0.0",\n      "x": ${deep}\n    }`),
    );
    expect(summarize(r.packages)).toEqual(["a@1.0.0 5 registry"]);
  });

  it("a non-object entry is skipped with a diagnostic; a missing version is reported, not dropped", async () => {
    const r = await parseText(
      packageLockParser,
      "package-lock.json",
      v3('    "node_modules/a": "garbage",\n    "node_modules/b": {\n      "dev": true\n    }'),
    );
    expect(summarize(r.packages)).toEqual(["b@- 6 registry [dev]"]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([
      ["ENTRY_SKIPPED", "error", 5],
      ["VERSION_MISSING", "warning", 6],
    ]);
  });

  it("an unknown lockfileVersion is still read, and said so", async () => {
    const r = await parseText(
      packageLockParser,
      "package-lock.json",
      '{\n  "lockfileVersion": 9,\n  "packages": {\n    "node_modules/a": { "version": "1.0.0" }\n  }\n}',
    );
    expect(summarize(r.packages)).toEqual(["a@1.0.0 4 registry"]);
    expect(r.variant).toBe("lockfileVersion 9 (unknown; read from packages)");
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([
      ["GENERIC", "info", 2],
    ]);
  });

  it("a top level that is not an object is unparsable", async () => {
    const r = await parseText(packageLockParser, "package-lock.json", "[1, 2, 3]");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["LOCKFILE_UNPARSABLE", "cannot parse: the top level is not a JSON object"],
    ]);
  });

  it("a link installed under another name than its folder's package is an alias, still local", async () => {
    const r = await parseText(
      packageLockParser,
      "package-lock.json",
      v3(
        '    "../bar": {\n      "name": "bar",\n      "version": "0.1.0"\n    },\n' +
          '    "node_modules/foo": {\n      "resolved": "../bar",\n      "link": true\n    }',
      ),
    );
    expect(summarize(r.packages)).toEqual(["bar@0.1.0 5 path", "bar@0.1.0 9 path alias=foo"]);
  });

  it("a BOM is not an error", async () => {
    const r = await parseText(
      packageLockParser,
      "package-lock.json",
      `\ufeff${v3('    "node_modules/a": { "version": "1.0.0" }')}`,
    );
    expect(summarize(r.packages)).toEqual(["a@1.0.0 5 registry"]);
  });
});
