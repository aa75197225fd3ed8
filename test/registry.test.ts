import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatsTable } from "../src/cli/help.js";
import { PARSERS } from "../src/parsers/index.js";
import { REPO } from "./harness.js";

const PARSER_DIR = join(REPO, "src", "parsers");

/** One real-looking path per file kind; each must be claimed by exactly one parser. */
const CANONICAL_PATHS = [
  "package-lock.json",
  "npm-shrinkwrap.json",
  "web/package-lock.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "bun.lockb",
  "package.json",
  "requirements.txt",
  "requirements-dev.txt",
  "dev-requirements.txt",
  "requirements/base.txt",
  "constraints.txt",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "pdm.lock",
  "pylock.toml",
  "pylock.dev.toml",
  "pyproject.toml",
  ".venv/lib/python3.12/site-packages/litellm-1.82.8.dist-info/METADATA",
  "venv/lib/python3.11/site-packages/foo.egg-info/PKG-INFO",
];

const NOT_CLAIMED = [
  "README.md",
  "node_modules/.package-lock.json",
  "src/index.ts",
  "notes.txt",
  "Pipfile",
  "setup.py",
];

describe("parser registry", () => {
  it("registers every parser folder, with the folder name as id", () => {
    const folders = readdirSync(PARSER_DIR).filter((f) => statSync(join(PARSER_DIR, f)).isDirectory());
    expect(PARSERS.map((p) => p.id).sort()).toEqual(folders.sort());
  });

  it("has unique ids", () => {
    const ids = PARSERS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(CANONICAL_PATHS)("exactly one parser claims %s", (path) => {
    const claims = PARSERS.filter((p) => p.matches(path)).map((p) => p.id);
    expect(claims).toHaveLength(1);
  });

  it.each(NOT_CLAIMED)("no parser claims %s", (path) => {
    expect(PARSERS.filter((p) => p.matches(path)).map((p) => p.id)).toEqual([]);
  });

  it("every parser folder has a README and a test", () => {
    for (const p of PARSERS) {
      const files = readdirSync(join(PARSER_DIR, p.id));
      expect(files, p.id).toContain("README.md");
      expect(
        files.some((f) => f.endsWith(".test.ts")),
        p.id,
      ).toBe(true);
    }
  });
});

describe("README", () => {
  it("carries the formats table generated from the registry (run `npm run docs` to refresh)", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const m = /<!-- formats:start -->\n([\s\S]*?)\n<!-- formats:end -->/.exec(readme);
    expect(m, "README has the formats markers").not.toBeNull();
    expect(m?.[1]).toBe(formatsTable());
  });
});
