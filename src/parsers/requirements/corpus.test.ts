// The real-world corpus (../shared/corpus): every requirements entry file must give exactly the
// (PEP 503 name, version) set of its .expected.json. The corpus does not count direct URL
// references (`name @ https://…`), so packages with source "url" are compared separately.

import { existsSync, readFileSync } from "node:fs";
import { join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diagnostic } from "../../core/diagnostics.js";
import type { ParseContext, ParseResult } from "../../core/types.js";
import { requirementsParser } from "./index.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const corpus = resolve(repoRoot, "../shared/corpus");
const present = existsSync(join(corpus, "MANIFEST.tsv"));

const FILES = [
  "requirements-hashes/sigstore-python/requirements.txt",
  "requirements-include/warehouse-2021/requirements.txt",
  "requirements-markers/certbot/requirements.txt",
  "requirements-markers/certbot-oldest/oldest_constraints.txt",
  "requirements-pinned/harmonbot/requirements.txt",
];

function pep503(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

/** Parses a corpus file by its corpus-relative path; includes are served from the corpus folder. */
function parseCorpus(rel: string): ParseResult {
  const ctx: ParseContext = {
    path: rel,
    content: readFileSync(join(corpus, rel), "utf8"),
    readRelated(from, relative) {
      const target = posix.normalize(posix.join(posix.dirname(from), relative));
      const abs = join(corpus, target);
      if (target.startsWith("..") || !existsSync(abs))
        return { ok: false, diagnostic: diagnostic("INCLUDE_MISSING", { file: relative }) };
      return { ok: true, path: target, content: readFileSync(abs, "utf8") };
    },
  };
  return requirementsParser.parse(ctx) as ParseResult;
}

function expectedSet(rel: string): string[] {
  const expectedPath = join(corpus, `${posix.dirname(rel)}.expected.json`);
  const list = JSON.parse(readFileSync(expectedPath, "utf8")) as Array<{ name: string; version: string }>;
  return [...new Set(list.map((e) => `${pep503(e.name)}@${e.version}`))].sort();
}

describe.skipIf(!present)(`requirements corpus (${present ? corpus : "corpus not found: skipped"})`, () => {
  for (const rel of FILES) {
    it(`${rel} matches its .expected.json`, () => {
      const result = parseCorpus(rel);
      const counted = result.packages.filter((p) => p.source === "registry");
      const got = [...new Set(counted.map((p) => `${pep503(p.name)}@${p.version}`))].sort();
      expect(got).toEqual(expectedSet(rel));
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      for (const p of result.packages) expect(p.location.line).toBeGreaterThan(0);
    });
  }

  it("oldest_constraints.txt is claimed by its name (*constraints*.txt), and sniff() recognises it too", () => {
    const rel = FILES[3] as string;
    expect(requirementsParser.matches(rel)).toBe(true);
    expect(requirementsParser.sniff?.(readFileSync(join(corpus, rel), "utf8"))).toBe(true);
  });

  it("warehouse-2021 follows its five -r includes into requirements/", () => {
    const result = parseCorpus(FILES[1] as string);
    const dir = "requirements-include/warehouse-2021/requirements";
    expect(result.related).toEqual(["main", "deploy", "docs", "lint", "tests"].map((f) => `${dir}/${f}.txt`));
    const alembic = result.packages.find((p) => p.name === "alembic");
    expect(alembic?.location).toEqual({ path: `${dir}/main.txt`, line: 7 });
    expect(alembic?.hashes?.map((h) => h.value.slice(0, 8))).toEqual(["4e02ed2a", "5334f323"]);
  });

  it("harmonbot: two URL requirements carry a version in their file name (checked, not locked), three git ones do not", () => {
    const result = parseCorpus(FILES[4] as string);
    expect(result.packages.filter((p) => p.source !== "registry")).toEqual([]);
    expect(
      (result.unlocked ?? []).map((p) => `${p.name}@${p.version} ${p.source} ${p.location.line}`),
    ).toEqual(["en_core_web_md@3.7.1 url 25", "youtube-dl@2023.12.07 url 87"]);
    expect(result.diagnostics.map((d) => `${d.code} ${d.location?.line}`)).toEqual([
      "OPTION_IGNORED 1",
      "URL_REQUIREMENT 5",
      "URL_REQUIREMENT 7",
      "URL_REQUIREMENT 9",
      "URL_REQUIREMENT_MATCHED 25",
      "URL_REQUIREMENT_MATCHED 87",
    ]);
  });

  it("certbot: a name pinned under several markers gives several packages", () => {
    const result = parseCorpus(FILES[2] as string);
    const sphinx = result.packages.filter((p) => p.name === "sphinx");
    expect(sphinx.length).toBe(3);
    expect(new Set(sphinx.map((p) => p.version)).size).toBe(3);
  });
});
