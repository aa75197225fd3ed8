import { graphOf } from "../../core/dependency-paths.js";
// Scenario fixtures for bun.lock, one per behaviour, with every expected package written out
// ("name@version line source [alias] [groups]"), plus bun.lockb and hostile inputs built in code.

import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { splitKey } from "./graph.js";
import { bunLockParser } from "./index.js";

const fixtures = fileURLToPath(new URL("./__fixtures__/", import.meta.url));

function parse(name: string, asPath = "bun.lock"): Promise<ParseResult> {
  return parseFixture(bunLockParser, join(fixtures, name), asPath);
}

function edges(r: ParseResult): Record<string, string[]> {
  return Object.fromEntries(graphOf(r)?.edges ?? []);
}

function direct(r: ParseResult): string[] {
  return r.packages.filter((p) => p.direct).map((p) => p.nodeId as string);
}

describe("bun-lock: matches and sniff", () => {
  it("claims bun.lock and bun.lockb", () => {
    expect(bunLockParser.matches("bun.lock")).toBe(true);
    expect(bunLockParser.matches("apps/web/bun.lockb")).toBe(true);
    expect(bunLockParser.matches("bun.lock.json")).toBe(false);
    expect(bunLockParser.matches("package-lock.json")).toBe(false);
  });

  it("sniffs bun.lock but not package-lock.json", () => {
    expect(
      bunLockParser.sniff('{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "a",'),
    ).toBe(true);
    expect(
      bunLockParser.sniff('{\n  "name": "a",\n  "lockfileVersion": 3,\n  "packages": {\n    "": {'),
    ).toBe(false);
  });
});

describe("bun-lock: scenarios", () => {
  it("empty: one unparsable error on line 1", async () => {
    const r = await parse("empty.lock");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.location?.line])).toEqual([
      ["LOCKFILE_UNPARSABLE", "cannot parse: file is empty", 1],
    ]);
  });

  it("no-packages: a project without dependencies locks nothing, said as info at `packages`", async () => {
    const r = await parse("no-packages.lock");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.message])).toEqual([
      [
        "NO_PACKAGES_LOCKED",
        "info",
        8,
        'locks no packages ("packages" lists no package besides the project): nothing to check',
      ],
    ]);
  });

  it("missing-workspace-dep: a workspace dependency with no packages entry is a warning at its line", async () => {
    const r = await parse("missing-workspace-dep.lock");
    expect(summarize(r.packages)).toEqual([
      "@app/a@1.0.0 28 workspace",
      "typescript@5.4.5 30 registry [dev]",
    ]);
    // react is an optional peer: bun installs it only when something else does, so it is not missing.
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.message])).toEqual([
      [
        "LOCKFILE_INCONSISTENT",
        "warning",
        7,
        '"left-pad" (a dependency of the root workspace): no entry in packages, so no version is locked; not scanned',
      ],
      [
        "LOCKFILE_INCONSISTENT",
        "warning",
        23,
        '"lodash" (a dependency of workspace "packages/a"): no entry in packages, so no version is locked; not scanned',
      ],
    ]);
  });

  it("JSON with neither workspaces nor packages is not a bun.lock: an error", async () => {
    const r = await parseText(bunLockParser, "bun.lock", '{"lockfileVersion": 1}');
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ["LOCKFILE_UNPARSABLE", "error", 'cannot parse: not a bun.lock: no "workspaces" and no "packages"'],
    ]);
    // Workspaces and no `packages` at all: a bun.lock, of nothing.
    const bare = await parseText(
      bunLockParser,
      "bun.lock",
      '{"lockfileVersion": 1, "workspaces": {"": {"name": "a"}}}',
    );
    expect(bare.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ["NO_PACKAGES_LOCKED", "info", 'locks no packages (no "packages"): nothing to check'],
    ]);
  });

  it("not-json: one unparsable error at the offending line", async () => {
    const r = await parse("not-json.lock");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([["LOCKFILE_UNPARSABLE", 1]]);
  });

  it("truncated: one unparsable error where the text stops", async () => {
    const r = await parse("truncated.lock");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([
      ["LOCKFILE_UNPARSABLE", "error", 15],
    ]);
  });

  it("bun.lockb: the binary lockfile is reported with how to get a text one", async () => {
    const r = await parse("bun.lockb", "app/bun.lockb");
    expect(r.packages).toEqual([]);
    expect(r.variant).toBe("bun.lockb (binary)");
    expect(r.diagnostics).toEqual([
      {
        code: "BINARY_LOCKFILE",
        severity: "error",
        message: "binary lockfile cannot be read: run `bun install --save-text-lockfile` to write bun.lock",
        location: { path: "app/bun.lockb" },
      },
    ]);
  });

  it("one-package (lockfileVersion 1 and 0)", async () => {
    const r = await parse("one-package.lock");
    expect(summarize(r.packages)).toEqual(["left-pad@1.3.0 12 registry"]);
    expect(r.variant).toBe("lockfileVersion 1");
    expect(r.diagnostics).toEqual([]);
    expect(r.packages[0]?.hashes).toEqual([
      { algorithm: "sha512", value: createHash("sha512").update("left-pad@1.3.0").digest("hex") },
    ]);
    expect(r.packages[0]?.direct).toBe(true);
    const v0 = await parse("one-package.v0.lock");
    expect(summarize(v0.packages)).toEqual(["left-pad@1.3.0 12 registry"]);
    expect(v0.variant).toBe("lockfileVersion 0");
  });

  it("two-packages", async () => {
    expect(summarize((await parse("two-packages.lock")).packages)).toEqual([
      "is-number@7.0.0 13 registry",
      "left-pad@1.3.0 15 registry",
    ]);
  });

  it("dev-optional: groups derived from the graph (bun.lock records none)", async () => {
    const r = await parse("dev-optional.lock");
    // nan: reached through fsevents (optional) and mocha's optionalDependencies, so optional only;
    // ms: only through mocha, a devDependency; orphan: unreachable, so no group is claimed.
    expect(summarize(r.packages)).toEqual([
      "chalk@5.3.0 19 registry",
      "fsevents@2.3.3 21 registry [optional]",
      "mocha@10.4.0 23 registry [dev]",
      "ms@2.1.3 25 registry [dev]",
      "nan@2.19.0 27 registry [optional]",
      "orphan@1.0.0 29 registry",
      "typescript@5.4.5 31 registry [dev]",
    ]);
    expect(direct(r)).toEqual(["chalk", "fsevents", "mocha", "typescript"]);
  });

  it("source-git: git+ and github: resolutions are git sources kept verbatim", async () => {
    const r = await parse("source-git.lock");
    expect(summarize(r.packages)).toEqual([
      "node-libcurl@git+https://github.com/JCMais/node-libcurl.git#3fc2afea435f3548eedbef9c68d3fee642dfcddb 13 git",
      "uWebSockets.js@github:uNetworking/uWebSockets.js#d39d418 15 git",
    ]);
    expect(r.packages.map((p) => p.resolved)).toEqual(r.packages.map((p) => p.version));
    // The bun-tag third element is not an integrity.
    expect(r.packages.map((p) => p.hashes)).toEqual([undefined, undefined]);
  });

  it("source-tarball: a registry tarball gives its version, a CDN tarball stays verbatim, a local one is a path", async () => {
    const r = await parse("source-tarball.lock");
    expect(summarize(r.packages)).toEqual([
      "eslint@7.9.0 14 registry",
      "local-thing@- 16 path",
      "xlsx@https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz 18 url",
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it("link: workspace:, link: and file: resolutions are never registry packages", async () => {
    const r = await parse("link.lock");
    expect(summarize(r.packages)).toEqual([
      "@mono/a@2.0.0 21 workspace",
      "left-pad@1.3.0 23 registry",
      "linked@- 25 path",
      "shared-lib@- 27 path",
    ]);
    expect(r.packages.map((p) => p.resolved)).toEqual([
      undefined,
      undefined,
      "link:linked",
      "file:../shared-lib",
    ]);
  });

  it("two-versions: a nested key is its own occurrence and resolves before the top level", async () => {
    const r = await parse("two-versions.lock");
    expect(summarize(r.packages)).toEqual([
      "debug@4.3.4 13 registry",
      "ms@2.1.3 15 registry",
      "ms@2.1.2 17 registry",
    ]);
    expect(edges(r)).toEqual({ "": ["debug", "ms"], debug: ["debug/ms"] });
  });

  it("alias: the tuple names the real package, the key's last segment the installed one", async () => {
    expect(summarize((await parse("alias.lock")).packages)).toEqual([
      "string-width@5.1.2 13 registry",
      "string-width@4.2.3 15 registry alias=string-width-cjs",
      "string-width@4.2.0 17 registry alias=string-width-cjs",
    ]);
  });

  it("worm: CanisterWorm releases are reported as the registry packages they are", async () => {
    expect(summarize((await parse("worm.lock")).packages)).toEqual([
      "@teale.io/eslint-config@1.8.9 15 registry [dev]",
      "opengov-k6-core@1.0.2 17 registry",
    ]);
  });
});

describe("bun-lock: dependency graph", () => {
  it("workspaces: roots, bun's key lookup, workspace packages as nodes, direct flags", async () => {
    const r = await parse("workspaces.lock");
    expect(summarize(r.packages)).toEqual([
      "@mono/a@1.0.0 28 workspace",
      "@mono/b@1.0.0 30 workspace",
      "debug@4.3.4 32 registry",
      "lodash@4.17.21 34 registry",
      "ms@2.1.3 36 registry",
      "typescript@5.4.5 38 registry [dev]",
      "lodash@3.10.1 40 registry",
      "ms@2.1.2 42 registry",
    ]);
    expect([...(graphOf(r)?.roots ?? [])]).toEqual([
      ["", "mono"],
      ["@mono/a", "@mono/a"],
      ["@mono/b", "@mono/b"],
    ]);
    expect(edges(r)).toEqual({
      "": ["typescript"],
      "@mono/a": ["@mono/b", "@mono/a/lodash"],
      "@mono/b": ["debug", "ms"],
      debug: ["debug/ms"],
    });
    expect(direct(r)).toEqual(["@mono/b", "debug", "ms", "typescript", "@mono/a/lodash"]);
  });

  it("splitKey is scope-aware", () => {
    expect(splitKey("a/@s/b")).toEqual(["a", "@s/b"]);
    expect(splitKey("@s/a/b")).toEqual(["@s/a", "b"]);
    expect(splitKey("@s/b")).toEqual(["", "@s/b"]);
    expect(splitKey("b")).toEqual(["", "b"]);
  });
});

describe("bun-lock: hostile and damaged input", () => {
  const lock = (packages: string) =>
    `{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": { "name": "app" },\n  },\n  "packages": {\n${packages}\n  },\n}\n`;

  it("a key named __proto__ is data, not a prototype", async () => {
    const r = await parseText(
      bunLockParser,
      "bun.lock",
      lock('    "__proto__": ["__proto__@1.0.0", "", {}],'),
    );
    expect(summarize(r.packages)).toEqual(["__proto__@1.0.0 7 registry"]);
  });

  it("escapes and newlines in names stay data", async () => {
    const name = "evil\u001b[31m\nname";
    const r = await parseText(
      bunLockParser,
      "bun.lock",
      lock(`    ${JSON.stringify(name)}: [${JSON.stringify(`${name}@1.0.0`)}, "", {}],`),
    );
    expect(r.packages.map((p) => [p.name, p.version, p.location.line])).toEqual([[name, "1.0.0", 7]]);
  });

  it("an entry that is not a name@version tuple is skipped with a diagnostic at its line", async () => {
    const r = await parseText(
      bunLockParser,
      "bun.lock",
      lock('    "a": "a@1.0.0",\n\n    "b": ["no-version"],\n\n    "c": ["c@1.0.0", "", {}],'),
    );
    expect(summarize(r.packages)).toEqual(["c@1.0.0 11 registry"]);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ["ENTRY_SKIPPED", 7],
      ["ENTRY_SKIPPED", 9],
    ]);
  });

  it("JSON nested 100k levels deep is an error, not a crash", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const r = await parseText(bunLockParser, "bun.lock", lock(`    "a": ["a@1.0.0", "", { "x": ${deep} }],`));
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["LOCKFILE_UNPARSABLE", "cannot parse: nested too deeply"],
    ]);
  });

  it("an unknown lockfileVersion is still read, and said so", async () => {
    const r = await parseText(
      bunLockParser,
      "bun.lock",
      lock('    "a": ["a@1.0.0", "", {}],').replace('"lockfileVersion": 1', '"lockfileVersion": 7'),
    );
    expect(summarize(r.packages)).toEqual(["a@1.0.0 7 registry"]);
    expect(r.variant).toBe("lockfileVersion 7 (unknown; read as 1)");
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([["GENERIC", "info"]]);
  });
});
