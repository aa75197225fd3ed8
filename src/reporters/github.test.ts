import { describe, expect, it } from "vitest";
import { diagnostic } from "../core/diagnostics.js";
import { escapeData, escapeProperty, github } from "./github.js";
import {
  BRACE_LOW,
  finding,
  hostileResult,
  JINJA_UNKNOWN,
  LITELLM,
  LODASH,
  MINIMIST_SUPPRESSED,
  options,
  SEMVER_BASELINE,
  scanResult,
  teampcpResult,
  unsafeCodePoints,
} from "./test-kit.js";

describe("github reporter", () => {
  it("escapes data and properties per the runner's rules", () => {
    expect(escapeData("50%\r\n::x")).toBe("50%25%0D%0A::x");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
  });

  it("writes one ::error with file, line and title for a malicious release", () => {
    expect(github(scanResult({ findings: [LITELLM] }), options())).toBe(
      "::error file=requirements.txt,line=3,title=MAL-2026-2144 litellm@1.82.8::litellm 1.82.8 is a malicious release (MAL-2026-2144): Malicious code in litellm (PyPI) 1.82.7 and 1.82.8 — TeamPCP. Remove it or pin the last known-good version 1.82.6.\n",
    );
  });

  it("maps severity to error / warning / notice and adds endLine when known", () => {
    const lines = github(
      scanResult({ findings: [LODASH, SEMVER_BASELINE, BRACE_LOW, JINJA_UNKNOWN] }),
      options(),
    )
      .trimEnd()
      .split("\n");
    expect(lines.map((l) => l.slice(0, l.indexOf(" ")))).toEqual([
      "::notice",
      "::error",
      "::warning",
      "::notice",
    ]);
    expect(lines[1]).toContain(
      "file=package-lock.json,line=2210,endLine=2214,title=GHSA-35jh-r3h4-6jhm lodash@4.17.20::",
    );
    expect(lines[2]).toMatch(/\(baseline, not gating\)$/);
  });

  it("skips suppressed findings and adds one command per error or warning diagnostic", () => {
    const out = github(teampcpResult(), options());
    expect(out).not.toContain("minimist");
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(teampcpResult().findings.length - 1 + 2);
    expect(lines).toContain(
      "::error file=poetry.lock,line=41,title=lockwarden LOCKFILE_UNPARSABLE::cannot parse: Invalid TOML: expected '=' after key",
    );
    expect(out).not.toContain("mutable tag");
    expect(github(scanResult({ findings: [MINIMIST_SUPPRESSED] }), options())).toBe("");
  });

  it("writes a diagnostic without a location as a bare command", () => {
    const d = diagnostic("DATABASE_UNREADABLE", { reason: "50% done, then: boom" });
    expect(github(scanResult({ diagnostics: [d] }), options())).toBe(
      "::error title=lockwarden DATABASE_UNREADABLE::cannot read the advisory database: 50%25 done, then: boom\n",
    );
  });

  it("escapes commas and colons inside properties so a path cannot add properties", () => {
    const f = finding({ ...LITELLM, location: { path: "a,line=99:x.txt", line: 3 } });
    expect(github(scanResult({ findings: [f] }), options())).toMatch(
      /^::error file=a%2Cline=99%3Ax\.txt,line=3,/,
    );
  });

  it("cannot be made to emit a second command by newlines in the data", () => {
    const out = github(hostileResult(), options());
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) /);
    expect(unsafeCodePoints(out.replace(/\n/g, ""))).toEqual([]);
  });
});
