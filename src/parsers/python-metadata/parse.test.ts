import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { pythonMetadataParser } from "./index.js";

/** Parses a fixture as it would sit in a site-packages folder. */
function fixture(rel: string): Promise<ParseResult> {
  return parseFixture(
    pythonMetadataParser,
    join(import.meta.dirname, "__fixtures__", rel),
    `.venv/lib/python3.12/site-packages/${rel}`,
  );
}
const diags = (r: ParseResult): string[] =>
  r.diagnostics.map((d) => `${d.code}@${d.location?.line ?? "-"}: ${d.message}`);

describe("python-metadata: matches", () => {
  it.each([
    [".venv/lib/python3.12/site-packages/requests-2.32.3.dist-info/METADATA", true],
    ["site-packages/legacy_pkg.egg-info/PKG-INFO", true],
    ["requests-2.32.3.dist-info/METADATA", true],
    ["site-packages/requests-2.32.3.dist-info/RECORD", false],
    ["site-packages/requests-2.32.3.dist-info/metadata", false],
    ["src/pkg/PKG-INFO", false],
    ["docs/METADATA", false],
    ["site-packages/x.dist-info/METADATA.bak", false],
  ])("%s → %s", (path, expected) => {
    expect(pythonMetadataParser.matches(path)).toBe(expected);
  });
});

describe("python-metadata: scenarios", () => {
  it("empty METADATA: the entry is reported as skipped", async () => {
    const r = await fixture("empty.dist-info/METADATA");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["ENTRY_SKIPPED@-: entry empty.dist-info skipped: no Name header"]);
    expect(r.diagnostics[0]?.severity).toBe("error");
  });

  it("not this format (JSON): skipped, not guessed", async () => {
    const r = await fixture("not-this-format.dist-info/METADATA");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["ENTRY_SKIPPED@-: entry not-this-format.dist-info skipped: no Name header"]);
  });

  it("one package: Name and Version from the header block, the body's look-alikes ignored", async () => {
    const r = await fixture("requests-2.32.3.dist-info/METADATA");
    expect(summarize(r.packages)).toEqual(["requests@2.32.3 2 registry"]);
    expect(r.diagnostics).toEqual([]);
    expect(r.packages[0]?.location).toEqual({
      path: ".venv/lib/python3.12/site-packages/requests-2.32.3.dist-info/METADATA",
      line: 2,
    });
    expect(r.packages[0]?.ecosystem).toBe("PyPI");
  });

  it("egg-info PKG-INFO: case-insensitive headers, folded continuation lines are not headers", async () => {
    const r = await fixture("legacy_pkg.egg-info/PKG-INFO");
    expect(summarize(r.packages)).toEqual(["Legacy_Pkg@0.9.1.post2 5 registry"]);
  });

  it("the compromised litellm 1.82.8 installed: reported at its Name line", async () => {
    const r = await fixture("litellm-1.82.8.dist-info/METADATA");
    expect(summarize(r.packages)).toEqual(["litellm@1.82.8 2 registry"]);
  });

  it("a Version only in the body does not count: skipped at the Name line", async () => {
    const r = await fixture("missing-version.dist-info/METADATA");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["ENTRY_SKIPPED@2: entry missing-version.dist-info skipped: no Version header"]);
  });

  it("a Name only in the body does not count", async () => {
    const r = await fixture("no-name.dist-info/METADATA");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual(["ENTRY_SKIPPED@2: entry no-name.dist-info skipped: no Name header"]);
  });
});

describe("python-metadata: hostile input", () => {
  it("BOM, CRLF and an escape sequence in the name are kept as data", async () => {
    const r = await parseText(
      pythonMetadataParser,
      "x.dist-info/METADATA",
      "\ufeffMetadata-Version: 2.1\r\nName: evil\u001b[2J\r\nVersion: 1.0\r\n\r\nbody",
    );
    expect(r.packages.map((p) => [p.name, p.version, p.location.line])).toEqual([
      ["evil\u001b[2J", "1.0", 2],
    ]);
  });
});
