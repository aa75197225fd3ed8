// The small rules the package-lock reader is built from: npm spec classification, Node's lookup
// over install paths, workspace globs.

import { describe, expect, it } from "vitest";
import { folderName, installedName, NodeModulesResolver, parentFolder } from "./graph.js";
import { readVersionSpec, registryTarballVersion, sourceOfResolved, splitNameSpec } from "./npm-spec.js";
import { workspaceMatcher } from "./workspaces.js";

describe("npm specs", () => {
  it.each([
    ["https://registry.npmjs.org/eslint/-/eslint-7.9.0.tgz", "eslint", "7.9.0"],
    ["https://registry.npmjs.org/@babel/core/-/core-7.24.0.tgz", "@babel/core", "7.24.0"],
    ["https://registry.npmjs.org/@babel%2fcore/-/core-7.24.0.tgz", "@babel/core", "7.24.0"],
    [
      "https://npm.example.com/api/npm/remote/left-pad/-/left-pad-1.3.0-beta.1.tgz",
      "left-pad",
      "1.3.0-beta.1",
    ],
    ["https://registry.npmjs.org/eslint/-/eslint-7.9.0.tgz", "prettier", undefined],
    ["https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz", "xlsx", undefined],
    ["https://registry.npmjs.org/eslint/-/eslint-latest.tgz", "eslint", undefined],
    ["not a url /-/x-1.0.0.tgz", "x", undefined],
  ])("registryTarballVersion(%s, %s) = %s", (url, name, version) => {
    expect(registryTarballVersion(url, name)).toBe(version);
  });

  it.each([
    [undefined, "registry"],
    ["https://registry.npmjs.org/a/-/a-1.0.0.tgz", "registry"],
    ["https://codeload.github.com/o/r/tar.gz/abc", "url"],
    ["git+ssh://git@github.com/o/r.git#abc", "git"],
    ["github:o/r#abc", "git"],
    ["file:vendor/a-1.0.0.tgz", "path"],
    ["packages/a", "path"],
    ["../lib", "path"],
    ["https://registry.npmjs.org/@s/a/-/a-1.0.0.tgz?x=/y#z", "registry"],
    ["https://registry.npmjs.org/-/a-1.0.0.tgz", "registry"],
    ["https://registry.npmjs.org/a/-/.tgz", "url"],
    ["https://registry.npmjs.org/a/-/sub/a-1.0.0.tgz", "url"],
    ["https://example.com/a-1.0.0.tgz", "url"],
    ["https://example.com", "url"],
    ["HTTPS://REGISTRY.NPMJS.ORG/A/-/A-1.0.0.TGZ", "registry"],
  ] as const)("sourceOfResolved(%s) = %s", (resolved, source) => {
    expect(sourceOfResolved(resolved)).toBe(source);
  });

  it("readVersionSpec classifies each kind of v1 version", () => {
    expect(readVersionSpec("a", "1.2.3", undefined)).toEqual({ source: "registry", version: "1.2.3" });
    expect(readVersionSpec("a", "file:../a", undefined)).toEqual({ source: "path", resolved: "file:../a" });
    expect(readVersionSpec("a", "o/r#abc", undefined)).toEqual({
      source: "git",
      version: "o/r#abc",
      resolved: "o/r#abc",
    });
    expect(readVersionSpec("a", "vendor/a-1.0.0.tgz", undefined)).toEqual({
      source: "path",
      resolved: "vendor/a-1.0.0.tgz",
    });
    expect(readVersionSpec("a", "https://x.test/a.tgz", undefined)).toEqual({
      source: "url",
      version: "https://x.test/a.tgz",
      resolved: "https://x.test/a.tgz",
    });
  });

  it("splitNameSpec splits at the @ after the (scoped) name", () => {
    expect(splitNameSpec("@s/a@npm:b@1.0.0")).toEqual({ name: "@s/a", spec: "npm:b@1.0.0" });
    expect(splitNameSpec("a@1.0.0")).toEqual({ name: "a", spec: "1.0.0" });
    expect(splitNameSpec("@s/a")).toBeUndefined();
    expect(splitNameSpec("plain")).toBeUndefined();
  });
});

describe("Node's lookup over package-lock keys", () => {
  it("parentFolder drops a package's node_modules/<name> (scope-aware) or a folder's last segment", () => {
    expect(parentFolder("node_modules/a")).toBe("");
    expect(parentFolder("node_modules/a/node_modules/@s/b")).toBe("node_modules/a");
    expect(parentFolder("packages/x")).toBe("packages");
    expect(parentFolder("packages/x/node_modules/y")).toBe("packages/x");
    expect(installedName("packages/x/node_modules/@s/y")).toBe("@s/y");
    expect(folderName("src.gen/@amzn/client")).toBe("@amzn/client");
    expect(folderName("packages/a")).toBe("a");
  });

  it("resolves nested first, then each ancestor, then the top level", () => {
    const r = new NodeModulesResolver([
      "node_modules/a",
      "node_modules/a/node_modules/b",
      "node_modules/a/node_modules/b/node_modules/c",
      "node_modules/ab/node_modules/c",
      "node_modules/c",
      "node_modules/d",
      "node_modules/@s/e",
      "node_modules/a/node_modules/@s/e",
      "packages/w/node_modules/d",
      "packages/w",
    ]);
    expect(r.resolve(r.idOf("node_modules/a/node_modules/b"), "c")).toBe(
      "node_modules/a/node_modules/b/node_modules/c",
    );
    expect(r.resolve(r.idOf("node_modules/a/node_modules/b/node_modules/c"), "b")).toBe(
      "node_modules/a/node_modules/b",
    );
    expect(r.resolve(r.idOf("node_modules/a"), "c")).toBe("node_modules/c");
    expect(r.resolve(r.idOf("node_modules/a/node_modules/b"), "@s/e")).toBe(
      "node_modules/a/node_modules/@s/e",
    );
    expect(r.resolve(r.idOf("node_modules/ab"), "@s/e")).toBe("node_modules/@s/e");
    expect(r.resolve(r.idOf("packages/w"), "d")).toBe("packages/w/node_modules/d");
    expect(r.resolve(r.idOf("packages/v"), "d")).toBe("node_modules/d");
    expect(r.resolve(r.idOf(""), "d")).toBe("node_modules/d");
    expect(r.resolve(r.idOf(""), "missing")).toBeUndefined();
    // A folder outside the project does not see the project's node_modules.
    expect(r.resolve(r.idOf("../lib"), "d")).toBeUndefined();
    expect(r.exhausted).toBe(false);
  });

  it("handles a key 100k folders deep without recursing", () => {
    const deep = Array.from({ length: 100_000 }, (_, i) => `node_modules/p${i}`).join("/");
    const r = new NodeModulesResolver([deep, "node_modules/top"]);
    expect(r.resolve(r.idOf(deep), "top")).toBe("node_modules/top");
  });

  it("stops once its budget is spent, and says so", () => {
    const r = new NodeModulesResolver(["node_modules/a", "x/node_modules/a", "y/node_modules/a"], 5);
    expect(r.resolve(r.idOf(""), "a")).toBe("node_modules/a");
    expect(r.resolve(r.idOf(""), "a")).toBeUndefined();
    expect(r.exhausted).toBe(true);
  });
});

describe("workspace globs", () => {
  it("matches npm's workspace patterns against folder keys", () => {
    const m = workspaceMatcher(["packages/*", "./docs", "tools/**", "!packages/private"]);
    expect(m("packages/a")).toBe(true);
    expect(m("packages/a/b")).toBe(false);
    expect(m("packages/private")).toBe(false);
    expect(m("docs")).toBe(true);
    expect(m("tools")).toBe(true);
    expect(m("tools/x/y")).toBe(true);
    expect(m("src.gen/@amzn/client")).toBe(false);
    expect(workspaceMatcher([])("packages/a")).toBe(false);
  });

  it("a hostile pattern is answered (a backtracking matcher would not finish within the test timeout)", () => {
    const m = workspaceMatcher([`${"*a".repeat(30)}b`, "**/**/**/**/**/**/**/**/**/**/x"]);
    expect(m("a".repeat(200))).toBe(false);
    expect(m(Array.from({ length: 60 }, () => "d").join("/"))).toBe(false);
  });
});
