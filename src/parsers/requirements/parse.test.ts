import { existsSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diagnostic } from "../../core/diagnostics.js";
import type { ParseResult } from "../../core/types.js";
import { parseFixture, parseText, summarize } from "../test-kit.js";
import { requirementsParser as parser } from "./index.js";

const fixture = (name: string): string => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const load = (name: string, asPath?: string): Promise<ParseResult> =>
  parseFixture(parser, fixture(name), asPath);

/** "CODE path:line" per diagnostic, in emission order. */
function diags(result: ParseResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.location?.path}:${d.location?.line}`);
}

describe("requirements: matches", () => {
  it.each([
    ["requirements.txt", true],
    ["app/requirements-dev.txt", true],
    ["dev_requirements.txt", true],
    ["Requirements.TXT", true],
    ["constraints.txt", true],
    ["ci/constraints-py312.txt", true],
    ["requirements/base.txt", true],
    ["src/requirements/prod/extra.txt", true],
    ["requirements.in", false],
    ["notes.txt", false],
    ["oldest_constraints.txt", true],
    ["tools/pip-constraints.txt", true],
    ["constraints.in", false],
    ["requirements/README.md", false],
  ])("%s → %s", (path, expected) => {
    expect(parser.matches(path)).toBe(expected);
  });
});

describe("requirements: sniff", () => {
  it("accepts lines of pins and rejects other text", () => {
    expect(parser.sniff?.(readFileSync(fixture("two-packages.txt"), "utf8"))).toBe(true);
    expect(parser.sniff?.(readFileSync(fixture("hashes.txt"), "utf8"))).toBe(true);
    expect(parser.sniff?.(readFileSync(fixture("one-package.txt"), "utf8"))).toBe(false);
    expect(parser.sniff?.(readFileSync(fixture("not-this-format.txt"), "utf8"))).toBe(false);
    expect(parser.sniff?.('[packages]\nclick = "==8.0.3"\nsix = "==1.16.0"\n')).toBe(false);
  });
});

describe("requirements: scenarios", () => {
  it("empty: no packages, no diagnostics", async () => {
    const r = await load("empty.txt");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics).toEqual([]);
    expect(r.related).toBeUndefined();
  });

  it("not-this-format: every line is reported, nothing is vouched for", async () => {
    const r = await load("not-this-format.txt");
    expect(r.packages).toEqual([]);
    expect(diags(r)).toEqual([1, 2, 3, 4].map((l) => `ENTRY_SKIPPED not-this-format.txt:${l}`));
    expect(r.diagnostics.every((d) => d.severity === "error")).toBe(true);
  });

  it("one-package", async () => {
    const r = await load("one-package.txt");
    expect(r.packages).toEqual([
      {
        ecosystem: "PyPI",
        name: "requests",
        version: "2.31.0",
        source: "registry",
        location: { path: "one-package.txt", line: 1 },
      },
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it("two-packages: comments, blank lines and spaces around ==", async () => {
    const r = await load("two-packages.txt");
    expect(summarize(r.packages)).toEqual(["Flask@3.0.0 4 registry", "requests@2.31.0 5 registry"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("dev-optional: extras are not groups; the format records none", async () => {
    const r = await load("dev-optional.txt");
    expect(summarize(r.packages)).toEqual([
      "pytest@8.0.0 2 registry",
      "requests@2.31.0 3 registry",
      "psycopg@3.1.15 4 registry",
    ]);
    expect(r.packages.every((p) => p.groups === undefined)).toBe(true);
  });

  it("source-git: editables, VCS, local and remote artifacts", async () => {
    const r = await load("source-git.txt");
    expect(summarize(r.packages)).toEqual([
      "proj@- 1 git",
      "local-pkg@- 2 path",
      "built_pkg@1.0.0 6 path",
      "vendored@0.1 8 path",
    ]);
    expect(summarize(r.unlocked ?? [])).toEqual(["remote_pkg@2.0.0 7 url"]);
    expect(r.packages.find((p) => p.name === "proj")?.resolved).toBe(
      "git+https://github.com/example/proj.git@v1.0#egg=proj",
    );
    expect(r.unlocked?.find((p) => p.name === "remote_pkg")?.resolved).toBe(
      "https://files.example.com/packages/remote_pkg-2.0.0-py3-none-any.whl",
    );
    expect(diags(r)).toEqual([
      "OPTION_IGNORED source-git.txt:3",
      "OPTION_IGNORED source-git.txt:4",
      "URL_REQUIREMENT source-git.txt:5",
      "URL_REQUIREMENT_MATCHED source-git.txt:7",
      "OPTION_IGNORED source-git.txt:9",
    ]);
  });

  it("two-versions: one name pinned under two markers gives two packages", async () => {
    const r = await load("two-versions.txt");
    expect(summarize(r.packages)).toEqual(["cython@0.29.37 1 registry", "cython@3.2.5 2 registry"]);
  });

  it("malicious: litellm 1.82.8 is reported at its line", async () => {
    const r = await load("malicious.txt");
    expect(summarize(r.packages)).toEqual([
      "fastapi@0.110.0 2 registry",
      "litellm@1.82.8 3 registry",
      "uvicorn@0.29.0 4 registry",
    ]);
  });

  it("hashes: --hash values on continuation lines, lowercased, both option spellings", async () => {
    const r = await load("hashes.txt");
    expect(summarize(r.packages)).toEqual(["certifi@2024.2.2 4 registry", "idna@3.6 8 registry"]);
    expect(r.packages[0]?.hashes).toEqual([
      { algorithm: "sha256", value: "0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f" },
      { algorithm: "sha256", value: "dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1" },
    ]);
    expect(r.packages[1]?.hashes).toEqual([
      { algorithm: "sha256", value: "c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb4af" },
      { algorithm: "md5", value: "0123456789abcdef0123456789abcdef" },
    ]);
  });

  it("continuations: a package's line is where its logical line starts", async () => {
    const r = await load("continuations.txt");
    expect(summarize(r.packages)).toEqual([
      "alembic@1.4.3 1 registry",
      "amqp@2.6.1 5 registry",
      "babel@2.9.0 6 registry",
      "celery@5.0.5 9 registry",
    ]);
    expect(r.packages[0]?.hashes?.length).toBe(1);
    expect(r.diagnostics).toEqual([]);
  });

  it("markers: kept out of the version, never evaluated", async () => {
    const r = await load("markers.txt");
    expect(summarize(r.packages)).toEqual([
      "colorama@0.4.6 1 registry",
      "importlib-metadata@7.0.1 2 registry",
      "tomli@2.0.1 3 registry",
    ]);
    expect(summarize(r.unlocked ?? [])).toEqual(["pywin32@306 4 url"]);
    expect(diags(r)).toEqual(["URL_REQUIREMENT_MATCHED markers.txt:4"]);
  });

  it("url-requirement: versions from wheel and sdist names, matched but kept out of the locked inventory", async () => {
    const r = await load("url-requirement.txt");
    expect(r.packages).toEqual([]);
    expect(summarize(r.unlocked ?? [])).toEqual([
      "en_core_web_md@3.7.1 1 url",
      "youtube-dl@2023.12.07 2 url",
      "Django@4.2.11 3 url",
    ]);
    expect(r.unlocked?.[0]?.hashes).toEqual([
      { algorithm: "sha256", value: "0d9d2e8b1c07b5e0f8a8a0b1f5e5c7d3b7a6f1e2d3c4b5a697887766554433ab" },
    ]);
    expect(diags(r)).toEqual([
      "URL_REQUIREMENT_MATCHED url-requirement.txt:1",
      "URL_REQUIREMENT_MATCHED url-requirement.txt:2",
      "URL_REQUIREMENT_MATCHED url-requirement.txt:3",
      "URL_REQUIREMENT url-requirement.txt:4",
      "URL_REQUIREMENT url-requirement.txt:5",
      "URL_REQUIREMENT url-requirement.txt:6",
    ]);
  });

  it("not-pinned: ranges, bare names and wildcards are diagnostics, never guessed", async () => {
    const r = await load("not-pinned.txt");
    expect(summarize(r.packages)).toEqual(["scipy@1.11.4 6 registry", "attrs@23.1.0 8 registry"]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.location?.line} ${d.message}`)).toEqual([
      "VERSION_NOT_PINNED 1 requests is not pinned to one version; not matched (pin it with == to check it)",
      "VERSION_NOT_PINNED 2 flask >=2.0 is not pinned to one version; not matched (pin it with == to check it)",
      "VERSION_NOT_PINNED 3 django >=4.2,<5 is not pinned to one version; not matched (pin it with == to check it)",
      "VERSION_NOT_PINNED 4 numpy ==1.* is not pinned to one version; not matched (pin it with == to check it)",
      "VERSION_NOT_PINNED 5 pandas ~=2.1.0 is not pinned to one version; not matched (pin it with == to check it)",
      "VERSION_NOT_PINNED 7 click ==8.1.7,==8.1.7 is not pinned to one version; not matched (pin it with == to check it)",
    ]);
  });

  it("malformed: each unreadable line is an error at its line; the rest still parses", async () => {
    const r = await load("malformed.txt");
    expect(summarize(r.packages)).toEqual(["ok-package@1.0 1 registry"]);
    expect(diags(r)).toEqual([2, 3, 4, 5, 6, 7, 8].map((l) => `ENTRY_SKIPPED malformed.txt:${l}`));
    expect(r.diagnostics.every((d) => d.severity === "error")).toBe(true);
    // Hostile text stays data: the escape sequence is carried as is for the reporter to escape.
    expect(r.diagnostics[3]?.message).toContain("\u001b[31mevil");
  });

  it("unknown-line: a line that is neither a requirement nor an option pip knows is a warning at its line", async () => {
    const r = await load("unknown-line.txt");
    expect(summarize(r.packages)).toEqual(["six@1.16.0 3 registry"]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.message])).toEqual([
      [
        "ENTRY_SKIPPED",
        "warning",
        2,
        "entry --- skipped: --- is neither a requirement nor an option pip knows",
      ],
      [
        "ENTRY_SKIPPED",
        "warning",
        4,
        "entry --no-such-option skipped: --no-such-option is neither a requirement nor an option pip knows",
      ],
    ]);
  });

  it("nothing-required: comments and options only lock nothing, said once as info", async () => {
    const r = await load("nothing-required.txt");
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ["NO_PACKAGES_LOCKED", "info", "locks no packages (no requirement lines): nothing to check"],
    ]);
    const comment = await parseText(parser, "requirements.txt", "# pinned elsewhere\n");
    expect(diags(comment)).toEqual(["NO_PACKAGES_LOCKED requirements.txt:undefined"]);
  });

  it("options: index and install options are skipped silently", async () => {
    const r = await load("options.txt");
    expect(summarize(r.packages)).toEqual(["six@1.16.0 11 registry"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("bom-crlf: a UTF-8 BOM and CRLF line ends", async () => {
    const r = await load("bom-crlf.txt");
    expect(summarize(r.packages)).toEqual([
      "six@1.16.0 1 registry",
      "idna@3.6 2 registry",
      "urllib3@2.2.1 5 registry",
    ]);
    expect(r.packages[1]?.hashes?.[0]?.value).toBe(
      "c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb4af",
    );
  });

  it("include: -r chains are followed once per file; a cycle ends, a missing file is an error", async () => {
    const r = await load("include/requirements.txt");
    expect(r.packages.map((p) => `${p.name}@${p.version} ${p.location.path}:${p.location.line}`)).toEqual([
      "django@4.2.0 base.txt:1",
      "pytest@8.0.0 sub/dev.txt:3",
      "flask@3.0.0 requirements.txt:5",
    ]);
    expect(r.related).toEqual(["base.txt", "sub/dev.txt"]);
    expect(diags(r)).toEqual([
      "INCLUDE_CYCLE sub/dev.txt:1",
      "INCLUDE_CYCLE sub/dev.txt:2",
      "INCLUDE_MISSING requirements.txt:4",
    ]);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(["info", "info", "error"]);
  });

  it("include: paths are relative to the including file, whatever the entry path", async () => {
    const root = fixture("");
    const r = await parser.parse({
      path: "include/requirements.txt",
      content: readFileSync(`${root}include/requirements.txt`, "utf8"),
      readRelated(from, relative) {
        const path = posix.normalize(posix.join(posix.dirname(from), relative));
        if (!existsSync(`${root}${path}`))
          return { ok: false, diagnostic: diagnostic("INCLUDE_MISSING", { file: relative }) };
        return { ok: true, path, content: readFileSync(`${root}${path}`, "utf8") };
      },
    });
    expect(r.related).toEqual(["include/base.txt", "include/sub/dev.txt"]);
    expect(r.packages[1]?.location).toEqual({ path: "include/sub/dev.txt", line: 3 });
  });

  it("constraints: -c is recorded, not followed; a constraints file parses as requirements", async () => {
    const r = await load("constraints/requirements.txt");
    expect(r.packages).toEqual([]);
    expect(r.related).toBeUndefined();
    expect(diags(r)).toEqual([
      "CONSTRAINTS_FILE requirements.txt:1",
      "CONSTRAINTS_FILE requirements.txt:2",
      "VERSION_NOT_PINNED requirements.txt:3",
    ]);
    const c = await load("constraints/constraints.txt");
    expect(summarize(c.packages)).toEqual(["requests@2.31.0 1 registry", "urllib3@2.2.1 2 registry"]);
  });
});

describe("requirements: pip's line handling", () => {
  it("splits where Python's splitlines() does, but counts lines on CR/LF only", async () => {
    const r = await parseText(
      parser,
      "requirements.txt",
      "six==1.16.0\u2028litellm==1.82.7\nidna==3.6\rattrs==23.1.0\n",
    );
    expect(summarize(r.packages)).toEqual([
      "litellm@1.82.7 1 registry",
      "six@1.16.0 1 registry",
      "idna@3.6 2 registry",
      "attrs@23.1.0 3 registry",
    ]);
  });

  it("a # without whitespace before it is not a comment", async () => {
    const r = await parseText(parser, "requirements.txt", "telnyx==4.87.1#pinned\ntelnyx==4.87.2 #pinned\n");
    expect(summarize(r.packages)).toEqual(["telnyx@4.87.2 2 registry"]);
    expect(diags(r)).toEqual(["ENTRY_SKIPPED requirements.txt:1"]);
  });

  it("a remote -r include is not fetched", async () => {
    const r = await parseText(parser, "requirements.txt", "-r https://example.com/reqs.txt\n");
    expect(diags(r)).toEqual(["INCLUDE_OUTSIDE_ROOT requirements.txt:1"]);
  });

  it("long option prefixes are read as pip reads them", async () => {
    const r = await parseText(parser, "requirements.txt", "--constr c.txt\n--req=other.txt\n");
    // --req is ambiguous (--requirement, --require-hashes): pip rejects it, we warn and read on.
    expect(diags(r)).toEqual(["CONSTRAINTS_FILE requirements.txt:1", "ENTRY_SKIPPED requirements.txt:2"]);
    expect(r.diagnostics[1]?.severity).toBe("warning");
  });
});

describe("requirements: hostile input", () => {
  it("quotes at most a short excerpt of a huge unreadable line", async () => {
    const r = await parseText(parser, "requirements.txt", `a==1 ${"x".repeat(1_000_000)}\n`);
    expect(diags(r)).toEqual(["ENTRY_SKIPPED requirements.txt:1"]);
    expect(r.diagnostics[0]?.message.length).toBeLessThan(300);
  });

  it("never throws, and every package sits on a line of the file", () => {
    const alphabet = fc.constantFrom(
      ..."ab1.=<>~![],;@#\\ \t\r\n-e/:+*'\"".split(""),
      "==",
      "--hash=sha256:",
      "\u2028",
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (parts) => {
        const content = parts.join("");
        const r = parser.parse({
          path: "requirements.txt",
          content,
          readRelated: (_from, relative) => ({ ok: true, path: relative, content }),
        }) as ParseResult;
        const lines = content.split(/\r\n|\r|\n/).length;
        for (const p of r.packages) {
          expect(p.location.line).toBeGreaterThanOrEqual(1);
          expect(p.location.line).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 500 },
    );
  });
});
