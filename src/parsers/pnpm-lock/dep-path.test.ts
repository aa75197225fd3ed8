import { describe, expect, it } from "vitest";
import {
  baseKey,
  guessStyle,
  type KeyStyle,
  parseKey,
  refToKey,
  styleOf,
  trailingGroupsStart,
} from "./dep-path.js";

// key | style | base (node id) | kind | name | version
const KEYS: Array<[string, KeyStyle, string, string, string | undefined, string | undefined]> = [
  ["/left-pad/1.3.0", "v5", "/left-pad/1.3.0", "registry", "left-pad", "1.3.0"],
  ["/@babel/core/7.17.8", "v5", "/@babel/core/7.17.8", "registry", "@babel/core", "7.17.8"],
  [
    "/@cspell/dict-en_us/1.2.45",
    "v5",
    "/@cspell/dict-en_us/1.2.45",
    "registry",
    "@cspell/dict-en_us",
    "1.2.45",
  ],
  [
    "/@babel/plugin-x/7.16.7_@babel+core@7.17.8",
    "v5",
    "/@babel/plugin-x/7.16.7",
    "registry",
    "@babel/plugin-x",
    "7.16.7",
  ],
  ["/antd/4.19.3_sfoxds7t5ydpegc3knd667wn6m", "v5", "/antd/4.19.3", "registry", "antd", "4.19.3"],
  ["/@vue/repl/1.4.1_vue@packages+vue", "v5", "/@vue/repl/1.4.1", "registry", "@vue/repl", "1.4.1"],
  [
    "/@storybook/csf/0.0.2--canary.87bc651.0",
    "v5",
    "/@storybook/csf/0.0.2--canary.87bc651.0",
    "registry",
    "@storybook/csf",
    "0.0.2--canary.87bc651.0",
  ],
  ["file:packages/foo_bar", "v5", "file:packages/foo_bar", "local", undefined, undefined],
  ["file:packages/foo_react@17.0.2", "v5", "file:packages/foo", "local", undefined, undefined],
  [
    "@github.com/x/y/raw/main/y-2.0.0.tgz_vue@3.2.45",
    "v5",
    "@github.com/x/y/raw/main/y-2.0.0.tgz",
    "absolute",
    undefined,
    undefined,
  ],
  ["registry.example.com/foo/1.0.0", "v5", "registry.example.com/foo/1.0.0", "absolute", "foo", "1.0.0"],
  ["/foo", "v5", "/foo", "invalid", undefined, undefined],
  ["/left-pad@1.3.0", "v6", "/left-pad@1.3.0", "registry", "left-pad", "1.3.0"],
  [
    "/@codspeed/vitest-plugin@3.1.0(vite@5.2.7)(vitest@1.4.0)",
    "v6",
    "/@codspeed/vitest-plugin@3.1.0",
    "registry",
    "@codspeed/vitest-plugin",
    "3.1.0",
  ],
  ["file:packages/a(react@18.0.0)", "v6", "file:packages/a", "local", undefined, undefined],
  [
    "github.com/kevva/is-positive/97edff6",
    "v6",
    "github.com/kevva/is-positive/97edff6",
    "absolute",
    undefined,
    undefined,
  ],
  ["/no-version", "v6", "/no-version", "invalid", undefined, undefined],
  ["left-pad@1.3.0", "v9", "left-pad@1.3.0", "registry", "left-pad", "1.3.0"],
  ["@types/node@20.12.5", "v9", "@types/node@20.12.5", "registry", "@types/node", "20.12.5"],
  [
    "a@1.0.0(patch_hash=2lu3zn7gpfvbxwsibyr3adqdbi)(b@2.0.0(c@3.0.0))",
    "v9",
    "a@1.0.0",
    "registry",
    "a",
    "1.0.0",
  ],
  ["/a@1.0.0(b@2.0.0)", "v9", "a@1.0.0", "registry", "a", "1.0.0"],
  ["x@file:test/deps/x", "v9", "x@file:test/deps/x", "local", "x", "file:test/deps/x"],
  [
    "p@git+ssh://git@host/p.git#0a1b",
    "v9",
    "p@git+ssh://git@host/p.git#0a1b",
    "remote",
    "p",
    "git+ssh://git@host/p.git#0a1b",
  ],
  ["@scope/only", "v9", "@scope/only", "invalid", undefined, undefined],
  ["trailing@", "v9", "trailing@", "invalid", undefined, undefined],
];

describe("parseKey", () => {
  it.each(KEYS)("%s (%s)", (key, style, base, kind, name, version) => {
    const p = parseKey(key, style);
    expect([p.base, p.kind, p.name, p.version]).toEqual([base, kind, name, version]);
    expect(baseKey(key, style)).toBe(base);
  });
});

// ref | installed name | style | the full key it points at
const REFS: Array<[string, string, KeyStyle, string]> = [
  ["1.3.0", "left-pad", "v5", "/left-pad/1.3.0"],
  ["7.2.0_eslint@7.32.0", "x", "v5", "/x/7.2.0_eslint@7.32.0"],
  ["/string-width/4.2.3", "string-width-cjs", "v5", "/string-width/4.2.3"],
  [
    "/@docusaurus/react-loadable/5.5.2_react@17.0.2",
    "react-loadable",
    "v5",
    "/@docusaurus/react-loadable/5.5.2_react@17.0.2",
  ],
  ["file:vendor/a.tgz", "a", "v5", "file:vendor/a.tgz"],
  ["github.com/o/r/97edff6", "r", "v5", "github.com/o/r/97edff6"],
  ["1.0.0(react@18.0.0)", "x", "v6", "/x@1.0.0(react@18.0.0)"],
  ["1.0.0(@types/react@18.0.0)", "x", "v6", "/x@1.0.0(@types/react@18.0.0)"],
  ["/@pnpm/ramda@0.28.1", "ramda", "v6", "/@pnpm/ramda@0.28.1"],
  ["4.2.3", "string-width", "v9", "string-width@4.2.3"],
  ["string-width@4.2.3", "string-width-cjs", "v9", "string-width@4.2.3"],
  ["@pnpm/ramda@0.28.1", "ramda", "v9", "@pnpm/ramda@0.28.1"],
  ["1.0.0(react@18.0.0)", "x", "v9", "x@1.0.0(react@18.0.0)"],
  ["file:test/deps/x", "x", "v9", "x@file:test/deps/x"],
  [
    "https://codeload.github.com/o/r/tar.gz/97edff6",
    "r",
    "v9",
    "r@https://codeload.github.com/o/r/tar.gz/97edff6",
  ],
  ["git+ssh://git@host/p.git#0a1b", "p", "v9", "p@git+ssh://git@host/p.git#0a1b"],
];

describe("refToKey", () => {
  it.each(REFS)("%s as %s (%s)", (ref, name, style, key) => {
    expect(refToKey(ref, name, style)).toEqual({ key });
  });

  it.each(["v5", "v6", "v9"] as const)("link: values are workspace links (%s)", (style) => {
    expect(refToKey("link:../lib", "@acme/lib", style)).toEqual({ link: "../lib" });
  });
});

describe("trailingGroupsStart", () => {
  it.each([
    ["a@1.0.0", 7],
    ["a@1.0.0(b@1)", 7],
    ["a@1.0.0(b@1(c@2))(d@3)", 7],
    ["a@1.0.0(b@1", 11],
    ["x)", 2],
    ["", 0],
  ])("%s → %i", (s, i) => {
    expect(trailingGroupsStart(s)).toBe(i);
  });
});

describe("styleOf / guessStyle", () => {
  it.each([
    ["5.3", "v5"],
    ["5.4-inlineSpecifiers", "v5"],
    ["6.0", "v6"],
    ["6.1", "v6"],
    ["9.0", "v9"],
    ["4", "v5"],
  ])("lockfileVersion %s → %s", (v, style) => {
    expect(styleOf(v)?.style).toBe(style);
  });

  it("rejects a non-version", () => {
    expect(styleOf("latest")).toBeUndefined();
  });

  it.each([
    ["/foo/1.0.0", "v5"],
    ["/@s/n/1.0.0_react@17.0.2", "v5"],
    ["/foo@1.0.0", "v6"],
    ["/@s/n@1.0.0(react@17.0.2)", "v6"],
    ["foo@1.0.0", "v9"],
  ])("first key %s → %s", (key, style) => {
    expect(guessStyle(key)).toBe(style);
  });
});
