import { describe, expect, it } from "vitest";
import { FORMAT_NAMES, isFormatName, REPORTERS } from "./index.js";
import { cleanResult, options, teampcpResult } from "./test-kit.js";

describe("reporter registry", () => {
  it("offers exactly the five formats", () => {
    expect(FORMAT_NAMES).toEqual(["table", "json", "sarif", "markdown", "github"]);
  });

  it("accepts only registered names, not inherited object keys", () => {
    expect(isFormatName("sarif")).toBe(true);
    for (const name of ["toString", "__proto__", "constructor", "SARIF", ""])
      expect(isFormatName(name)).toBe(false);
  });

  it.each(FORMAT_NAMES)("%s is pure: same input, same output, input untouched", (name) => {
    const r = teampcpResult();
    const before = JSON.stringify(r);
    const a = REPORTERS[name](r, options({ exitCode: 2 }));
    const b = REPORTERS[name](teampcpResult(), options({ exitCode: 2 }));
    expect(a).toBe(b);
    expect(JSON.stringify(r)).toBe(before);
    expect(a.endsWith("\n")).toBe(true);
  });

  it.each(FORMAT_NAMES)("%s handles an empty scan", (name) => {
    expect(typeof REPORTERS[name](cleanResult(), options())).toBe("string");
  });
});
