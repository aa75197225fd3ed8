import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint.js";

const base = {
  group: "MAL-2026-2144",
  path: "requirements.txt",
  ecosystem: "PyPI",
  name: "litellm",
  version: "1.82.8",
};

describe("fingerprint", () => {
  it("is 32 lowercase hex characters and deterministic", () => {
    expect(fingerprint(base)).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint({ ...base })).toBe(fingerprint(base));
  });

  it.each(Object.keys(base) as Array<keyof typeof base>)("changes when %s changes", (key) => {
    expect(fingerprint({ ...base, [key]: `${base[key]}x` })).not.toBe(fingerprint(base));
  });

  it("does not let parts run into each other", () => {
    expect(fingerprint({ ...base, path: "a", ecosystem: "bc" })).not.toBe(
      fingerprint({ ...base, path: "ab", ecosystem: "c" }),
    );
  });
});
