// Lockfile hashes × artifact-hash indicators. Every format's hashes (pip --hash, poetry/uv/pdm/
// pylock/Pipfile, npm integrity converted from SRI) reach here as PackageRef.hashes in lowercase
// hex. A hit is reported at the entry's line even when the name and version look innocent: the
// bytes the lockfile pins are the malicious artifact, whatever the entry calls itself. Pure.

import type { Finding, PackageRef } from "../core/types.js";
import { indicatorFinding, safeText } from "./finding.js";
import type { IndicatorSet } from "./types.js";

export function matchHashes(packages: readonly PackageRef[], set: IndicatorSet): Finding[] {
  const findings: Finding[] = [];
  for (const pkg of packages) {
    const seen = new Set<string>();
    for (const h of pkg.hashes ?? []) {
      for (const ind of set.byHash(h.value)) {
        // The algorithm must agree: a digest is only comparable with one of its own kind.
        if (ind.kind !== h.algorithm || ind.safe || seen.has(ind.id)) continue;
        seen.add(ind.id);
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
        findings.push(f);
      }
    }
  }
  return findings;
}
