import { describe, expect, it } from "vitest";
import { parseDistFileName, parseHash } from "../../ecosystems/pypi-dist.js";
import { logicalLines } from "./logical-lines.js";
import { parseOptions, shellWords, splitArgsOptions } from "./options.js";
import { parseRequirement, pinnedVersion } from "./pep508.js";

/** One line per case: input → "name [extras] specs @url ;marker" or "error". */
function show(text: string): string {
  const r = parseRequirement(text);
  if (!r.ok) return "error";
  const q = r.requirement;
  const parts = [q.name];
  if (q.extras.length > 0) parts.push(`[${q.extras.join(",")}]`);
  if (q.specifiers.length > 0) parts.push(q.specifiers.map((s) => `${s.op}${s.version}`).join(","));
  if (q.url !== undefined) parts.push(`@${q.url}`);
  if (q.marker !== undefined) parts.push(`;${q.marker}`);
  return parts.join(" ");
}

describe("parseRequirement", () => {
  it.each([
    ["requests", "requests"],
    ["requests==2.31.0", "requests ==2.31.0"],
    ["requests == 2.31.0", "requests ==2.31.0"],
    ["requests[socks, security]==2.31.0", "requests [socks,security] ==2.31.0"],
    ["psycopg [binary] == 3.1.15", "psycopg [binary] ==3.1.15"],
    ["django>=4.2,<5", "django >=4.2,<5"],
    ["scipy (==1.11.4)", "scipy ==1.11.4"],
    ["numpy==1.*", "numpy ==1.*"],
    ["local==1.0+cpu.abc", "local ==1.0+cpu.abc"],
    ["odd===1.0-weird_Thing", "odd ===1.0-weird_Thing"],
    ["foo==1.0;python_version<'3.8'", "foo ==1.0 ;python_version<'3.8'"],
    ['foo==1.0 ; sys_platform == "win32"', 'foo ==1.0 ;sys_platform == "win32"'],
    ["pkg @ https://x.org/pkg-1.0.tar.gz", "pkg @https://x.org/pkg-1.0.tar.gz"],
    ["pkg@https://x.org/a;b", "pkg @https://x.org/a;b"],
    ["pkg @ https://x.org/p.whl ; os_name=='nt'", "pkg @https://x.org/p.whl ;os_name=='nt'"],
    ["A.B-c_d==1", "A.B-c_d ==1"],
    ["foo==", "error"],
    ["foo=1.0", "error"],
    ["foo==1.0 bar", "error"],
    ["foo[bar==1.0", "error"],
    ["foo (==1.0", "error"],
    ["foo==1.0,", "error"],
    ["foo==1.0 ;", "error"],
    ["-foo==1.0", "error"],
    ["foo-==1.0", "error"],
    ["foo @ ", "error"],
  ])("%s → %s", (input, expected) => {
    expect(show(input)).toBe(expected);
  });

  it.each([
    ["a==1.0", "1.0"],
    ["a===1.0", "1.0"],
    ["a (==2)", "2"],
    ["a==1.*", undefined],
    ["a>=1", undefined],
    ["a==1,!=1.1", undefined],
    ["a", undefined],
  ])("pinnedVersion(%s) = %s", (input, expected) => {
    const r = parseRequirement(input);
    expect(r.ok ? pinnedVersion(r.requirement) : "error").toBe(expected);
  });
});

describe("distribution file names", () => {
  it.each([
    ["en_core_web_md-3.7.1-py3-none-any.whl", undefined, "en_core_web_md 3.7.1 wheel"],
    ["pkg-1.0-1build-cp312-cp312-manylinux_2_17_x86_64.whl", "PKG", "pkg 1.0 wheel"],
    ["pkg-1.0-py3-none-any.whl", "other", "none"],
    ["pkg-1.0.whl", undefined, "none"],
    ["youtube-dl-2023.12.07.tar.gz", "youtube_dl", "youtube-dl 2023.12.07 sdist"],
    ["Django-4.2.11.zip", "django", "Django 4.2.11 sdist"],
    ["django-4.2.11.zip", undefined, "none"],
    ["download", "x", "none"],
    ["foo-bar.tar.gz", "foo", "none"],
  ])("%s (name %s) → %s", (file, name, expected) => {
    const d = parseDistFileName(file, name);
    expect(d ? `${d.name} ${d.version} ${d.kind}` : "none").toBe(expected);
  });

  it("parses hash values and rejects unknown algorithms", () => {
    expect(parseHash("sha256:ABCDEF")).toEqual({ algorithm: "sha256", value: "abcdef" });
    expect(parseHash("sha512=00ff", "a.whl")).toEqual({ algorithm: "sha512", value: "00ff", file: "a.whl" });
    expect(parseHash("blake2b:00ff")).toBeUndefined();
    expect(parseHash("sha256:xyz")).toBeUndefined();
  });
});

describe("pip line handling", () => {
  it("joins continuations; a comment line ends one; the line is the first physical line", () => {
    expect(logicalLines("a==1 \\\n  --hash=x \\\n  # via b\nc==2\\\n\\\n==3\n")).toEqual([
      { line: 1, text: "a==1   --hash=x" },
      { line: 4, text: "c==2==3" },
    ]);
  });

  it("splits requirement and options at the first word starting with -", () => {
    expect(splitArgsOptions("a==1 ; x == 'y' --hash=sha256:00")).toEqual({
      args: "a==1 ; x == 'y'",
      options: "--hash=sha256:00",
    });
    expect(splitArgsOptions("-r base.txt")).toEqual({ args: "", options: "-r base.txt" });
  });

  it("reads options as optparse does", () => {
    expect(shellWords(`-r "my reqs.txt" 'x y' a\\ b`)).toEqual(["-r", "my reqs.txt", "x y", "a b"]);
    expect(
      parseOptions("-rbase.txt --requirement=a.txt --constraint b.txt -e . --pre --constr c.txt"),
    ).toEqual([
      { name: "--requirement", value: "base.txt", known: true },
      { name: "--requirement", value: "a.txt", known: true },
      { name: "--constraint", value: "b.txt", known: true },
      { name: "--editable", value: ".", known: true },
      { name: "--pre", known: true },
      { name: "--constraint", value: "c.txt", known: true },
    ]);
    expect(parseOptions("--bogus -x")).toEqual([
      { name: "--bogus", known: false },
      { name: "-x", known: false },
    ]);
  });
});
