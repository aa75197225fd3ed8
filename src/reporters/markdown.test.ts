import { describe, expect, it } from "vitest";
import { markdown } from "./markdown.js";
import { mdCode, mdLink, mdText } from "./markdown-text.js";
import {
  cleanResult,
  finding,
  LITELLM,
  LODASH,
  options,
  SEMVER_BASELINE,
  scanResult,
  teampcpResult,
} from "./test-kit.js";

describe("markdown escaping", () => {
  it("neutralises markdown, HTML and mentions in prose", () => {
    expect(mdText("<img src=x> | *a* _b_ `c` [d](e) ~f~ $g$ #1 & @octo/team")).toBe(
      "&lt;img src=x&gt; \\| \\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\~f\\~ \\$g\\$ \\#1 &amp; @&#8288;octo/team",
    );
  });

  it("puts identifiers in code spans with a fence longer than any backtick run inside", () => {
    expect(mdCode("lodash@4.17.20")).toBe("`lodash@4.17.20`");
    expect(mdCode("a`b``c")).toBe("```a`b``c```");
    expect(mdCode("`x")).toBe("`` `x ``");
    expect(mdCode("")).toBe("(empty)");
  });

  it("links only plain http(s) URLs", () => {
    expect(mdLink("x", "https://osv.dev/vulnerability/MAL-2026-2144")).toBe(
      "[x](https://osv.dev/vulnerability/MAL-2026-2144)",
    );
    expect(mdLink("x", "javascript:alert(1)")).toBe("x");
    expect(mdLink("x", "https://e.com/a)(b")).toBe("x");
    expect(mdLink("x", undefined)).toBe("x");
  });
});

describe("markdown reporter", () => {
  it("starts with a heading and a summary table of counts", () => {
    const out = markdown(teampcpResult(), options({ exitCode: 2 }));
    expect(out.startsWith("## lockwarden: 8 findings (7 gating)\n\n> **Scan incomplete:** 1 error;")).toBe(
      true,
    );
    for (const row of [
      "| Files scanned | 5 |",
      "| Packages | 469 |",
      "| Malicious | 3 |",
      "| Vulnerabilities | 4 |",
      "| Indicators | 1 |",
      "| Gating | 7 |",
      "| Not gating | 1 |",
      "| Suppressed | 1 |",
      "| Errors | 1 |",
    ]) {
      expect(out).toContain(row);
    }
  });

  it("writes one section per shown finding with location, advisory link, paths and fix", () => {
    const out = markdown(scanResult({ findings: [LODASH, LITELLM] }), options());
    const sections = out.split("\n### ").slice(1);
    expect(sections).toHaveLength(2);
    const lodash = sections[0] ?? "";
    expect(lodash).toMatch(/^1\. `lodash@4\.17\.20`: GHSA-35jh-r3h4-6jhm \(vulnerability, high\)/);
    expect(lodash).toContain("- **Location:** `package-lock.json:2210`");
    expect(lodash).toContain(
      "- **Advisory:** [GHSA-35jh-r3h4-6jhm](https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm): Command Injection in lodash",
    );
    expect(lodash).toContain("  - `web > webpack-cli > lodash`");
    expect(lodash).not.toContain("karma");
    expect(lodash).toContain("- **Fix:** Upgrade to a fixed version (4.17.21).");
    expect(sections[1]).toContain("- **Fix:** Remove it or pin the last known-good version 1.82.6.");
  });

  it("marks baseline findings as not gating and folds suppressed ones into a details block", () => {
    const out = markdown(teampcpResult(), options());
    expect(out).toContain("- **Status:** not gating (in the baseline)");
    expect(out).toMatch(
      /<details><summary>1 suppressed finding<\/summary>\n\n- `minimist@1\.2\.5` GHSA-xvch-5gv4-984h in `package-lock\.json:2890`: only reachable from a dev script; tracked in SEC-142 \(until 2026-06-30\)\n\n<\/details>/,
    );
    expect(out.match(/^### \d+\./gm)).toHaveLength(8);
    expect(SEMVER_BASELINE.baseline).toBe(true);
  });

  it("lists errors and warnings, and counts info diagnostics", () => {
    const out = markdown(teampcpResult(), options());
    expect(out).toContain(
      "### Errors and warnings\n\n- **error** `poetry.lock:41`: cannot parse: Invalid TOML: expected '=' after key (LOCKFILE\\_UNPARSABLE)",
    );
    expect(out).toContain("2 info diagnostics not listed here.");
  });

  it("says how the package is depended on", () => {
    const f = finding({ ...LODASH, direct: false, dev: true, optional: true });
    expect(markdown(scanResult({ findings: [f] }), options())).toContain(
      "- **Dependency:** transitive, dev, optional",
    );
    const d = finding({ ...LITELLM, direct: true });
    expect(markdown(scanResult({ findings: [d] }), options())).toContain("- **Dependency:** direct\n");
  });

  it("says clearly when nothing was found", () => {
    const out = markdown(cleanResult(), options());
    expect(out.split("\n")[0]).toBe("## lockwarden: no known compromised or vulnerable packages");
    expect(out).not.toContain("###");
  });

  it("cannot be steered by markdown or HTML in a package name or summary", () => {
    const f = finding({
      ...LITELLM,
      summary: "</details><script>x</script> [pwn](https://evil.example) @admins",
      package: { ecosystem: "npm", name: "a`b|c<d>", version: "1.0.0" },
    });
    const out = markdown(scanResult({ findings: [f] }), options());
    expect(out).toContain("``a`b|c<d>@1.0.0``");
    expect(out).toContain(
      "&lt;/details&gt;&lt;script&gt;x&lt;/script&gt; \\[pwn\\](https://evil.example) @&#8288;admins",
    );
    expect(out).not.toContain("<script>");
    expect(out).not.toContain("</details>");
  });
});
