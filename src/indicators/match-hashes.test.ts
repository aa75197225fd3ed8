import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sriToHex } from "../core/text.js";
import type { PackageRef } from "../core/types.js";
import { fingerprint } from "./finding.js";
import { buildIndicatorSet, loadIndicators } from "./load.js";
import { matchHashes } from "./match-hashes.js";
import type { IndicatorSet } from "./types.js";

/** litellm-1.82.8-py3-none-any.whl, FACTS.md §3.3. */
const LITELLM_WHEEL = "d2a0d5f564628773b6af7b9c11f6b86531a875bd2d186d7081ab62748a800ebb";
/** The legitimate trivy-action entrypoint.sh: a known-good hash. */
const LEGIT_ENTRYPOINT = "07500e81693c06ef7ac6bf210cff9c882bcc11db5f16b5bded161218353ba4da";

let set: IndicatorSet;
beforeAll(async () => {
  set = await loadIndicators([join(import.meta.dirname, "..", "..", "advisories")]);
});

function pkg(name: string, version: string, line: number, hashes: PackageRef["hashes"]): PackageRef {
  const p: PackageRef = {
    ecosystem: "PyPI",
    name,
    version,
    source: "registry",
    location: { path: "requirements.txt", line },
  };
  if (hashes) p.hashes = hashes;
  return p;
}

describe("matchHashes", () => {
  it("an innocent-looking entry pinning the malicious litellm 1.82.8 wheel is one finding at its line", () => {
    const findings = matchHashes(
      [
        pkg("requests", "2.32.3", 1, [{ algorithm: "sha256", value: "1".repeat(64) }]),
        pkg("innocent-name", "1.0", 3, [
          { algorithm: "sha256", value: "2".repeat(64) },
          { algorithm: "sha256", value: LITELLM_WHEEL },
        ]),
      ],
      set,
    );
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f?.id).toBe("MAL-2026-2144");
    expect(f?.kind).toBe("indicator");
    expect(f?.severity).toBe("critical");
    expect(f?.location).toEqual({ path: "requirements.txt", line: 3 });
    expect(f?.package).toEqual({ ecosystem: "PyPI", name: "innocent-name", version: "1.0" });
    expect(f?.indicator).toEqual({ kind: "sha256", value: LITELLM_WHEEL, confidence: "confirmed" });
    expect(f?.fingerprint).toBe(fingerprint("MAL-2026-2144", "requirements.txt", LITELLM_WHEEL));
    expect(f?.summary).toContain("innocent-name@1.0");
    expect(f?.summary).toContain("litellm-1.82.8-py3-none-any.whl");
    expect(f?.aliases).toEqual([]);
    expect(f?.fixed).toEqual([]);
  });

  it("non-matching hashes, a safe (known-good) hash and a mismatched algorithm report nothing", () => {
    expect(
      matchHashes(
        [
          pkg("a", "1", 1, [{ algorithm: "sha256", value: "3".repeat(64) }]),
          pkg("b", "1", 2, [{ algorithm: "sha256", value: LEGIT_ENTRYPOINT }]),
          pkg("c", "1", 3, []),
          pkg("d", "1", 4, undefined),
          pkg("e", "1", 5, [{ algorithm: "sha512", value: LITELLM_WHEEL }]),
        ],
        set,
      ),
    ).toEqual([]);
  });

  it("single-source hashes are high, and each entry reports a hash once even if listed twice", () => {
    // litellm-1.82.8.tar.gz: single-source in the sheet.
    const sdist = "d39f4e7a218053cce976c91eacf184cf09a6960c731cc9d66d8e1a53406593a5";
    const findings = matchHashes(
      [
        pkg("litellm", "1.82.8", 7, [
          { algorithm: "sha256", value: sdist, file: "litellm-1.82.8.tar.gz" },
          { algorithm: "sha256", value: sdist },
        ]),
      ],
      set,
    );
    expect(findings.map((f) => `${f.location.line} ${f.id} ${f.severity}`)).toEqual(["7 MAL-2026-2144 high"]);
  });

  it("npm integrity (SRI sha512 converted to hex) matches sha512 indicators; no advisory → indicator id", () => {
    const integrity = `sha512-${Buffer.alloc(64, 7).toString("base64")}`;
    const [hex] = sriToHex(integrity);
    const custom = buildIndicatorSet([
      {
        id: "IOC-TEST-0001",
        kind: "sha512",
        value: hex?.value ?? "",
        summary: "test tarball",
        references: [],
        confidence: "relayed",
      },
    ]);
    const npm: PackageRef = {
      ecosystem: "npm",
      name: "left-pad",
      version: "1.3.0",
      source: "registry",
      hashes: sriToHex(integrity),
      direct: true,
      groups: ["dev"],
      location: { path: "package-lock.json", line: 42 },
    };
    const findings = matchHashes([npm], custom);
    expect(findings.map((f) => `${f.location.path}:${f.location.line} ${f.id} ${f.severity}`)).toEqual([
      "package-lock.json:42 IOC-TEST-0001 high",
    ]);
    expect(findings[0]?.direct).toBe(true);
    expect(findings[0]?.dev).toBe(true);
  });

  it("a package-lock SRI integrity matches in every spelling: canonical, several tokens, options, no padding", () => {
    const digest = Buffer.alloc(64, 9);
    const custom = buildIndicatorSet([
      {
        id: "IOC-TEST-0002",
        kind: "sha512",
        value: digest.toString("hex"),
        summary: "worm tarball",
        references: [],
        confidence: "relayed",
      },
      {
        id: "IOC-TEST-0003",
        kind: "sha512",
        value: Buffer.alloc(64, 3).toString("hex"),
        summary: "a known-good tarball",
        references: [],
        confidence: "relayed",
        safe: true,
      },
    ]);
    const b64 = digest.toString("base64");
    const spellings = [
      `sha512-${b64}`,
      `sha1-${Buffer.alloc(20, 1).toString("base64")} sha512-${b64}`,
      `sha512-${b64}?opt`,
      `sha512-${b64.replace(/=+$/, "")}`,
    ];
    const packages = spellings.map(
      (integrity, i): PackageRef => ({
        ecosystem: "npm",
        name: `pkg-${i}`,
        version: "1.0.0",
        source: "registry",
        integrity,
        location: { path: "package-lock.json", line: 10 + i },
      }),
    );
    // Neither an innocent digest nor a safe (known-good) one is a hit.
    packages.push(
      {
        ...(packages[0] as PackageRef),
        name: "innocent",
        integrity: `sha512-${Buffer.alloc(64, 2).toString("base64")}`,
      },
      {
        ...(packages[0] as PackageRef),
        name: "known-good",
        integrity: `sha512-${Buffer.alloc(64, 3).toString("base64")}`,
      },
    );
    const findings = matchHashes(packages, custom);
    expect(findings.map((f) => `${f.location.line} ${f.id} ${f.package?.name}`)).toEqual([
      "10 IOC-TEST-0002 pkg-0",
      "11 IOC-TEST-0002 pkg-1",
      "12 IOC-TEST-0002 pkg-2",
      "13 IOC-TEST-0002 pkg-3",
    ]);
    expect(findings[0]?.summary).toContain(`sha512:${digest.toString("hex").slice(0, 16)}`);
  });

  it("an entry with no version still reports, without a package field; hostile names are escaped", () => {
    const p: PackageRef = {
      ecosystem: "PyPI",
      name: "x\u001b[31m",
      source: "path",
      hashes: [{ algorithm: "sha256", value: LITELLM_WHEEL }],
      location: { path: "uv.lock", line: 9 },
    };
    const [f] = matchHashes([p], set);
    expect(f?.package).toBeUndefined();
    expect(f?.location).toEqual({ path: "uv.lock", line: 9 });
    expect(f?.summary).not.toContain("\u001b");
  });
});
