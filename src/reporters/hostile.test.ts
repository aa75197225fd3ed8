// Every reporter against attacker-controlled names, versions, paths and advisory text: the output
// must carry no raw ESC, CR, bidi or other unsafe code point (bar the table's own colour codes).

import { describe, expect, it } from "vitest";
import { diagnostic } from "../core/diagnostics.js";
import { type FormatName, REPORTERS } from "./index.js";
import {
  EVIL,
  finding,
  HOSTILE_CHARS,
  hostileResult,
  LITELLM,
  options,
  scanResult,
  unsafeCodePoints,
} from "./test-kit.js";

/** Removes the SGR sequences the table writes for colour, and nothing else. */
function stripOwnColour(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly our own SGR codes
  return text.replace(/\u001b\[(?:1|2|4|22|24|3[1-9])m/g, "");
}

function assertInert(text: string): void {
  // Layout newlines are ours; any newline from the data is rendered as "\n" text.
  expect(unsafeCodePoints(text.replace(/\n/g, ""))).toEqual([]);
}

const FORMATS = Object.keys(REPORTERS) as FormatName[];

describe.each([false, true])("hostile data (color %s)", (color) => {
  it.each(FORMATS)("%s writes no raw control, bidi or invisible characters", (format) => {
    const out = REPORTERS[format](hostileResult(), options({ color, exitCode: 2, verbose: true }));
    expect(out.length).toBeGreaterThan(0);
    assertInert(format === "table" ? stripOwnColour(out) : out);
  });

  it.each(FORMATS)("%s survives the bare name from the brief", (format) => {
    const f = finding({ ...LITELLM, package: { ecosystem: "npm", name: EVIL, version: "1.0.0" } });
    const d = diagnostic("LOCKFILE_UNPARSABLE", { reason: EVIL }, { path: EVIL, line: 1 });
    const out = REPORTERS[format](
      scanResult({ findings: [f], diagnostics: [d] }),
      options({ color, exitCode: 2 }),
    );
    assertInert(format === "table" ? stripOwnColour(out) : out);
    expect(out).not.toContain("\r");
    expect(out).not.toContain("\u202e");
  });
});

describe("the test itself", () => {
  it("would notice a raw control character", () => {
    expect(() => assertInert(`ok ${HOSTILE_CHARS}`)).toThrow();
    expect(() => assertInert(stripOwnColour("\u001b[2J"))).toThrow();
  });

  it("colour output really contains escapes that stripOwnColour removes", () => {
    const out = REPORTERS.table(hostileResult(), options({ color: true, exitCode: 2 }));
    expect(out).toContain("\u001b[");
    expect(unsafeCodePoints(stripOwnColour(out).replace(/\n/g, ""))).toEqual([]);
  });
});
