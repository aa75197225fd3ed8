import { describe, expect, it } from "vitest";
import { yamlTooDeep } from "./yaml-guard.js";

describe("yamlTooDeep", () => {
  it("passes ordinary lockfile and workflow YAML", () => {
    const text =
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a: {specifier: ^1, version: 1.0.0}\n";
    expect(yamlTooDeep(text)).toBeUndefined();
    expect(
      yamlTooDeep(
        "jobs:\n  a:\n    steps:\n      - uses: x/y@v1 # [[[[ in a comment\n      - run: echo '{{{{'\n",
      ),
    ).toBeUndefined();
  });

  it("finds the line where block, compact or flow nesting goes past the limit", () => {
    expect(yamlTooDeep(`ok: 1\n${"- ".repeat(200)}x\n`)).toBe(2);
    expect(yamlTooDeep(`a:\n${" ".repeat(400)}b: 1\n`)).toBe(2);
    expect(yamlTooDeep(`x: ${"[".repeat(200)}${"]".repeat(200)}\n`)).toBe(1);
    expect(yamlTooDeep(`${"- ".repeat(20)}x\n`, 10)).toBe(1);
  });

  it("ignores brackets inside quoted scalars", () => {
    expect(yamlTooDeep(`x: "${"[".repeat(500)}"\ny: '${"{".repeat(500)}'\n`)).toBeUndefined();
  });
});
