import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { sriToHex } from "../core/text.js";
import { buildIndicatorSet } from "../indicators/load.js";
import type { IndicatorSet } from "../indicators/types.js";
import { defaultCacheDirs, type MaliciousLookup, scanCaches } from "./caches.js";
import { bundledIndicators, treeMaker } from "./test-kit.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__");

/** A stand-in for the advisory database: the TeamPCP PyPI releases and one CanisterWorm package. */
const KNOWN: Record<string, { id: string; aliases: string[]; versions: string[] }> = {
  "PyPI:litellm": { id: "MAL-2026-2144", aliases: ["PYSEC-2026-2"], versions: ["1.82.7", "1.82.8"] },
  "PyPI:telnyx": { id: "MAL-2026-2254", aliases: [], versions: ["4.87.1", "4.87.2"] },
  "npm:@teale.io/eslint-config": {
    id: "MAL-2026-2066",
    aliases: ["GHSA-7h5g-m989-54j2"],
    versions: ["1.8.9"],
  },
};
const calls: string[] = [];
const malicious: MaliciousLookup = (ecosystem, name, version) => {
  calls.push(`${ecosystem}:${name}@${version}`);
  const k = KNOWN[`${ecosystem}:${name}`];
  return k?.versions.includes(version) ? { id: k.id, aliases: k.aliases } : undefined;
};

let teampcp: IndicatorSet;
beforeAll(async () => {
  teampcp = await bundledIndicators();
});

afterEach(() => {
  calls.length = 0;
});

const tree = treeMaker("lw-cache-");

type Result = Awaited<ReturnType<typeof scanCaches>>;
function summary(r: Result): string[] {
  return r.findings.map(
    (f) =>
      `${f.location.path}${f.location.line ? `:${f.location.line}` : ""} ${f.id} ${f.kind} ${f.severity}`,
  );
}

describe("scanCaches: pip", () => {
  it("a cached wheel named litellm-1.82.8 is a malicious finding at its path; other wheels are not", async () => {
    const r = await scanCaches({ pipCache: "pip-cache", cwd: FIXTURES }, teampcp, malicious);
    expect(summary(r)).toEqual([
      "pip-cache/wheels/6b/2e/litellm-1.82.8-py3-none-any.whl MAL-2026-2144 malicious critical",
    ]);
    const f = r.findings[0];
    expect(f?.package).toEqual({ ecosystem: "PyPI", name: "litellm", version: "1.82.8" });
    expect(f?.aliases).toEqual(["PYSEC-2026-2"]);
    expect(f?.summary).toContain("pip cache purge");
    expect(calls.sort()).toEqual(["PyPI:litellm@1.82.8", "PyPI:requests@2.32.3"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("outside cwd the location is absolute with ~ for home", async () => {
    const r = await scanCaches(
      { pipCache: join(FIXTURES, "pip-cache"), cwd: "/somewhere/else", home: FIXTURES },
      teampcp,
      malicious,
    );
    expect(r.findings.map((f) => f.location.path)).toEqual([
      "~/pip-cache/wheels/6b/2e/litellm-1.82.8-py3-none-any.whl",
    ]);
  });

  it("http-v2 bodies are hashed against artifact hashes; legacy http/ is skipped; oversized files are counted", async () => {
    const body = "placeholder bytes standing in for a cached wheel download";
    const set = buildIndicatorSet([
      ...teampcp.indicators,
      {
        id: "IOC-TEST-0001",
        kind: "sha256",
        value: createHash("sha256").update(body).digest("hex"),
        advisory: "MAL-2026-2254",
        file: "telnyx-4.87.1-py3-none-any.whl",
        summary: "test artifact",
        references: [],
        confidence: "confirmed",
      },
    ]);
    const root = tree({
      "pip/http-v2/a/b/c/d/e/0123abcd.body": body,
      "pip/http-v2/a/b/c/d/e/0123abcd": "metadata, not hashed",
      "pip/http/a/b/c/d/e/legacy": body,
      "pip/http-v2/f/big.body": "x".repeat(2048),
    });
    const r = await scanCaches({ pipCache: "pip", cwd: root, maxFileBytes: 1024 }, set, malicious);
    expect(summary(r)).toEqual(["pip/http-v2/a/b/c/d/e/0123abcd.body MAL-2026-2254 indicator critical"]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.severity} ${d.message}`)).toEqual([
      "GENERIC info 1 cached file(s) larger than 0 MiB were not hashed",
    ]);
  });

  it("a wheel whose hash and name both match is reported once (the hash finding)", async () => {
    const bytes = "placeholder wheel";
    const set = buildIndicatorSet([
      ...teampcp.indicators,
      {
        id: "IOC-TEST-0002",
        kind: "sha256",
        value: createHash("sha256").update(bytes).digest("hex"),
        advisory: "MAL-2026-2144",
        summary: "test wheel",
        references: [],
        confidence: "confirmed",
      },
    ]);
    const root = tree({ "pip/wheels/x/litellm-1.82.7-py3-none-any.whl": bytes });
    const r = await scanCaches({ pipCache: "pip", cwd: root }, set, malicious);
    expect(summary(r)).toEqual([
      "pip/wheels/x/litellm-1.82.7-py3-none-any.whl MAL-2026-2144 indicator critical",
    ]);
  });
});

describe("scanCaches: uv", () => {
  it("finds malicious names in wheel entries, unpacked archives and .dist-info, and litellm_init.pth by name", async () => {
    const root = tree(
      {
        "uv/wheels-v5/pypi/litellm/litellm-1.82.8-py3-none-any.msgpack": "x",
        "uv/wheels-v5/pypi/telnyx/telnyx-4.87.0-py3-none-any.msgpack": "x",
        "uv/archive-v0/AbC123/litellm_init.pth": "# harmless placeholder\n",
        "uv/archive-v0/AbC123/litellm/__init__.py": "",
        "uv/sdists-v9/pypi/telnyx/4.87.2/telnyx-4.87.2.tar.gz": "",
      },
      ["uv/archive-v0/AbC123/litellm-1.82.8.dist-info"],
    );
    const r = await scanCaches({ uvCache: "uv", cwd: root }, teampcp, malicious);
    expect(summary(r)).toEqual([
      "uv/archive-v0/AbC123/litellm-1.82.8.dist-info MAL-2026-2144 malicious critical",
      "uv/archive-v0/AbC123/litellm_init.pth MAL-2026-2144 indicator critical",
      "uv/sdists-v9/pypi/telnyx/4.87.2/telnyx-4.87.2.tar.gz MAL-2026-2254 malicious critical",
      "uv/wheels-v5/pypi/litellm/litellm-1.82.8-py3-none-any.msgpack MAL-2026-2144 malicious critical",
    ]);
    expect(r.findings.every((f) => f.summary.includes("uv cache clean") || f.kind === "indicator")).toBe(
      true,
    );
  });
});

describe("scanCaches: npm", () => {
  it("an index-v5 line whose key names a malicious package@version is reported at that line", async () => {
    const r = await scanCaches({ npmCache: "npm-cache/_cacache", cwd: FIXTURES }, teampcp, malicious);
    const index =
      "npm-cache/_cacache/index-v5/5f/3a/0d4e1c9f2b7a6e5d8c3b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e";
    expect(summary(r)).toEqual([`${index}:3 MAL-2026-2066 malicious critical`]);
    expect(r.findings[0]?.package).toEqual({
      ecosystem: "npm",
      name: "@teale.io/eslint-config",
      version: "1.8.9",
    });
    expect(calls.sort()).toEqual(["npm:@teale.io/eslint-config@1.8.9", "npm:left-pad@1.3.0"]);
  });

  it("accepts the npm cache folder itself (…/.npm) and matches integrity against sha512 indicators", async () => {
    const integrity = `sha512-${"A".repeat(86)}==`;
    const set = buildIndicatorSet([
      {
        id: "IOC-TEST-0003",
        kind: "sha512",
        value: sriToHex(integrity)[0]?.value ?? "",
        summary: "test tarball",
        references: [],
        confidence: "relayed",
      },
    ]);
    const r = await scanCaches({ npmCache: "npm-cache", cwd: FIXTURES }, set, () => undefined);
    const index =
      "npm-cache/_cacache/index-v5/5f/3a/0d4e1c9f2b7a6e5d8c3b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e";
    expect(summary(r)).toEqual([`${index}:2 IOC-TEST-0003 indicator high`]);
    expect(r.findings[0]?.summary).toContain("left-pad@1.3.0");
  });

  it("torn or hostile index lines are skipped quietly", async () => {
    const root = tree({
      "c/index-v5/aa/bb/x": [
        "garbage without a tab",
        "abc\t{not json",
        'abc\t{"key": 5}',
        'abc\t{"key": "make-fetch-happen:request-cache:not a url"}',
        'abc\t{"key": "make-fetch-happen:request-cache:https://registry.npmjs.org/litellm/-/litellm-1.82.8.tgz"}',
      ].join("\n"),
    });
    const r = await scanCaches({ npmCache: "c", cwd: root }, teampcp, malicious);
    expect(r.findings).toEqual([]);
    expect(r.diagnostics).toEqual([]);
    expect(calls).toEqual(["npm:litellm@1.82.8"]); // npm ecosystem: the PyPI advisory does not apply
  });
});

describe("scanCaches: missing caches", () => {
  it("caches that do not exist are not errors", async () => {
    const r = await scanCaches(
      { pipCache: "/no/pip", uvCache: "/no/uv", npmCache: "/no/npm", cwd: FIXTURES },
      teampcp,
      malicious,
    );
    expect(r).toEqual({ findings: [], diagnostics: [] });
  });
});

describe("defaultCacheDirs", () => {
  it.each([
    ["linux", {}, "/home/u/.cache/pip", "/home/u/.cache/uv", "/home/u/.npm/_cacache"],
    ["linux", { XDG_CACHE_HOME: "/x/cache" }, "/x/cache/pip", "/x/cache/uv", "/home/u/.npm/_cacache"],
    [
      "linux",
      { XDG_CACHE_HOME: "relative" },
      "/home/u/.cache/pip",
      "/home/u/.cache/uv",
      "/home/u/.npm/_cacache",
    ],
    ["darwin", {}, "/home/u/Library/Caches/pip", "/home/u/.cache/uv", "/home/u/.npm/_cacache"],
    [
      "darwin",
      { XDG_CACHE_HOME: "/x/cache" },
      "/home/u/Library/Caches/pip",
      "/x/cache/uv",
      "/home/u/.npm/_cacache",
    ],
    ["linux", { PIP_CACHE_DIR: "/p", UV_CACHE_DIR: "/u", npm_config_cache: "/n" }, "/p", "/u", "/n/_cacache"],
    [
      "linux",
      { NPM_CONFIG_CACHE: "/N", PIP_CACHE_DIR: "" },
      "/home/u/.cache/pip",
      "/home/u/.cache/uv",
      "/N/_cacache",
    ],
  ] as const)("%s %j", (platform, env, pip, uv, npm) => {
    expect(defaultCacheDirs(env, platform, "/home/u")).toEqual({ pipCache: pip, uvCache: uv, npmCache: npm });
  });

  it("windows uses LOCALAPPDATA (or the home's AppData\\Local)", () => {
    expect(
      defaultCacheDirs({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "win32", "C:\\Users\\u"),
    ).toEqual({
      pipCache: "C:\\Users\\u\\AppData\\Local\\pip\\Cache",
      uvCache: "C:\\Users\\u\\AppData\\Local\\uv\\cache",
      npmCache: "C:\\Users\\u\\AppData\\Local\\npm-cache\\_cacache",
    });
    expect(defaultCacheDirs({}, "win32", "C:\\Users\\u").pipCache).toBe(
      "C:\\Users\\u\\AppData\\Local\\pip\\Cache",
    );
    expect(defaultCacheDirs({ npm_config_cache: "D:\\npm" }, "win32", "C:\\Users\\u").npmCache).toBe(
      "D:\\npm\\_cacache",
    );
  });
});
