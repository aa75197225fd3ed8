import { describe, expect, it } from "vitest";
import type { PackageRef } from "../core/types.js";
import { json } from "./json.js";
import { EVIL, hostileResult, options, scanResult, teampcpResult, unsafeCodePoints } from "./test-kit.js";

describe("json reporter", () => {
  it("writes the envelope with a fixed key order, 2-space indent and a trailing newline", () => {
    const r = teampcpResult();
    // Build the result with keys in a scrambled order: the output order must not follow it.
    const scrambled = Object.fromEntries(Object.entries(r).reverse()) as unknown as typeof r;
    expect(Object.keys(scrambled)[0]).toBe("diagnostics");
    const out = json(scrambled, options());
    expect(Object.keys(JSON.parse(out))).toEqual([
      "schemaVersion",
      "tool",
      "database",
      "files",
      "findings",
      "diagnostics",
    ]);
    expect(out.startsWith('{\n  "schemaVersion": 1,\n  "tool": {')).toBe(true);
    expect(out.endsWith("}\n")).toBe(true);
  });

  it("round-trips the data verbatim", () => {
    const r = teampcpResult();
    expect(JSON.parse(json(r, options()))).toEqual(r);
  });

  it("includes packages only when the result has them", () => {
    expect(JSON.parse(json(scanResult(), options()))).not.toHaveProperty("packages");
    const pkg: PackageRef = {
      ecosystem: "PyPI",
      name: "litellm",
      version: "1.82.8",
      source: "registry",
      location: { path: "requirements.txt", line: 3 },
    };
    const parsed = JSON.parse(json(scanResult({ packages: [pkg] }), options()));
    expect(Object.keys(parsed).at(-1)).toBe("packages");
    expect(parsed.packages).toEqual([pkg]);
  });

  it("keeps hostile strings exactly, escaped so no raw control or bidi byte is written", () => {
    const r = hostileResult();
    const out = json(r, options());
    expect(JSON.parse(out)).toEqual(r);
    expect(out).toContain("evil\\u001b[2J\\u202e\\r\\npkg");
    expect(out).not.toContain(EVIL);
    expect(unsafeCodePoints(out.replace(/\n/g, ""))).toEqual([]);
  });
});
