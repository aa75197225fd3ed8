// Hostile input through the real CLI. Every project sits in a temp folder next to a real hit
// (litellm==1.82.8 in requirements.txt): an unusable file must make the scan exit 2 with one clear
// line naming it while the hit is still reported; a harmless oddity must not stop the scan (exit 1
// with the hit). Nothing here measures time: a hostile file that hung or exploded would fail the
// test through vitest's timeout or the process running out of memory.

import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { type JsonReport, json, REPO, type RunResult, run, runBin } from "./harness.js";

const LITELLM = "litellm==1.82.8";

/** A temp project: requirements.txt with the litellm hit on line 1, plus the given files. */
function project(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "lw-hostile-"));
  writeFileSync(join(dir, "requirements.txt"), `${LITELLM}\n`);
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), body);
  }
  return dir;
}

async function scanJson(dir: string, extra: string[] = []): Promise<{ r: RunResult; report: JsonReport }> {
  const r = await run(["scan", ".", "--format", "json", ...extra], { cwd: dir });
  return { r, report: json(r) };
}

function hits(report: JsonReport): string[] {
  return report.findings.map(
    (f) => `${f.package?.name}@${f.package?.version} ${f.location.path}:${f.location.line}`,
  );
}

/** Exit 2, exactly one stderr line about `file` (a clear `error <file>[:line]: …`), no stack trace, litellm still found. */
function expectUnusable(r: RunResult, report: JsonReport, file: string, message: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trimEnd().split("\n");
  const about = lines.filter((l) => l.includes(file));
  expect(about).toHaveLength(1);
  expect(about[0]).toMatch(new RegExp(`^error ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(:\\d+)?: `));
  expect(about[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(hits(report)).toContain("litellm@1.82.8 requirements.txt:1");
}

describe("hostile files are reported, never obeyed", () => {
  it("a YAML alias bomb as pnpm-lock.yaml: exit 2 naming it, nothing expanded, the hit still found", async () => {
    let bomb = 'lockfileVersion: "9.0"\nl0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 12; i++)
      bomb += `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(",")}]\n`;
    bomb += "packages:\n  bomb@1.0.0: *l11\n";
    const { r, report } = await scanJson(project({ "pnpm-lock.yaml": bomb }));
    expectUnusable(r, report, "pnpm-lock.yaml", /alias/);
    // The aliased value is never expanded: at most the entry's own key is inventoried.
    const pnpm = report.files.find((f) => f.path === "pnpm-lock.yaml");
    expect(pnpm?.packages).toBeLessThanOrEqual(1);
  });

  it("a package-lock.json nested 100,000 arrays deep: exit 2 naming it", async () => {
    const { r, report } = await scanJson(
      project({ "package-lock.json": `${"[".repeat(100_000)}${"]".repeat(100_000)}` }),
    );
    expectUnusable(r, report, "package-lock.json", /cannot parse/);
  });

  // An object with no lockfileVersion, packages or dependencies is not taken for an empty lockfile.
  it("a package-lock.json of objects nested 100,000 deep: exit 2 naming it", async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    const { r, report } = await scanJson(project({ "package-lock.json": deep }));
    expectUnusable(r, report, "package-lock.json", /cannot parse|unsupported/);
  });

  it("100,000-deep nesting inside an unused field of a real entry is harmless: both hits, exit 1", async () => {
    const lock = JSON.stringify({
      name: "app",
      lockfileVersion: 3,
      packages: {
        "": { name: "app", dependencies: { "react-leaflet-heatmap-layer": "2.0.1" } },
        "node_modules/react-leaflet-heatmap-layer": { version: "2.0.1", extra: "DEEP" },
      },
    }).replace('"DEEP"', `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    const { r, report } = await scanJson(project({ "package-lock.json": lock }));
    expect(r.code).toBe(1);
    expect(hits(report)).toEqual([
      "react-leaflet-heatmap-layer@2.0.1 package-lock.json:1",
      "litellm@1.82.8 requirements.txt:1",
    ]);
  });

  // Deep block nesting is refused before the yaml library recurses into it (src/core/yaml-guard.ts);
  // run as a real process, since an overflow there could abort V8 rather than throw.
  it.each([
    ["pnpm-lock.yaml files", ["a/pnpm-lock.yaml", "b/pnpm-lock.yaml", "c/pnpm-lock.yaml"]],
    ["workflows", [".github/workflows/a.yml", ".github/workflows/b.yml", "x/.github/workflows/c.yml"]],
  ])("three %s nested 20,000 blocks deep: exit 2 naming each, the hit still found", (_what, paths) => {
    const deep = `${"- ".repeat(20_000)}x\n`;
    const dir = project(Object.fromEntries(paths.map((p) => [p, deep])));
    const r = runBin(["scan", ".", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/Maximum call stack|FATAL/);
    for (const p of paths)
      expect(r.stderr).toMatch(new RegExp(`^error ${p.replace(/[.]/g, "\\.")}(:\\d+)?: `, "m"));
    expect(hits(json(r))).toContain("litellm@1.82.8 requirements.txt:1");
  });

  it("a file over --max-file-size is skipped and reported; the default cap is in --help", async () => {
    const dir = project();
    // A sparse 5 MB file: the cap must apply before anything is read.
    const fd = openSync(join(dir, "package-lock.json"), "w");
    ftruncateSync(fd, 5_000_000);
    closeSync(fd);
    const { r, report } = await scanJson(dir, ["--max-file-size", "1000000"]);
    expectUnusable(
      r,
      report,
      "package-lock.json",
      /5000000 bytes, over the --max-file-size limit of 1000000/,
    );
    const help = await run(["scan", "--help"]);
    expect(help.code).toBe(0);
    // The option's help text up to the next option, unwrapped.
    const at = help.stdout.indexOf("--max-file-size <bytes>");
    expect(at).toBeGreaterThan(-1);
    const block = help.stdout.slice(at, help.stdout.indexOf("\n  -", at)).replace(/\s+/g, " ");
    expect(block).toContain('(default: "268435456")');
  });

  it("symlink loops among folders are harmless: exit 1 with the hit and no error", async () => {
    const dir = project();
    mkdirSync(join(dir, "sub"));
    symlinkSync("loop2", join(dir, "sub", "loop1"));
    symlinkSync("loop1", join(dir, "sub", "loop2"));
    symlinkSync("..", join(dir, "sub", "parent"));
    const { r, report } = await scanJson(dir);
    expect(r.code).toBe(1);
    expect(hits(report)).toEqual(["litellm@1.82.8 requirements.txt:1"]);
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(report.diagnostics.map((d) => `${d.code} ${d.location?.path}`)).toContain(
      "SYMLINK_LOOP sub/loop1",
    );
  });

  it("a lockfile that is a symlink loop: exit 2 naming it", async () => {
    const dir = project();
    symlinkSync("package-lock.json", join(dir, "package-lock.json"));
    const { r, report } = await scanJson(dir);
    expectUnusable(r, report, "package-lock.json", /symbolic link loop/);
  });

  describe("links and includes that leave the root", () => {
    // outside/ holds a telnyx hit that must never be read; the project is a sibling folder.
    function outside(): { base: string; proj: string } {
      const base = mkdtempSync(join(tmpdir(), "lw-hostile-out-"));
      mkdirSync(join(base, "outside", "folder"), { recursive: true });
      writeFileSync(join(base, "outside", "requirements.txt"), "telnyx==4.87.1\n");
      writeFileSync(join(base, "outside", "folder", "requirements.txt"), "telnyx==4.87.1\n");
      writeFileSync(join(base, "outside.txt"), "telnyx==4.87.1\n");
      const proj = join(base, "x", "proj");
      mkdirSync(proj, { recursive: true });
      writeFileSync(join(proj, "requirements.txt"), `${LITELLM}\n`);
      return { base, proj };
    }

    it("a lockfile symlinked from outside the root: exit 2 naming it, not read", async () => {
      const { base, proj } = outside();
      mkdirSync(join(proj, "api"));
      symlinkSync(join(base, "outside", "requirements.txt"), join(proj, "api", "requirements.txt"));
      const { r, report } = await scanJson(proj);
      expectUnusable(r, report, "api/requirements.txt", /outside the scan root/);
      expect(report.findings.map((f) => f.package?.name)).not.toContain("telnyx");
    });

    it("a folder symlinked from outside the root: a warning only, not walked, exit 1", async () => {
      const { base, proj } = outside();
      symlinkSync(join(base, "outside", "folder"), join(proj, "vendor"));
      const { r, report } = await scanJson(proj);
      expect(r.code).toBe(1);
      expect(hits(report)).toEqual(["litellm@1.82.8 requirements.txt:1"]);
      expect(report.diagnostics).toContainEqual(
        expect.objectContaining({
          code: "SYMLINK_OUTSIDE_ROOT",
          severity: "warning",
          location: { path: "vendor" },
        }),
      );
      expect(r.stderr).toBe("");
    });

    it("-r ../../outside.txt: exit 2 with INCLUDE_OUTSIDE_ROOT, the include not read", async () => {
      const { proj } = outside();
      writeFileSync(join(proj, "requirements.txt"), `${LITELLM}\n-r ../../outside.txt\n`);
      const { r, report } = await scanJson(proj);
      expectUnusable(
        r,
        report,
        "requirements.txt",
        /included file \.\.\/\.\.\/outside\.txt lies outside the scan root/,
      );
      expect(report.diagnostics).toContainEqual(
        expect.objectContaining({
          code: "INCLUDE_OUTSIDE_ROOT",
          location: { path: "requirements.txt", line: 2 },
        }),
      );
      expect(report.findings.map((f) => f.package?.name)).toEqual(["litellm"]);
    });
  });

  describe("encodings: still parsed, the hit at its real line", () => {
    const text = `requests==2.32.3\n\n${LITELLM}\n`;
    const utf16 = (s: string, be: boolean): Buffer => {
      const le = Buffer.from(s, "utf16le");
      if (be) le.swap16();
      return Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
    };
    it.each([
      ["a UTF-8 BOM", Buffer.from(`\ufeff${text}`, "utf8")],
      ["CRLF line ends", Buffer.from(text.replace(/\n/g, "\r\n"), "utf8")],
      ["UTF-16 LE with BOM", utf16(text, false)],
      ["UTF-16 BE with BOM", utf16(text, true)],
      ["UTF-16 LE with BOM and CRLF", utf16(text.replace(/\n/g, "\r\n"), false)],
    ])("%s", async (_name, bytes) => {
      const dir = mkdtempSync(join(tmpdir(), "lw-hostile-enc-"));
      writeFileSync(join(dir, "requirements.txt"), bytes);
      const { r, report } = await scanJson(dir);
      expect(r.code).toBe(1);
      expect(hits(report)).toEqual(["litellm@1.82.8 requirements.txt:3"]);
      expect(report.files).toEqual([{ path: "requirements.txt", parser: "requirements", packages: 2 }]);
    });
  });

  it("NUL bytes in a lockfile: exit 2, one line naming the file and line", async () => {
    const lock = Buffer.from('{\n  "lockfileVersion": 3,\n  "packages": {\0}\n}\n', "utf8");
    const { r, report } = await scanJson(project({ "package-lock.json": lock }));
    expectUnusable(r, report, "package-lock.json", /^error package-lock\.json:3: .*NUL/);
  });
});

// ---------------------------------------------------------------------------------------------
// Names, versions and paths that carry terminal escapes, CR, bidi overrides and newlines.

const EVIL = "evil\u001b[2J\u202e\r\n::error::forged";
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters hunted for
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: lockwarden's own colour codes (SGR)
const SGR = /\u001b\[[0-9;]*m/g;

/** A project whose package-lock has an entry named EVIL (matched by a local advisory for that name), a requirements line with escapes, and a folder whose name carries them. */
function hostileProject(): { dir: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), "lw-hostile-names-"));
  const lock = {
    name: "app",
    lockfileVersion: 3,
    packages: {
      "": { name: "app", dependencies: { [EVIL]: "1.0.0" } },
      [`node_modules/${EVIL}`]: {
        version: "1.0.0\u001b[31m",
        resolved: "https://registry.npmjs.org/e/-/e-1.0.0.tgz",
      },
    },
  };
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify(lock, null, 2));
  writeFileSync(join(dir, "requirements.txt"), `${LITELLM}\nbad\u001b[2J\u202e==1.0\r\n`);
  const odd = join(dir, "svc\u001b[31m\u202e");
  mkdirSync(odd);
  writeFileSync(join(odd, "requirements.txt"), `${LITELLM}\n`);
  const db = mkdtempSync(join(tmpdir(), "lw-hostile-db-"));
  mkdirSync(join(db, "osv", "npm"), { recursive: true });
  writeFileSync(
    join(db, "osv", "npm", "MAL-2099-1.json"),
    JSON.stringify({
      schema_version: "1.6.0",
      id: "MAL-2099-1",
      modified: "2026-01-01T00:00:00Z",
      published: "2026-01-01T00:00:00Z",
      summary: `Malicious code in ${EVIL}`,
      details: `Payload ${EVIL}`,
      affected: [{ package: { ecosystem: "npm", name: EVIL }, versions: ["1.0.0\u001b[31m"] }],
    }),
  );
  return { dir, db };
}

async function scanAs(format: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const { dir, db } = hostileProject();
  return run(["scan", ".", "--db", join(REPO, "advisories"), "--db", db, "--format", format, ...extra], {
    cwd: dir,
    env,
  });
}

function unsafeIn(text: string): string[] {
  return [...text]
    .filter((c) => UNSAFE.test(c))
    .map((c) => `U+${c.codePointAt(0)?.toString(16).padStart(4, "0")}`);
}

describe("hostile names, versions and paths", () => {
  it("JSON keeps the data exactly, escaped by JSON", async () => {
    const r = await scanAs("json");
    expect(r.code).toBe(2); // the requirements line with escapes is not a requirement
    expect(unsafeIn(r.stdout)).toEqual([]);
    const report = json(r);
    const evil = report.findings.find((f) => f.id === "MAL-2099-1");
    expect(evil?.package).toEqual({ ecosystem: "npm", name: EVIL, version: "1.0.0\u001b[31m" });
    expect(report.findings.map((f) => `${f.package?.name} ${f.location.path}:${f.location.line}`)).toEqual(
      expect.arrayContaining([
        "litellm requirements.txt:1",
        `litellm svc\u001b[31m\u202e/requirements.txt:1`,
      ]),
    );
  });

  it.each(["table", "markdown", "github"])(
    "%s with --no-color: no escape, CR or bidi character at all",
    async (format) => {
      const r = await scanAs(format, ["--no-color"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain("MAL-2099-1");
      expect(r.stdout).toContain("MAL-2026-2144");
      expect(unsafeIn(r.stdout)).toEqual([]);
      // A newline in a name must not start a line of its own (a forged workflow command).
      expect(r.stdout.split("\n").filter((l) => l.startsWith("::error::forged"))).toEqual([]);
    },
  );

  it("table in colour: the only escapes are lockwarden's own colour codes", async () => {
    const r = await scanAs("table", [], { FORCE_COLOR: "1" });
    expect(r.stdout).toMatch(SGR);
    expect(unsafeIn(r.stdout.replace(SGR, ""))).toEqual([]);
  });

  it("SARIF: raw text has no unsafe character and no message text carries one", async () => {
    const r = await scanAs("sarif");
    expect(unsafeIn(r.stdout)).toEqual([]);
    const texts: string[] = [];
    const walk = (v: unknown, key?: string): void => {
      if (Array.isArray(v)) for (const x of v) walk(x, key);
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
      else if (typeof v === "string" && (key === "text" || key === "markdown")) texts.push(v);
    };
    walk(JSON.parse(r.stdout));
    expect(texts.some((t) => t.includes("MAL-2099-1") || t.includes("evil"))).toBe(true);
    expect(texts.filter((t) => unsafeIn(t).length > 0)).toEqual([]);
  });

  // The stderr error lines carry scanned bytes too, and are neutralised like every report.
  it("the one-line errors on stderr are neutralised too", async () => {
    const r = await scanAs("json");
    expect(r.stderr).toMatch(/^error requirements\.txt:2: /m);
    expect(unsafeIn(r.stderr)).toEqual([]);
  });
});
