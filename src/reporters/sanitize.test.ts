import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeJsonUnsafe, sanitize, truncate } from "./sanitize.js";
import { unsafeCodePoints } from "./test-kit.js";

/** Any UTF-16 text, weighted towards the characters that matter here (fc's "binary" unit is slow to build). */
const anyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
    fc.integer({ min: 0x10000, max: 0x10ffff }).map((n) => String.fromCodePoint(n)),
    fc.constantFrom("\u001b", "\u202e", "\r", "\n", "\u0085", "\u{e0041}", "\ud800", "a", "\\"),
  ),
});

describe("sanitize", () => {
  it("renders terminal, bidi and line controls visibly", () => {
    expect(sanitize("evil\u001b[2J\u202e\r\npkg")).toBe("evil\\x1b[2J\\u202e\\r\\npkg");
    expect(sanitize("a\u0000b\u0007c\u007fd\u009be\tf")).toBe("a\\x00b\\x07c\\x7fd\\x9be\\tf");
    expect(sanitize("\u061c\u200e\u200f\u2066\u2069\u2028\ufeff")).toBe(
      "\\u061c\\u200e\\u200f\\u2066\\u2069\\u2028\\ufeff",
    );
  });

  it("escapes Unicode tag characters and lone surrogates", () => {
    expect(sanitize("a\u{e0041}b")).toBe("a\\u{e0041}b");
    expect(sanitize("x\ud800y\udc00")).toBe("x\\ud800y\\udc00");
  });

  it("leaves ordinary text alone, including non-Latin scripts, emoji and backslashes", () => {
    for (const s of ["litellm@1.82.8", "@emilgroup/auth-sdk", "日本語 — ü 😀", "C:\\path", "عربى"]) {
      expect(sanitize(s)).toBe(s);
    }
  });

  it("never lets an unsafe code point through (property)", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        return unsafeCodePoints(sanitize(s)).length === 0;
      }),
    );
  });
});

describe("escapeJsonUnsafe", () => {
  it("keeps JSON data identical while removing raw bidi/C1/DEL bytes (property)", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const text = escapeJsonUnsafe(JSON.stringify({ s }, null, 2));
        expect(JSON.parse(text)).toEqual({ s });
        // Only the layout newlines JSON.stringify writes may remain.
        expect(unsafeCodePoints(text.replace(/\n/g, ""))).toEqual([]);
      }),
    );
  });

  it("escapes a right-to-left override as \\u202e", () => {
    expect(escapeJsonUnsafe(JSON.stringify("a\u202eb\u0085"))).toBe('"a\\u202eb\\u0085"');
  });
});

describe("truncate", () => {
  it("adds an ellipsis only when needed", () => {
    expect(truncate("abcdef", 6)).toBe("abcdef");
    expect(truncate("abcdefg", 6)).toBe("abcde…");
  });

  it("never splits a surrogate pair", () => {
    const t = truncate("ab😀cd", 4);
    expect(t).toBe("ab…");
    expect(unsafeCodePoints(t)).toEqual([]);
  });
});
