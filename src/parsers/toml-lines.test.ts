import fc from "fast-check";
import { parse, stringify } from "smol-toml";
import { beforeAll, describe, expect, it } from "vitest";
import { normalizePypiName } from "../ecosystems/pypi.js";
import {
  arrayTableLines,
  fileNameOf,
  findEntry,
  hashFromDigest,
  loadToml,
  parseRequirement,
  parseToml,
  scanTomlLines,
} from "./toml-lines.js";

// parseToml is synchronous once smol-toml is loaded (parsers await loadToml() in parse()).
beforeAll(async () => {
  await loadToml();
});

describe("scanTomlLines", () => {
  it("finds [[package]] headers, not sub-tables, nested arrays or headers inside strings", () => {
    const text = [
      'title = """', // 1
      "[[package]]", // 2 inside a multi-line basic string
      '"""', // 3
      "lit = '''", // 4
      "[[package]]", // 5 inside a multi-line literal string
      "'''", // 6
      "matrix = [", // 7
      "  [1, 2],", // 8 a nested array at the start of a line
      "[3],", // 9
      "]", // 10
      "", // 11
      "[[package]]", // 12
      'name = "a" # [[package]] in a comment', // 13
      "", // 14
      "[package.metadata]", // 15
      "requires = [{ name = 'x' }]", // 16
      "", // 17
      "[[package.wheels]]", // 18
      "url = 'u'", // 19
      "", // 20
      "  [[ package ]]  # spaced", // 21
      "name = 'b'", // 22
      'esc = "quote \\" and \\\\"', // 23
      '[["package"]]', // 24 quoted key, same table
      "name = 'c'", // 25
    ].join("\n");
    const doc = parse(text) as { package: Array<{ name: string }> };
    expect(doc.package.map((p) => p.name)).toEqual(["a", "b", "c"]);
    const lines = scanTomlLines(text);
    expect(arrayTableLines(lines, ["package"])).toEqual([12, 21, 24]);
    expect(lines.headers.map((h) => `${h.array ? "[[" : "["}${h.path.join(".")} ${h.line}`)).toEqual([
      "[[package 12",
      "[package.metadata 15",
      "[[package.wheels 18",
      "[[package 21",
      "[[package 24",
    ]);
    expect(findEntry(lines, ["matrix"])).toEqual({ path: ["matrix"], table: -1, line: 7, elements: [8, 9] });
  });

  it("records keys with absolute paths: dotted keys, quoted keys, inline tables, array element lines", () => {
    const text = [
      "[project]", // 1
      'name = "x"', // 2
      "dependencies = [", // 3
      '  "a",  # one', // 4
      "", // 5
      "  'b', 'c',", // 6
      "]", // 7
      'optional-dependencies = { docs = ["d"], "q.k" = [', // 8
      '  "e" ] }', // 9
      "[tool]", // 10
      'poetry.dependencies."My.Pkg" = "^1"', // 11
    ].join("\n");
    expect(() => parse(text)).not.toThrow();
    const lines = scanTomlLines(text);
    expect(findEntry(lines, ["project", "dependencies"])?.elements).toEqual([4, 6, 6]);
    expect(findEntry(lines, ["project", "optional-dependencies", "docs"])).toMatchObject({
      line: 8,
      elements: [8],
    });
    expect(findEntry(lines, ["project", "optional-dependencies", "q.k"])).toMatchObject({
      line: 8,
      elements: [9],
    });
    expect(findEntry(lines, ["tool", "poetry", "dependencies", "My.Pkg"])?.line).toBe(11);
  });

  it("an inline array of tables gives its element lines", () => {
    const text = 'packages = [\n  { name = "a" },\n\n  { name = "b" },\n]\n';
    expect(arrayTableLines(scanTomlLines(text), ["packages"])).toEqual([2, 4]);
  });

  it("never throws and always terminates on arbitrary text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."[]{}\"'#=.,\n\r\\ ab1"), maxLength: 200 }),
        (text) => {
          const lines = scanTomlLines(text);
          for (const h of lines.headers) expect(h.line).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("property: for generated lockfiles, header N is entry N (strings, sub-tables, nested arrays in between)", () => {
    const tomlString = fc.oneof(
      fc.string({ maxLength: 12 }).map((s) => stringify({ v: s }).slice(4).trim()), // basic, escaped by smol-toml
      fc.constantFrom("'lit[[package]]'", '"""\n[[package]]\n"""', "'''\n[[package]]\n'''", '"a\\"b"'),
    );
    const entry = fc.record({
      name: tomlString,
      extra: fc.option(tomlString),
      sub: fc.constantFrom(
        "",
        "[package.metadata]\nx = 1\n",
        "[[package.wheels]]\nurl = 'w'\n",
        "m = [\n[1],\n [2]]\n",
      ),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.boolean(), (entries, crlf) => {
        const out: string[] = ['version = 1\nnote = """\n[[package]]\n"""\n'];
        for (const e of entries)
          out.push(
            `[[package]]\nname = ${e.name}\n${e.extra === null ? "" : `extra = ${e.extra}\n`}${e.sub}\n`,
          );
        let text = out.join("\n");
        if (crlf) text = text.replace(/\n/g, "\r\n");
        const parsed = parseToml("x.toml", text);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const count = (parsed.doc["package"] as unknown[] | undefined)?.length ?? 0;
        const found = arrayTableLines(scanTomlLines(parsed.text), ["package"]);
        expect(found).toHaveLength(count);
        const textLines = text.split(/\r?\n/);
        for (const line of found) expect(textLines[line - 1]).toBe("[[package]]");
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseToml", () => {
  it("strips a BOM and reports syntax errors with their line", () => {
    const ok = parseToml("a.toml", "\ufeffa = 1\n");
    expect(ok.ok && ok.doc["a"]).toBe(1);
    const bad = parseToml("a.toml", "a = 1\n\n[b\n");
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.diagnostic.code).toBe("LOCKFILE_UNPARSABLE");
      expect(bad.diagnostic.location).toEqual({ path: "a.toml", line: 3 });
      expect(bad.diagnostic.message).not.toContain("\n");
    }
  });
});

describe("Python helpers", () => {
  it.each([
    ["Foo.Bar__baz", "foo-bar-baz"],
    ["PyYAML", "pyyaml"],
    ["zope.interface", "zope-interface"],
    ["a-_.-b", "a-b"],
  ])("normalizePypiName(%s) = %s", (name, expected) => {
    expect(normalizePypiName(name)).toBe(expected);
  });

  it("hashFromDigest reads algo:hex, lowercases, rejects unknown algorithms and bad lengths", () => {
    expect(hashFromDigest(`sha256:${"AB".repeat(32)}`, "f.whl")).toEqual({
      algorithm: "sha256",
      value: "ab".repeat(32),
      file: "f.whl",
    });
    expect(hashFromDigest(`md5:${"0".repeat(32)}`)).toEqual({ algorithm: "md5", value: "0".repeat(32) });
    expect(hashFromDigest(`sha256:${"0".repeat(63)}`)).toBeUndefined();
    expect(hashFromDigest(`blake2b:${"0".repeat(64)}`)).toBeUndefined();
    expect(hashFromDigest("nocolon")).toBeUndefined();
    expect(hashFromDigest(`sha256:${"g".repeat(64)}`)).toBeUndefined();
  });

  it.each([
    ["https://h/p/idna-3.10-py3-none-any.whl", "idna-3.10-py3-none-any.whl"],
    ["https://h/p/torch-2.0%2Bcpu-cp311.whl?x=1#sha256=ab", "torch-2.0+cpu-cp311.whl"],
    ["dist/a-1.tar.gz", "a-1.tar.gz"],
    ["C:\\wheels\\b-2.whl", "b-2.whl"],
    ["https://h/bad%E0%A4%A.whl", "bad%E0%A4%A.whl"],
    ["https://h/dir/", "dir"],
    ["", undefined],
  ])("fileNameOf(%s) = %s", (url, expected) => {
    expect(fileNameOf(url)).toBe(expected);
  });

  it.each([
    ["requests", { name: "requests", specifier: "", extras: [] }],
    ["httpx[socks, http2]>=0.27,<1", { name: "httpx", specifier: ">=0.27,<1", extras: ["socks", "http2"] }],
    [
      "tomli>=1.1; python_version < '3.11'",
      { name: "tomli", specifier: ">=1.1", extras: [], marker: "python_version < '3.11'" },
    ],
    ["foo (>=1.0)", { name: "foo", specifier: ">=1.0", extras: [] }],
    [
      "pip @ https://x/pip.whl;sha=1 ; os_name == 'nt'",
      { name: "pip", specifier: "@ https://x/pip.whl;sha=1", extras: [], marker: "os_name == 'nt'" },
    ],
    ["name; extra == 'x'", { name: "name", specifier: "", extras: [], marker: "extra == 'x'" }],
  ])("parseRequirement(%s)", (req, expected) => {
    expect(parseRequirement(req)).toEqual(expected);
  });

  it.each(["", "  ", "-bad", "not a requirement", "[x]"])("parseRequirement(%j) is undefined", (req) => {
    expect(parseRequirement(req)).toBeUndefined();
  });
});
