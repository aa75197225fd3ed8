// In a scanner a dropped entry is a missed advisory, so nothing may vanish without a word:
//  - across the whole corpus (../shared/corpus), through the CLI: every lockfile of the MANIFEST
//    is in `files` with its parser (or named by a diagnostic), each file's package count is the
//    number of its packages in `packages` (includes accounted for), and the counts add up;
//  - for every parser fixture: a non-blank file yields packages or diagnostics, and in the formats
//    whose entries are easy to enumerate independently (package-lock v2/v3, Pipfile.lock, and the
//    TOML lockfiles), every entry is a package or is matched by a diagnostic.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative } from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import type { LockfileParser, ParseContext, ParseResult, RegisteredParser } from "../src/core/types.js";
import { PARSERS } from "../src/parsers/index.js";
import { json, REPO, run, SHARED } from "./harness.js";

const CORPUS = join(SHARED, "corpus");
const MANIFEST = join(CORPUS, "MANIFEST.tsv");
const HAVE_CORPUS = existsSync(MANIFEST);

interface ManifestRow {
  path: string;
  format: string;
  expected_packages: string;
  role: string;
}

function manifest(): ManifestRow[] {
  const [head, ...lines] = readFileSync(MANIFEST, "utf8").trimEnd().split("\n");
  const cols = (head ?? "").split("\t");
  return lines.map(
    (l) => Object.fromEntries(l.split("\t").map((v, i) => [cols[i], v])) as unknown as ManifestRow,
  );
}

/** The requirement files a requirements file pulls in with -r, transitively (repo-relative, POSIX). */
function includeClosure(file: string): Set<string> {
  const out = new Set<string>([file]);
  const todo = [file];
  while (todo.length > 0) {
    const f = todo.pop() as string;
    let text: string;
    try {
      text = readFileSync(join(CORPUS, f), "utf8");
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^\s*(?:-r|--requirement)(?:\s+|=)(\S+)/gm)) {
      const inc = posix.normalize(posix.join(posix.dirname(f), m[1] as string));
      if (!out.has(inc)) {
        out.add(inc);
        todo.push(inc);
      }
    }
  }
  return out;
}

/**
 * MANIFEST lockfiles a folder scan does not see today, with why. The test asserts each is still
 * missed, so an entry must go once the walk picks the file up.
 */
const KNOWN_UNSCANNED: Record<string, string> = {};

describe.skipIf(!HAVE_CORPUS)("no silent drops across the corpus (CLI, --all-packages)", () => {
  const rows = HAVE_CORPUS ? manifest() : [];
  const folders = [
    ...new Set(rows.filter((r) => r.role === "lock").map((r) => r.path.split("/")[0] as string)),
  ].sort();

  it.each(folders)("%s", async (folder) => {
    const r = await run(["scan", folder, "--format", "json", "--all-packages"], { cwd: CORPUS });
    const report = json(r);
    const packages = report.packages ?? [];
    const files = new Map(report.files.map((f) => [f.path, f]));

    // 1. The counts in files[] add up to the inventory.
    expect(report.files.reduce((n, f) => n + f.packages, 0)).toBe(packages.length);

    // 2. Each file's count is the number of its packages, a -r include's packages counting for
    //    every file that reads it (an included file scanned on its own is read twice).
    const located = new Map<string, number>();
    for (const p of packages) located.set(p.location.path, (located.get(p.location.path) ?? 0) + 1);
    const closures = new Map(
      report.files.map((f) => [
        f.path,
        f.parser === "requirements" ? includeClosure(f.path) : new Set([f.path]),
      ]),
    );
    const readers = new Map<string, number>();
    for (const c of closures.values()) for (const g of c) readers.set(g, (readers.get(g) ?? 0) + 1);
    for (const path of located.keys())
      expect(readers.get(path), `${path} holds packages no scanned file accounts for`).toBeGreaterThan(0);
    const own = (g: string): number => (located.get(g) ?? 0) / (readers.get(g) ?? 1);
    for (const [path, closure] of closures) {
      for (const g of closure) expect(Number.isInteger(own(g)), `${g} is read unevenly`).toBe(true);
      const expected = [...closure].reduce((n, g) => n + own(g), 0);
      expect(files.get(path)?.packages, `${path}: files[] count vs its packages`).toBe(expected);
    }

    // 3. Every lockfile of the MANIFEST was parsed, or a diagnostic says why not; a lockfile that
    //    should hold packages but gave none must come with an error naming it.
    for (const row of rows.filter((x) => x.role === "lock" && x.path.startsWith(`${folder}/`))) {
      const f = files.get(row.path);
      const about = report.diagnostics.filter((d) => d.location?.path === row.path);
      if (row.path in KNOWN_UNSCANNED) {
        // Still missed? When this fails the walk now finds it: delete its KNOWN_UNSCANNED entry.
        expect(f === undefined && about.length === 0, KNOWN_UNSCANNED[row.path]).toBe(true);
        continue;
      }
      if (!f) {
        expect(about.length, `${row.path} is neither scanned nor named by a diagnostic`).toBeGreaterThan(0);
        continue;
      }
      expect(f.parser).not.toBe("");
      if (Number(row.expected_packages) > 0 && f.packages === 0)
        expect(
          about.filter((d) => d.severity === "error").length,
          `${row.path} gave 0 packages silently`,
        ).toBeGreaterThan(0);
    }
  });
});

it.runIf(!HAVE_CORPUS)(
  `corpus checks skipped: ${CORPUS} is absent (shared/corpus holds the real lockfiles)`,
  () => {
    expect(HAVE_CORPUS).toBe(false);
  },
);

// ---------------------------------------------------------------------------------------------
// Parser fixtures

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** A context rooted at the fixture folder: related files and siblings are served from it. */
function fixtureContext(root: string, path: string, content: string): ParseContext {
  const inside = (from: string, rel: string): string | undefined => {
    const p = posix.normalize(posix.join(posix.dirname(from), rel));
    return p.startsWith("..") ? undefined : p;
  };
  return {
    path,
    content,
    readRelated(from, rel) {
      const p = inside(from, rel);
      if (p === undefined)
        return { ok: false, diagnostic: { code: "INCLUDE_OUTSIDE_ROOT", severity: "error", message: rel } };
      if (!existsSync(join(root, p)))
        return { ok: false, diagnostic: { code: "INCLUDE_MISSING", severity: "error", message: rel } };
      return { ok: true, path: p, content: readFileSync(join(root, p), "utf8") };
    },
    exists(from, rel) {
      const p = inside(from, rel);
      return p !== undefined && existsSync(join(root, p)) && statSync(join(root, p)).isFile();
    },
  };
}

interface Fixture {
  /** Path under src/parsers/ (for messages and the known list). */
  id: string;
  root: string;
  path: string;
  content: string;
  parser: RegisteredParser;
}

/** Every fixture file, with the parser that claims its name (a sibling manifest) or else its folder's parser. */
function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const p of PARSERS) {
    const root = join(REPO, "src", "parsers", p.id, "__fixtures__");
    if (!existsSync(root)) continue;
    for (const file of filesUnder(root)) {
      const path = relative(root, file).split("\\").join("/");
      const parser = p.matches(path) ? p : (PARSERS.find((q) => q.matches(path)) ?? p);
      out.push({
        id: `${p.id}/__fixtures__/${path}`,
        root,
        path,
        content: readFileSync(file, "utf8"),
        parser,
      });
    }
  }
  return out;
}

/**
 * Non-blank fixtures that parse to nothing and say nothing. Only manifests are allowed here: one
 * beside its lockfile, or a workspace member under a parent lockfile, is deliberately quiet (the
 * lockfile's parser covers it, and a note per manifest would be noise). A lockfile, or a manifest
 * on its own, must always say something (NO_PACKAGES_LOCKED, NO_DEPENDENCIES_DECLARED at least).
 * The test below asserts each entry is still silent, so the list cannot go stale.
 */
const KNOWN_SILENT: Record<string, string> = {
  "package-json/__fixtures__/with-lock/package.json": "a manifest beside its lockfile (deliberately quiet)",
  "package-json/__fixtures__/nested/packages/app/package.json": "a workspace manifest (deliberately quiet)",
  "poetry-lock/__fixtures__/graph/pyproject.toml": "a manifest beside its lockfile (deliberately quiet)",
  "pdm-lock/__fixtures__/dev-optional/pyproject.toml": "a manifest beside its lockfile (deliberately quiet)",
  "pyproject/__fixtures__/with-requirements/pyproject.toml":
    "a manifest beside requirements.txt (deliberately quiet)",
  "pyproject/__fixtures__/with-uv-lock/pyproject.toml": "a manifest beside its lockfile (deliberately quiet)",
  "pyproject/__fixtures__/workspace/packages/member/pyproject.toml":
    "a uv workspace member (deliberately quiet)",
  "yarn-lock/__fixtures__/dev-optional.berry/package.json":
    "a manifest beside its lockfile (deliberately quiet)",
  "yarn-lock/__fixtures__/dev-optional.v1/package.json":
    "a manifest beside its lockfile (deliberately quiet)",
  "yarn-lock/__fixtures__/patch.berry/package.json": "a manifest beside its lockfile (deliberately quiet)",
  "yarn-lock/__fixtures__/workspace.berry/package.json":
    "a manifest beside its lockfile (deliberately quiet)",
  "yarn-lock/__fixtures__/workspace.berry/packages/a/package.json":
    "a workspace manifest (deliberately quiet)",
  "yarn-lock/__fixtures__/workspace.berry/packages/b/package.json":
    "a workspace manifest (deliberately quiet)",
  "package-lock/__fixtures__/graph-v1/package.json": "a manifest beside its lockfile (deliberately quiet)",
};

async function parseFixture(f: Fixture): Promise<{ parser: LockfileParser; result: ParseResult }> {
  const parser = await f.parser.load();
  return { parser, result: await parser.parse(fixtureContext(f.root, f.path, f.content)) };
}

function heard(r: ParseResult): boolean {
  return r.packages.length > 0 || r.diagnostics.length > 0 || (r.unlocked?.length ?? 0) > 0;
}

describe("every fixture: a non-blank file yields packages or diagnostics", () => {
  const all = fixtures().filter((f) => f.content.trim() !== "");
  it.each(all.map((f) => [f.id, f] as const))("%s", async (id, f) => {
    const { result } = await parseFixture(f);
    if (id in KNOWN_SILENT) {
      // Still silent? When this fails the parser now reports the file: delete its KNOWN_SILENT entry.
      expect(heard(result), `${id}: ${KNOWN_SILENT[id]}`).toBe(false);
    } else {
      expect(heard(result), `${id} gave no package and no diagnostic`).toBe(true);
    }
  });

  it("the known-silent list names only real fixtures", () => {
    const ids = new Set(fixtures().map((f) => f.id));
    expect(Object.keys(KNOWN_SILENT).filter((k) => !ids.has(k))).toEqual([]);
    // Only manifests may stay quiet; a lockfile that locks nothing says so.
    expect(Object.keys(KNOWN_SILENT).filter((k) => !/\/(package\.json|pyproject\.toml)$/.test(k))).toEqual(
      [],
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Entry by entry, where the entries can be listed without the parser's help.

const normal = (name: string): string => name.replace(/[-_.]+/g, "-").toLowerCase();

interface Entry {
  /** What identifies the entry among the parser's packages. */
  key: string;
  label: string;
}

/** The entries of a lockfile, enumerated straight from JSON.parse / smol-toml, or undefined for other formats. */
function entriesOf(
  parserId: string,
  content: string,
): { entries: Entry[]; by: "nodeId" | "name" } | undefined {
  const text = content.replace(/^\ufeff/, "");
  try {
    if (parserId === "package-lock") {
      const doc = JSON.parse(text) as { lockfileVersion?: number; packages?: Record<string, unknown> };
      if (!doc.packages || (doc.lockfileVersion ?? 1) < 2) return undefined;
      const keys = Object.keys(doc.packages).filter((k) => k !== "");
      return { entries: keys.map((k) => ({ key: k, label: k })), by: "nodeId" };
    }
    if (parserId === "pipfile-lock") {
      const doc = JSON.parse(text) as Record<string, unknown>;
      const entries: Entry[] = [];
      for (const [section, value] of Object.entries(doc)) {
        if (section === "_meta" || !value || typeof value !== "object") continue;
        for (const name of Object.keys(value))
          entries.push({ key: normal(name), label: `${section}.${name}` });
      }
      return { entries, by: "name" };
    }
    const tables: Record<string, string> = {
      "uv-lock": "package",
      "pdm-lock": "package",
      "poetry-lock": "package",
      "pylock-toml": "packages",
    };
    const table = tables[parserId];
    if (table) {
      const list = (parseToml(text) as Record<string, unknown>)[table];
      if (!Array.isArray(list)) return { entries: [], by: "name" };
      return {
        entries: list.map((e, i) => {
          const name =
            typeof (e as { name?: unknown }).name === "string" ? (e as { name: string }).name : `#${i}`;
          return { key: normal(name), label: `${table}[${i}] ${name}` };
        }),
        by: "name",
      };
    }
  } catch {
    return undefined; // not parseable: the non-blank check above covers it
  }
  return undefined;
}

describe("every entry of an enumerable fixture or corpus lockfile is a package or has a diagnostic", () => {
  const corpusLocks = HAVE_CORPUS
    ? manifest()
        .filter((r) => r.role === "lock")
        .map((r) => {
          const parser = PARSERS.find((p) => p.matches(r.path));
          return parser
            ? {
                id: `corpus/${r.path}`,
                root: CORPUS,
                path: r.path,
                content: readFileSync(join(CORPUS, r.path), "utf8"),
                parser,
              }
            : undefined;
        })
        .filter((x): x is Fixture => x !== undefined)
    : [];
  const cases = [...fixtures(), ...corpusLocks].filter(
    (f) => entriesOf(f.parser.id, f.content) !== undefined,
  );

  it("covers several formats", () => {
    expect(new Set(cases.map((c) => c.parser.id)).size).toBeGreaterThanOrEqual(HAVE_CORPUS ? 6 : 5);
  });

  it.each(cases.map((f) => [f.id, f] as const))("%s", async (_id, f) => {
    const listed = entriesOf(f.parser.id, f.content);
    const { result } = await parseFixture(f);
    const have = new Set(
      result.packages.map((p) => (listed?.by === "nodeId" ? (p.nodeId ?? "") : normal(p.alias ?? p.name))),
    );
    for (const p of result.packages) have.add(normal(p.name));
    const uncovered = (listed?.entries ?? []).filter((e) => !have.has(e.key)).map((e) => e.label);
    // An entry may be left out only with a word (an info note counts): at most one per diagnostic.
    expect(uncovered.length, `silently dropped: ${uncovered.join(", ")}`).toBeLessThanOrEqual(
      result.diagnostics.length,
    );
  });
});
