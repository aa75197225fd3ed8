import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnostic } from "../../core/diagnostics.js";
import type { ParseResult } from "../../core/types.js";
import { parseText } from "../test-kit.js";
import { pyprojectParser } from "./index.js";

const fixtures = join(import.meta.dirname, "__fixtures__");

/** Parses `<fixture>/<rel>` with readRelated serving the whole fixture folder (ancestors included). */
function parseTree(fixture: string, rel = "pyproject.toml"): Promise<ParseResult> {
  const root = join(fixtures, fixture);
  return Promise.resolve(
    pyprojectParser.parse({
      path: rel,
      content: readFileSync(join(root, rel), "utf8"),
      readRelated(from, relative) {
        const target = posix.normalize(posix.join(posix.dirname(from), relative));
        if (target.startsWith(".."))
          return { ok: false, diagnostic: diagnostic("INCLUDE_OUTSIDE_ROOT", { file: relative }) };
        const abs = join(root, target);
        if (!existsSync(abs))
          return { ok: false, diagnostic: diagnostic("INCLUDE_MISSING", { file: relative }) };
        return { ok: true, path: target, content: readFileSync(abs, "utf8") };
      },
    }),
  );
}
const lines = (r: ParseResult): string[] =>
  r.diagnostics.map((d) => `${d.code}@${d.location?.line ?? "-"} ${d.severity}: ${d.message}`);

describe("pyproject: matches", () => {
  it.each([
    ["pyproject.toml", true],
    ["libs/core/pyproject.toml", true],
    ["pyproject.toml.orig", false],
    ["pylock.toml", false],
  ])("%s → %s", (path, expected) => {
    expect(pyprojectParser.matches(path)).toBe(expected);
  });
});

describe("pyproject: scenarios", () => {
  it("empty file: nothing", async () => {
    const r = await parseTree("empty");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it("not TOML: one LOCKFILE_UNPARSABLE at the line", async () => {
    const r = await parseTree("not-toml");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => `${d.code}@${d.location?.line}`)).toEqual(["LOCKFILE_UNPARSABLE@1"]);
  });

  it("no dependencies (the build backend is not one): one info note, nothing else", async () => {
    const r = await parseTree("no-deps");
    expect(r.packages).toEqual([]);
    expect(lines(r)).toEqual([
      "NO_DEPENDENCIES_DECLARED@- info: pyproject.toml declares no registry dependencies and has no lockfile: nothing to check",
    ]);
    expect(r.variant).toBe("no lockfile, no dependencies");
  });

  it("tool settings only (no [project] table): the same info note", async () => {
    const r = await parseTree("tool-config-only");
    expect(lines(r)).toEqual([
      "NO_DEPENDENCIES_DECLARED@- info: pyproject.toml declares no registry dependencies and has no lockfile: nothing to check",
    ]);
  });

  it("PEP 621 and PEP 735: one NO_LOCKFILE, then each declared range at its element's line", async () => {
    const r = await parseTree("pep621");
    expect(r.packages).toEqual([]);
    expect(lines(r)).toEqual([
      "NO_LOCKFILE@- info: no lockfile next to pyproject.toml: versions not locked",
      "DECLARED_RANGE@9 info: httpx >=0.27,<1: declared range, not locked",
      "DECLARED_RANGE@10 info: PyYAML *: declared range, not locked",
      "DECLARED_RANGE@11 info: tomli >=1.1: declared range, not locked",
      "DECLARED_RANGE@12 info: pip @ https://example.com/pip-24.0-py3-none-any.whl: declared range, not locked",
      "DECLARED_RANGE@16 info: rich >=13: declared range, not locked",
      "DECLARED_RANGE@16 info: typer *: declared range, not locked",
      "DECLARED_RANGE@20 info: pytest >=8: declared range, not locked",
      "DECLARED_RANGE@23 info: ruff ==0.6.9: declared range, not locked",
    ]);
  });

  it("Poetry: main dependencies (not python), groups, legacy dev-dependencies at their key lines", async () => {
    const r = await parseTree("poetry");
    expect(lines(r)).toEqual([
      "NO_LOCKFILE@- info: no lockfile next to pyproject.toml: versions not locked",
      "DECLARED_RANGE@8 info: requests ^2.31: declared range, not locked",
      "DECLARED_RANGE@9 info: numpy <2 || >=2: declared range, not locked",
      "DECLARED_RANGE@13 info: internal git https://github.com/example/internal.git: declared range, not locked",
      "DECLARED_RANGE@16 info: pytest ^8.0: declared range, not locked",
      "DECLARED_RANGE@19 info: black *: declared range, not locked",
    ]);
  });

  it.each(["with-uv-lock", "with-requirements"])(
    "%s: a lockfile beside it → nothing at all",
    async (name) => {
      const r = await parseTree(name);
      expect(r.diagnostics).toEqual([]);
      expect(r.packages).toEqual([]);
    },
  );

  it("uv workspace: a member listed in the root uv.lock → nothing; a folder that is not a member → reported", async () => {
    const member = await parseTree("workspace", "packages/member/pyproject.toml");
    expect(member.diagnostics).toEqual([]);
    const standalone = await parseTree("workspace", "packages/standalone/pyproject.toml");
    expect(lines(standalone)).toEqual([
      "NO_LOCKFILE@- info: no lockfile next to packages/standalone/pyproject.toml: versions not locked",
      "DECLARED_RANGE@4 info: httpx *: declared range, not locked",
    ]);
  });

  it("a compromised pin is declared, not locked: no package is invented from it", async () => {
    const r = await parseTree("malicious");
    expect(r.packages).toEqual([]);
    expect(lines(r)).toEqual([
      "NO_LOCKFILE@- info: no lockfile next to pyproject.toml: versions not locked",
      "DECLARED_RANGE@4 info: litellm ==1.82.8: declared range, not locked",
    ]);
  });
});

describe("pyproject: hostile input", () => {
  it("CRLF, BOM, dotted keys, inline tables, brackets and comments inside strings", async () => {
    const text = [
      "\ufeffproject.name = 'tricky'",
      "project.dependencies = [",
      "  'a[x]>=1 ; python_version < \"3.11\"', # comment with ] and [[x]]",
      '  """b==2""",',
      "]",
      "[project.optional-dependencies.docs]",
      "",
      "[tool.pdm.dev-dependencies]",
      "lint = ['c~=1.0']",
      "[tool.uv]",
      "dev-dependencies = ['d!=3', 42, 'not a requirement!']",
      "[tool.poetry.group.extra.dependencies]",
      "'e.f' = { path = '../e' }",
    ].join("\r\n");
    const r = await parseText(pyprojectParser, "pyproject.toml", text);
    expect(r.diagnostics.map((d) => `${d.code}@${d.location?.line ?? "-"} ${d.message}`)).toEqual([
      "NO_LOCKFILE@- no lockfile next to pyproject.toml: versions not locked",
      "DECLARED_RANGE@3 a >=1: declared range, not locked",
      "DECLARED_RANGE@4 b ==2: declared range, not locked",
      "DECLARED_RANGE@9 c ~=1.0: declared range, not locked",
      "DECLARED_RANGE@11 d !=3: declared range, not locked",
      "ENTRY_SKIPPED@11 entry tool.uv.dev-dependencies[1] skipped: not a string",
      "ENTRY_SKIPPED@11 entry tool.uv.dev-dependencies[2] skipped: not a PEP 508 requirement",
      "DECLARED_RANGE@13 e.f path ../e: declared range, not locked",
    ]);
  });
});
