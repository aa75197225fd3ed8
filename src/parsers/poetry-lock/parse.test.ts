import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { graphOf } from "../../core/dependency-paths.js";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { packageHeaderLines } from "./header-lines.js";
import { poetryLockParser as parser } from "./index.js";

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./__fixtures__/${name}/poetry.lock`, import.meta.url));
const load = (name: string): Promise<ParseResult> => parseFixture(parser, fixture(name));

function diags(result: ParseResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.severity} ${d.location?.path}:${d.location?.line}`);
}

describe("poetry-lock: matches and sniff", () => {
  it.each([
    ["poetry.lock", true],
    ["services/api/poetry.lock", true],
    ["Poetry.lock", false],
    ["pyproject.toml", false],
    ["poetry.lock.orig", false],
  ])("%s → %s", (path, expected) => {
    expect(parser.matches(path)).toBe(expected);
  });

  it("sniffs [[package]] with [metadata]", () => {
    expect(parser.sniff?.(readFileSync(fixture("two-packages"), "utf8"))).toBe(true);
    expect(parser.sniff?.(readFileSync(fixture("not-this-format"), "utf8"))).toBe(false);
  });
});

describe("poetry-lock: scenarios", () => {
  it("empty: package = [] and [metadata] lock nothing, and say so as info", async () => {
    const r = await load("empty");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["NO_PACKAGES_LOCKED info poetry.lock:undefined"]);
    expect(r.diagnostics[0]?.message).toBe("locks no packages (`package` is empty): nothing to check");
    expect(r.variant).toBe("lock-version 2.1");
  });

  it("metadata-only: [metadata] and no [[package]] table lock nothing, said as info", async () => {
    const r = await load("metadata-only");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["NO_PACKAGES_LOCKED info poetry.lock:undefined"]);
    expect(r.diagnostics[0]?.message).toBe("locks no packages (no [[package]] tables): nothing to check");
  });

  it("a zero-byte file gives nothing", async () => {
    const r = await parseText(parser, "poetry.lock", "");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it("not-this-format: JSON is not TOML", async () => {
    const r = await load("not-this-format");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE error poetry.lock:1"]);
  });

  it("one-package: version, v2 files hashes, the [[package]] header line", async () => {
    const r = await load("one-package");
    expect(r.packages).toEqual([
      {
        ecosystem: "PyPI",
        name: "requests",
        version: "2.31.0",
        source: "registry",
        hashes: [
          { algorithm: "sha256", value: "a".repeat(64), file: "requests-2.31.0-py3-none-any.whl" },
          { algorithm: "sha256", value: "b".repeat(64), file: "requests-2.31.0.tar.gz" },
        ],
        nodeId: "requests@2.31.0",
        location: { path: "poetry.lock", line: 3 },
      },
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(graphOf(r)).toEqual({ roots: new Map(), edges: new Map() });
  });

  it("two-packages (lock-version 2.0)", async () => {
    const r = await load("two-packages");
    expect(summarize(r.packages)).toEqual(["certifi@2024.2.2 2 registry", "idna@3.6 12 registry"]);
    expect(r.variant).toBe("lock-version 2.0");
  });

  it("dev-optional-v1: category dev, optional = true", async () => {
    const r = await load("dev-optional-v1");
    expect(summarize(r.packages)).toEqual([
      "flask@3.0.0 1 registry",
      "pytest@8.0.0 9 registry [dev]",
      "ujson@5.9.0 17 registry [optional]",
    ]);
    expect(r.variant).toBe("lock-version 1.1");
  });

  it("dev-optional-v2: groups; dev is not claimed for a package main also needs", async () => {
    const r = await load("dev-optional-v2");
    expect(summarize(r.packages)).toEqual([
      "flask@3.0.0 1 registry",
      "pytest@8.0.0 10 registry [dev]",
      "colorama@0.4.6 19 registry",
      "sphinx@7.2.6 29 registry [dev,group:docs]",
      "ujson@5.9.0 38 registry [optional]",
    ]);
  });

  it("source-git: git, url, file, directory and legacy sources", async () => {
    const r = await load("source-git");
    expect(summarize(r.packages)).toEqual([
      "poetry-core@2.1.0 1 git",
      "remote-pkg@1.2.0 17 url",
      "local-wheel@0.3.0 32 path",
      "my-lib@0.1.0 47 path",
      "internal-sdk@4.0.1 61 registry",
    ]);
    expect(r.packages.map((p) => p.resolved)).toEqual([
      "https://github.com/python-poetry/poetry-core.git#e3998b0e111dc03e4aa721fd054c48e5c7de6fc5",
      "https://example.com/remote_pkg-1.2.0.tar.gz",
      "wheels/local_wheel-0.3.0-py3-none-any.whl",
      "libs/my-lib",
      undefined,
    ]);
  });

  it("two-versions: [metadata.files] hashes go to the version each file names", async () => {
    const r = await load("two-versions");
    expect(summarize(r.packages)).toEqual(["numpy@1.24.4 1 registry", "numpy@1.26.4 9 registry"]);
    expect(r.packages.map((p) => p.hashes?.map((h) => h.value[0]))).toEqual([["4", "5"], ["6"]]);
    expect(r.packages.map((p) => p.nodeId)).toEqual(["numpy@1.24.4", "numpy@1.26.4"]);
  });

  it("malicious: telnyx 4.87.1 at its [[package]] line, with its dependency edge", async () => {
    const r = await load("malicious");
    expect(summarize(r.packages)).toEqual(["httpx@0.27.0 1 registry", "telnyx@4.87.1 10 registry"]);
    expect(graphOf(r)?.edges).toEqual(new Map([["telnyx@4.87.1", ["httpx@0.27.0"]]]));
  });

  it("hashes: lowercased hex, md5 kept, unknown algorithms dropped", async () => {
    const r = await load("hashes");
    expect(r.packages[0]?.hashes).toEqual([
      {
        algorithm: "sha256",
        value: "0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f",
        file: "certifi-2024.2.2-py3-none-any.whl",
      },
      { algorithm: "md5", value: "0123456789abcdef0123456789abcdef", file: "certifi-2024.2.2.tar.gz" },
    ]);
  });

  it("hashes-legacy: pre-1.0 [metadata.hashes] bare sha256 strings", async () => {
    const r = await load("hashes-legacy");
    expect(summarize(r.packages)).toEqual(["six@1.15.0 1 registry"]);
    expect(r.packages[0]?.hashes).toEqual([
      { algorithm: "sha256", value: "8".repeat(64) },
      { algorithm: "sha256", value: "9".repeat(64) },
    ]);
    expect(r.variant).toBe("legacy (no lock-version)");
  });

  it("graph: edges by name, roots and direct flags from the sibling pyproject.toml", async () => {
    const r = await load("graph");
    expect(r.related).toEqual(["pyproject.toml"]);
    expect(graphOf(r)?.roots).toEqual(new Map([["pyproject.toml", "demo-app"]]));
    expect(graphOf(r)?.edges).toEqual(
      new Map([
        ["flask@3.0.0", ["click@8.1.7", "jinja2@3.1.3", "werkzeug@3.0.1"]],
        ["click@8.1.7", ["colorama@0.4.6"]],
        ["jinja2@3.1.3", ["markupsafe@2.1.5"]],
        ["werkzeug@3.0.1", ["markupsafe@2.1.5"]],
        ["black@24.2.0", ["click@8.1.7"]],
        ["pyproject.toml", ["black@24.2.0", "flask@3.0.0", "werkzeug@3.0.1"]],
      ]),
    );
    expect(r.packages.filter((p) => p.direct).map((p) => p.name)).toEqual(["flask", "werkzeug", "black"]);
    expect(r.packages.every((p) => typeof p.direct === "boolean")).toBe(true);
  });

  it("graph: an unparsable pyproject.toml costs the roots only, as a warning", async () => {
    const r = await parser.parse({
      path: "poetry.lock",
      content: readFileSync(fixture("malicious"), "utf8"),
      readRelated: () => ({ ok: true, path: "pyproject.toml", content: "[project\nname = 1" }),
    });
    expect(summarize(r.packages)).toEqual(["httpx@0.27.0 1 registry", "telnyx@4.87.1 10 registry"]);
    expect(diags(r)).toEqual(["LOCKFILE_UNPARSABLE warning pyproject.toml:1"]);
    expect(graphOf(r)?.roots.size).toBe(0);
  });

  it("tricky-strings: [[package]] inside multi-line strings is not a header", async () => {
    const r = await load("tricky-strings");
    expect(summarize(r.packages)).toEqual([
      "first@1.0.0 1 registry",
      "second@2.0.0 13 registry",
      "third@3.0.0 24 registry",
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it("bad-entries: unreadable entries are errors at their header; a local entry needs no version", async () => {
    const r = await load("bad-entries");
    expect(summarize(r.packages)).toEqual(["ok@1.0 1 registry", "local-noversion@- 33 path"]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.location?.line} ${d.message}`)).toEqual([
      "ENTRY_SKIPPED 9 entry noversion skipped: no version",
      "ENTRY_SKIPPED 16 entry [[package]] #3 skipped: no name",
      "ENTRY_SKIPPED 24 entry badsource skipped: source is not a table",
    ]);
  });

  it("truncated inside a value: LOCKFILE_UNPARSABLE at the cut line", async () => {
    const r = await load("truncated");
    const lines = readFileSync(fixture("truncated"), "utf8").split("\n").length;
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual([`LOCKFILE_UNPARSABLE error poetry.lock:${lines}`]);
  });

  it("truncated at a table boundary: no [metadata], so the scan is incomplete", async () => {
    const r = await load("truncated-at-table");
    const lines = readFileSync(fixture("truncated-at-table"), "utf8").split("\n").length;
    expect(summarize(r.packages)).toEqual(["certifi@2024.2.2 2 registry", "idna@3.6 12 registry"]);
    expect(diags(r)).toEqual([`LOCKFILE_UNPARSABLE error poetry.lock:${lines}`]);
  });

  it("bom-crlf: a UTF-8 BOM and CRLF line ends", async () => {
    const r = await load("bom-crlf");
    expect(summarize(r.packages)).toEqual(["requests@2.31.0 3 registry"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("future-version: a lock-version 3 file is read, with a warning", async () => {
    const r = await load("future-version");
    expect(summarize(r.packages)).toEqual(["requests@2.31.0 3 registry"]);
    expect(diags(r)).toEqual(["LOCKFILE_UNSUPPORTED warning poetry.lock:undefined"]);
  });

  it("an inline `package = [...]` array has no headers: packages kept, lines unknown, said so", async () => {
    const text = 'package = [{name = "six", version = "1.16.0"}]\n[metadata]\nlock-version = "2.1"\n';
    const r = await parseText(parser, "poetry.lock", text);
    expect(r.packages.map((p) => `${p.name}@${p.version} ${p.location.line}`)).toEqual([
      "six@1.16.0 undefined",
    ]);
    expect(diags(r)).toEqual(["GENERIC warning poetry.lock:undefined"]);
  });
});

describe("poetry-lock: header scan", () => {
  it("agrees with smol-toml on the number of [[package]] tables for generated documents", () => {
    const str = fc.string({ unit: fc.constantFrom("a", "\n", "[[package]]", '"', "'", "\\", "#", " ") });
    fc.assert(
      fc.property(fc.array(str, { maxLength: 6 }), (descriptions) => {
        const text = descriptions
          .map((d, i) => `[[package]]\nname = "p${i}"\nversion = "1"\ndescription = ${JSON.stringify(d)}\n`)
          .join("\n");
        const multi = descriptions
          .map((d, i) => `[[package]]\nname = "p${i}"\ndescription = '''${d.replaceAll("'", "")}'''\n`)
          .join("\n");
        for (const doc of [text, multi]) {
          const tables = (parseToml(doc).package ?? []) as unknown[];
          expect(packageHeaderLines(doc).length).toBe(tables.length);
          expect(tables.length).toBe(descriptions.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
