// Lockfile hashes × artifact-hash indicators. Every format's hashes (pip --hash, poetry/uv/pdm/
// pylock/Pipfile, pnpm/bun integrity converted from SRI) reach here as PackageRef.hashes in
// lowercase hex; package-lock entries keep their raw SRI `integrity`, which is looked up in SRI
// form and decoded only when it is not in the canonical form the lookup table uses. A hit is
// reported at the entry's line even when the name and version look innocent: the bytes the
// lockfile pins are the malicious artifact, whatever the entry calls itself. Pure.

import { sriToHex } from "../core/text.js";
import type { ArtifactHash, Finding, PackageRef } from "../core/types.js";
import { indicatorFinding, safeText } from "./finding.js";
import type { Indicator, IndicatorSet } from "./types.js";

const SRI_ALGORITHMS = ["sha1", "sha256", "sha512"] as const;
/** One SRI token exactly as `Buffer#toString("base64")` writes it: what npm writes. */
const CANONICAL_SRI = /^(?:sha1-[A-Za-z0-9+/]{27}=|sha256-[A-Za-z0-9+/]{43}=|sha512-[A-Za-z0-9+/]{86}==)$/;

/** Malicious hash indicators by their canonical SRI token (`sha512-<base64>`). */
function sriTable(set: IndicatorSet): Map<string, ArtifactHash> {
  const table = new Map<string, ArtifactHash>();
  for (const algorithm of SRI_ALGORITHMS) {
    for (const ind of set.byKind(algorithm)) {
      if (ind.safe) continue;
      const token = `${algorithm}-${Buffer.from(ind.value, "hex").toString("base64")}`;
      table.set(token, { algorithm, value: ind.value });
    }
  }
  return table;
}

/** The hashes of an SRI string worth looking up: a canonical token only if it is in the table. */
function integrityHashes(integrity: string, table: Map<string, ArtifactHash>): ArtifactHash[] {
  if (CANONICAL_SRI.test(integrity)) {
    const hit = table.get(integrity);
    return hit ? [hit] : [];
  }
  // Several tokens, options, padding left off, base64url…: rare, so decoded the slow way.
  return sriToHex(integrity);
}

export function matchHashes(packages: readonly PackageRef[], set: IndicatorSet): Finding[] {
  const findings: Finding[] = [];
  let table: Map<string, ArtifactHash> | undefined;
  for (const pkg of packages) {
    let hashes = pkg.hashes;
    if (pkg.integrity !== undefined) {
      table ??= sriTable(set);
      const more = integrityHashes(pkg.integrity, table);
      if (more.length > 0) hashes = hashes ? [...hashes, ...more] : more;
    }
    if (hashes === undefined) continue;
    let seen: Set<string> | undefined;
    for (const h of hashes) {
      for (const ind of set.byHash(h.value)) {
        // The algorithm must agree: a digest is only comparable with one of its own kind.
        if (ind.kind !== h.algorithm || ind.safe || seen?.has(ind.id)) continue;
        seen ??= new Set();
        seen.add(ind.id);
        findings.push(hashFinding(pkg, h, ind));
      }
    }
  }
  return findings;
}

function hashFinding(pkg: PackageRef, h: ArtifactHash, ind: Indicator): Finding {
  const label = `${safeText(pkg.name, 100)}${pkg.version ? `@${safeText(pkg.version, 60)}` : ""}`;
  const file = h.file ? ` (${safeText(h.file, 120)})` : "";
  const f = indicatorFinding(ind, pkg.location, {
    what: `${label} pins ${h.algorithm}:${h.value.slice(0, 16)}…${file}, a known-malicious artifact${ind.file ? ` (${ind.file})` : ""}`,
  });
  if (pkg.version !== undefined) {
    f.package = { ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version };
    if (pkg.alias) f.package.alias = pkg.alias;
  }
  if (pkg.direct !== undefined) f.direct = pkg.direct;
  if (pkg.groups?.includes("dev")) f.dev = true;
  return f;
}
