import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnostic } from "../../core/diagnostics.js";
import type { ParseContext } from "../../core/types.js";
import { packageJsonParser } from "./index.js";

const FIX = join(import.meta.dirname, "__fixtures__");

function ctxFor(rel: string): ParseContext {
  return {
    path: rel,
    content: readFileSync(join(FIX, rel), "utf8"),
    readRelated: (_from, relative) => ({
      ok: false,
      diagnostic: diagnostic("INCLUDE_MISSING", { file: relative }),
    }),
    exists: (from, relative) => {
      const target = posix.normalize(posix.join(posix.dirname(from), relative));
      return !target.startsWith("..") && existsSync(join(FIX, target));
    },
  };
}

function lines(rel: string): string[] {
  const r = packageJsonParser.parse(ctxFor(rel));
  if (r instanceof Promise) throw new Error("sync parser expected");
  expect(r.packages).toEqual([]);
  return r.diagnostics.map((d) => `${d.code} ${d.location?.line ?? "?"} ${d.message}`);
}

describe("package-json parser", () => {
  it("lists declared registry ranges with lines when no lockfile is near", () => {
    expect(lines("no-lock/package.json")).toEqual([
      "NO_LOCKFILE 1 no lockfile next to no-lock/package.json: versions not locked",
      "DECLARED_RANGE 5 left-pad ^1.3.0: declared range, not locked",
      "DECLARED_RANGE 9 @teale.io/eslint-config ~1.8.9: declared range, not locked",
    ]);
  });

  it("says once that a standalone manifest declares nothing to check", () => {
    expect(lines("no-deps/package.json")).toEqual([
      "NO_DEPENDENCIES_DECLARED 1 no-deps/package.json declares no registry dependencies and has no lockfile: nothing to check",
    ]);
    // file: and git specs are not registry dependencies either.
    expect(lines("local-only/package.json")).toEqual([
      "NO_DEPENDENCIES_DECLARED 1 local-only/package.json declares no registry dependencies and has no lockfile: nothing to check",
    ]);
    const r = packageJsonParser.parse(ctxFor("no-deps/package.json"));
    if (r instanceof Promise) throw new Error("sync parser expected");
    // Not "no lockfile": --resolve has nothing to look up for it.
    expect(r.variant).toBe("no lockfile, no dependencies");
    expect(r.diagnostics[0]?.severity).toBe("info");
  });

  it("reports valid JSON that is not an object as unparsable at line 1", () => {
    expect(lines("array.json")).toEqual([
      "LOCKFILE_UNPARSABLE 1 cannot parse: the top level is not a JSON object",
    ]);
  });

  it("says nothing when a lockfile sits beside it", () => {
    expect(lines("with-lock/package.json")).toEqual([]);
  });

  it("says nothing for a workspace member whose lockfile is in a parent folder", () => {
    expect(lines("nested/packages/app/package.json")).toEqual([]);
  });

  it("reports an empty file as nothing and a truncated one as unparsable with a line", () => {
    expect(lines("empty.json")).toEqual([]);
    const [d] = lines("truncated.json");
    expect(d).toMatch(/^LOCKFILE_UNPARSABLE 2 cannot parse/);
  });

  it("claims package.json but not inside node_modules", () => {
    expect(packageJsonParser.matches("a/package.json")).toBe(true);
    expect(packageJsonParser.matches("node_modules/a/package.json")).toBe(false);
    expect(packageJsonParser.matches("a/package-lock.json")).toBe(false);
  });
});
