import { createHash } from "node:crypto";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RULE_PTH_EXEC } from "../indicators/finding.js";
import { buildIndicatorSet } from "../indicators/load.js";
import type { Indicator, IndicatorSet } from "../indicators/types.js";
import { scanInstalledFiles } from "./installed.js";
import { bundledIndicators, treeMaker } from "./test-kit.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__");
const SITE = "venv/lib/python3.12/site-packages";

let teampcp: IndicatorSet;
beforeAll(async () => {
  teampcp = await bundledIndicators();
});

const tree = treeMaker("lw-installed-");

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The TeamPCP data plus extra indicators (e.g. a hash of a harmless placeholder, standing in for a real sample). */
function withExtra(extra: Indicator[]): IndicatorSet {
  return buildIndicatorSet([...teampcp.indicators, ...extra]);
}

function summary(r: Awaited<ReturnType<typeof scanInstalledFiles>>): string[] {
  return r.findings.map(
    (f) => `${f.location.path}${f.location.line ? `:${f.location.line}` : ""} ${f.id} ${f.severity}`,
  );
}

describe("scanInstalledFiles: site-packages", () => {
  it("flags litellm_init.pth by name (MAL-2026-2144); ordinary .pth files are quiet", async () => {
    const r = await scanInstalledFiles({ sitePackages: [SITE], nodeModules: [], cwd: FIXTURES }, teampcp);
    expect(summary(r)).toEqual([`${SITE}/litellm_init.pth MAL-2026-2144 critical`]);
    expect(r.findings[0]?.indicator).toEqual({
      kind: "file-name",
      value: "litellm_init.pth",
      confidence: "confirmed",
    });
    expect(r.findings[0]?.summary).toContain("content differs from the published sample");
    expect(r.diagnostics).toEqual([]);
  });

  it("reports an absolute path with ~ when the tree is outside cwd but in home", async () => {
    const r = await scanInstalledFiles(
      { sitePackages: [join(FIXTURES, SITE)], nodeModules: [], cwd: "/nonexistent-cwd", home: FIXTURES },
      teampcp,
    );
    expect(r.findings.map((f) => f.location.path)).toEqual([`~/${SITE}/litellm_init.pth`]);
  });

  it("a .pth whose import line uses exec/base64/subprocess gets LOCKWARDEN-PTH-EXEC at that line", async () => {
    const root = tree({
      "sp/hook.pth": "# comment\n/some/path\nimport os; exec('pass')\n",
      "sp/b64.pth": "import base64, sys\n",
      "sp/not-import.pth": "exec('pass')\n", // not an import line: site.py treats it as a path
      "sp/indented.pth": " import subprocess\n", // leading space: not executed by site.py
      "sp/executable.pth": "import executable_helper\n", // "exec" only as part of a word
    });
    const r = await scanInstalledFiles({ sitePackages: ["sp"], nodeModules: [], cwd: root }, teampcp);
    expect(summary(r)).toEqual([`sp/b64.pth:1 ${RULE_PTH_EXEC} high`, `sp/hook.pth:3 ${RULE_PTH_EXEC} high`]);
    expect(r.findings[1]?.summary).toContain("exec(");
    expect(r.findings[1]?.indicator?.confidence).toBe("heuristic");
  });

  it("a .pth whose sha256 matches an indicator is reported under that indicator, not the heuristic", async () => {
    const content = "import os; exec('pass')  # placeholder\n";
    const set = withExtra([
      {
        id: "IOC-TEST-0001",
        kind: "sha256",
        value: sha256(content),
        advisory: "MAL-2026-2144",
        summary: "test sample",
        references: [],
        confidence: "confirmed",
      },
    ]);
    const root = tree({ "sp/renamed.pth": content });
    const r = await scanInstalledFiles({ sitePackages: ["sp"], nodeModules: [], cwd: root }, set);
    expect(summary(r)).toEqual(["sp/renamed.pth MAL-2026-2144 critical"]);
    expect(r.findings[0]?.indicator?.value).toBe(sha256(content));
  });

  it("hashes <site-packages>/… indicator paths: a legitimate file is quiet, the published digest is not", async () => {
    const legit = "print('legit proxy server')\n";
    const evil = "print('placeholder standing in for the injected proxy server')\n";
    const set = withExtra([
      {
        id: "IOC-TEST-0002",
        kind: "sha256",
        value: sha256(evil),
        advisory: "MAL-2026-2144",
        summary: "test proxy_server.py",
        references: [],
        confidence: "confirmed",
      },
    ]);
    const quiet = tree({ "sp/litellm/proxy/proxy_server.py": legit });
    expect(
      (await scanInstalledFiles({ sitePackages: ["sp"], nodeModules: [], cwd: quiet }, set)).findings,
    ).toEqual([]);
    const loud = tree({ "sp/litellm/proxy/proxy_server.py": evil });
    const r = await scanInstalledFiles({ sitePackages: ["sp"], nodeModules: [], cwd: loud }, set);
    expect(summary(r)).toEqual(["sp/litellm/proxy/proxy_server.py MAL-2026-2144 critical"]);
  });

  it("symlinked .pth: followed inside the tree, refused (with a warning) outside it", async () => {
    const root = tree({ "sp/real.txt": "import subprocess\n", "outside/evil.txt": "import subprocess\n" });
    symlinkSync(join(root, "sp", "real.txt"), join(root, "sp", "inside.pth"));
    symlinkSync(join(root, "outside", "evil.txt"), join(root, "sp", "outside.pth"));
    const r = await scanInstalledFiles({ sitePackages: ["sp"], nodeModules: [], cwd: root }, teampcp);
    expect(summary(r)).toEqual([`sp/inside.pth:1 ${RULE_PTH_EXEC} high`]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.location?.path}`)).toEqual([
      "SYMLINK_OUTSIDE_ROOT sp/outside.pth",
    ]);
  });

  it("a missing site-packages directory is FILE_NOT_FOUND at its path", async () => {
    const root = tree({});
    const r = await scanInstalledFiles({ sitePackages: ["nope"], nodeModules: [], cwd: root }, teampcp);
    expect(r.findings).toEqual([]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.location?.path}`)).toEqual(["FILE_NOT_FOUND nope"]);
  });

  it("a hostile file name is escaped in the reported path", async () => {
    const root = tree({ "sp/evil\u001b[31m.pth": "import base64\n" });
    const r = await scanInstalledFiles({ sitePackages: ["sp"], nodeModules: [], cwd: root }, teampcp);
    expect(r.findings.map((f) => f.location.path)).toEqual(["sp/evil\\x1b[31m.pth"]);
  });
});

describe("scanInstalledFiles: node_modules", () => {
  const WORM = "/* placeholder standing in for a CanisterWorm index.js sample */\n";
  const wormSet = () =>
    withExtra([
      {
        id: "IOC-TEST-0003",
        kind: "sha256",
        value: sha256(WORM),
        summary: "test index.js",
        references: [],
        confidence: "confirmed",
      },
    ]);
  const pkgJson = (name: string, version: string, postinstall?: string) =>
    JSON.stringify({ name, version, ...(postinstall ? { scripts: { postinstall } } : {}) });

  it("hashes index.js / deploy.js of plain, scoped, nested and pnpm packages", async () => {
    const root = tree({
      "node_modules/plain/package.json": pkgJson("plain", "1.0.0"),
      "node_modules/plain/index.js": WORM,
      "node_modules/@scope/pkg/package.json": pkgJson("@scope/pkg", "2.0.0"),
      "node_modules/@scope/pkg/deploy.js": WORM,
      "node_modules/outer/package.json": pkgJson("outer", "1.0.0"),
      "node_modules/outer/index.js": "module.exports = 1;\n",
      "node_modules/outer/node_modules/inner/package.json": pkgJson("inner", "0.1.0"),
      "node_modules/outer/node_modules/inner/index.js": WORM,
      "node_modules/.pnpm/p@3.0.0/node_modules/p/package.json": pkgJson("p", "3.0.0"),
      "node_modules/.pnpm/p@3.0.0/node_modules/p/index.js": WORM,
      "node_modules/.bin/index.js": WORM,
      "node_modules/clean/package.json": pkgJson("clean", "1.0.0", "node index.js"),
      "node_modules/clean/index.js": "console.log('hello');\n",
    });
    const r = await scanInstalledFiles(
      { sitePackages: [], nodeModules: ["node_modules"], cwd: root },
      wormSet(),
    );
    expect(summary(r)).toEqual([
      "node_modules/.pnpm/p@3.0.0/node_modules/p/index.js IOC-TEST-0003 critical",
      "node_modules/@scope/pkg/deploy.js IOC-TEST-0003 critical",
      "node_modules/outer/node_modules/inner/index.js IOC-TEST-0003 critical",
      "node_modules/plain/index.js IOC-TEST-0003 critical",
    ]);
    expect(r.findings.map((f) => f.package?.name)).toEqual(["p", "@scope/pkg", "inner", "plain"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("the file a postinstall runs: hash match once (not twice), or a CanisterWorm marker (high)", async () => {
    const root = tree({
      "node_modules/hashed/package.json": pkgJson("hashed", "1.0.1", "node index.js"),
      "node_modules/hashed/index.js": WORM,
      "node_modules/marked/package.json": pkgJson("marked", "1.8.9", "node ./setup.js"),
      "node_modules/marked/setup.js": "const BASE64_PAYLOAD = 'placeholder'; function findNpmTokens() {}\n",
      "node_modules/no-script/package.json": pkgJson("no-script", "1.0.0"),
      "node_modules/no-script/setup.js": "function findNpmTokens() {}\n",
      "node_modules/other-script/package.json": pkgJson("other-script", "1.0.0", "node-gyp rebuild"),
      "node_modules/escape/package.json": pkgJson("escape", "1.0.0", "node ../marked/setup.js"),
    });
    const r = await scanInstalledFiles(
      { sitePackages: [], nodeModules: ["node_modules"], cwd: root },
      wormSet(),
    );
    expect(summary(r)).toEqual([
      "node_modules/hashed/index.js IOC-TEST-0003 critical",
      "node_modules/marked/setup.js IOC-TEAMPCP-0253 high",
    ]);
    const marker = r.findings[1];
    expect(marker?.indicator).toEqual({ kind: "string", value: "findNpmTokens", confidence: "confirmed" });
    expect(marker?.summary).toContain("contains findNpmTokens, BASE64_PAYLOAD");
    expect(marker?.package).toEqual({ ecosystem: "npm", name: "marked", version: "1.8.9" });
  });

  it("never descends into symlinked packages or follows a symlinked index.js out of the package", async () => {
    const root = tree({
      "elsewhere/pkg/package.json": pkgJson("elsewhere", "1.0.0"),
      "elsewhere/pkg/index.js": WORM,
      "node_modules/linked-file/package.json": pkgJson("linked-file", "1.0.0"),
    });
    symlinkSync(join(root, "elsewhere", "pkg"), join(root, "node_modules", "linked-dir"));
    symlinkSync(
      join(root, "elsewhere", "pkg", "index.js"),
      join(root, "node_modules", "linked-file", "index.js"),
    );
    const r = await scanInstalledFiles(
      { sitePackages: [], nodeModules: ["node_modules"], cwd: root },
      wormSet(),
    );
    expect(r.findings).toEqual([]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.location?.path}`)).toEqual([
      "SYMLINK_OUTSIDE_ROOT node_modules/linked-file/index.js",
    ]);
  });

  it("with the shipped data alone, an ordinary package tree reports nothing", async () => {
    const root = tree({
      "node_modules/left-pad/package.json": pkgJson("left-pad", "1.3.0", "node install.js"),
      "node_modules/left-pad/install.js": "console.log('thanks for installing');\n",
      "node_modules/left-pad/index.js": "module.exports = (s) => s;\n",
    });
    const r = await scanInstalledFiles(
      { sitePackages: [], nodeModules: ["node_modules"], cwd: root },
      teampcp,
    );
    expect(r.findings).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });
});
