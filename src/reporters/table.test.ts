import { describe, expect, it } from "vitest";
import { diagnostic } from "../core/diagnostics.js";
import { table } from "./table.js";
import {
  cleanResult,
  finding,
  LITELLM,
  LODASH,
  MINIMIST_SUPPRESSED,
  options,
  SEMVER_BASELINE,
  scanResult,
  TELNYX,
  teampcpResult,
} from "./test-kit.js";

const ESC = "\u001b";

describe("table reporter", () => {
  it("groups findings under a header per file, in path then line order", () => {
    const out = table(teampcpResult(), options());
    const headers = out.split("\n").filter((l) => /^\S/.test(l) && /\(.+, \d+ packages?\)$/.test(l));
    expect(headers.map((h) => h.split(" ")[0])).toEqual([
      ".github/workflows/ci.yml",
      "package-lock.json",
      "requirements.txt",
      "services/voice/uv.lock",
    ]);
    const lock = out.slice(out.indexOf("package-lock.json"), out.indexOf("requirements.txt ("));
    const lines = [...lock.matchAll(/^ {2}(\d+) {2}/gm)].map((m) => Number(m[1]));
    expect(lines).toEqual([1500, 1804, 2210, 3020]);
  });

  it("shows line, package, advisory, kind and severity on one row, the fix under it", () => {
    const out = table(scanResult({ findings: [LITELLM] }), options());
    expect(out).toMatch(
      /^ {2}3 {2}litellm@1\.82\.8 {2}MAL-2026-2144 {2}malicious {2}critical\n {5}fix: last good 1\.82\.6\n/m,
    );
    expect(out).toContain("Malicious code in litellm (PyPI) 1.82.7 and 1.82.8 — TeamPCP");
    expect(out).toContain("via app > litellm");
  });

  it("notes an npm alias and says 'remove' for malware without a known-good version", () => {
    const out = table(teampcpResult(), options());
    expect(out).toMatch(/@emilgroup\/auth-sdk@1\.25\.2 \(as auth-sdk\) .*MAL-2026-2036/);
    expect(out).toMatch(/MAL-2026-2036 .*malicious .*critical\n +fix: remove\n/);
  });

  it("lists at most three dependency paths", () => {
    expect(LODASH.paths).toHaveLength(4);
    const out = table(scanResult({ findings: [LODASH] }), options());
    expect(out.match(/^ +via /gm)).toHaveLength(3);
    expect(out).not.toContain("karma");
  });

  it("hides suppressed findings behind a count, and shows them when verbose", () => {
    const r = teampcpResult();
    const quietOut = table(r, options());
    expect(quietOut).not.toContain("minimist");
    expect(quietOut).toContain("1 suppressed (hidden)");
    const verbose = table(r, options({ verbose: true }));
    expect(verbose).toMatch(
      /minimist@1\.2\.5 [^\n]*\n +fix: fixed in 1\.2\.6\n +\[suppressed until 2026-06-30: only reachable from a dev script/,
    );
    expect(verbose).toContain("1 suppressed (shown)");
  });

  it("marks baseline and non-gating findings", () => {
    const out = table(scanResult({ findings: [SEMVER_BASELINE] }), options());
    expect(out).toMatch(
      /semver@5\.7\.1 .*\n +fix: fixed in 5\.7\.2, 6\.3\.1, 7\.5\.2 {2}\[baseline\] \[not gating\]\n/,
    );
    expect(out).toContain("0 gating, 1 not gating (1 baseline).");
  });

  it("ends with a summary of files, packages, findings by kind and gating", () => {
    const lines = table(teampcpResult(), options({ exitCode: 2 }))
      .trimEnd()
      .split("\n");
    expect(lines.slice(-3)).toEqual([
      "8 findings in 5 files scanned (469 packages): 3 malicious, 4 vulnerabilities, 1 indicator.",
      "7 gating, 1 not gating (1 baseline); 1 suppressed (hidden).",
      "Scan incomplete: 1 error; some input was not scanned.",
    ]);
  });

  it("says clearly when nothing was found", () => {
    expect(table(cleanResult(), options())).toBe(
      "No known compromised or vulnerable packages: 2 files scanned (400 packages).\n",
    );
  });

  it("lists errors and warnings as path:line: message after the findings", () => {
    const out = table(teampcpResult(), options());
    expect(out).toContain("Errors:\npoetry.lock:41: cannot parse: Invalid TOML: expected '=' after key\n");
    expect(out).toContain(
      'Warnings:\nrequirements.txt:9: internal-tool: version "2024.13.99-dev+local" is not a valid PyPI version',
    );
    expect(out.indexOf("Errors:")).toBeGreaterThan(out.indexOf("telnyx@4.87.2"));
  });

  it("lists up to 10 info diagnostics, summarises more unless verbose", () => {
    const infos = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        diagnostic("NO_LOCKFILE", { manifest: `p${i}/package.json` }, { path: `p${i}/package.json` }),
      );
    const ten = table(scanResult({ diagnostics: infos(10) }), options());
    expect(ten.match(/no lockfile next to/g)).toHaveLength(10);
    const eleven = table(scanResult({ diagnostics: infos(11) }), options());
    expect(eleven).not.toContain("no lockfile next to");
    expect(eleven).toContain("11 info diagnostics not listed (use --verbose)");
    const verbose = table(scanResult({ diagnostics: infos(11) }), options({ verbose: true }));
    expect(verbose.match(/no lockfile next to/g)).toHaveLength(11);
  });

  it("quiet prints only findings and errors", () => {
    const out = table(teampcpResult(), options({ quiet: true }));
    expect(out).toContain("litellm@1.82.8");
    expect(out).toContain("poetry.lock:41: cannot parse");
    expect(out).not.toContain("Warnings:");
    expect(out).not.toContain("Info:");
    expect(out).not.toMatch(/findings in/);
    expect(table(cleanResult(), options({ quiet: true }))).toBe("");
  });

  it("fits findings and summary in 100 columns for the TeamPCP scan", () => {
    // Diagnostics are exempt: they stay one `path:line: message` per line, whatever their length.
    const out = table(teampcpResult(), options({ verbose: true }));
    const lines = [
      ...out.slice(0, out.indexOf("Errors:")).split("\n"),
      ...out.trimEnd().split("\n").slice(-2),
    ];
    expect(lines.length).toBeGreaterThan(30);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it("keeps a long package name's row aligned and within 100 columns", () => {
    const long = finding({
      ...TELNYX,
      package: { ecosystem: "PyPI", name: "a-very-long-python-distribution-name-here", version: "10.20.30" },
    });
    const out = table(
      scanResult({
        findings: [long, finding({ ...TELNYX, location: { path: TELNYX.location.path, line: 9 } })],
      }),
      options(),
    );
    expect(out).toMatch(/\n {7}fix: last good 4\.87\.0\n/);
    for (const line of out.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("writes no escape sequences without colour, and SGR colour codes with it", () => {
    const r = teampcpResult();
    expect(table(r, options({ color: false }))).not.toContain(ESC);
    const coloured = table(r, options({ color: true }));
    expect(coloured).toContain(`${ESC}[31m`);
    // Stripping our SGR codes gives back the plain report.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching our own ANSI colour codes
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(table(r, options({ color: false })));
  });

  it("does not list a suppressed finding's count when there is none", () => {
    const out = table(scanResult({ findings: [MINIMIST_SUPPRESSED] }), options());
    expect(out).toBe(
      "No known compromised or vulnerable packages: 0 files scanned (0 packages); 1 suppressed (hidden).\n",
    );
  });
});
