// A finding's stable identity, for SARIF partialFingerprints, baselines and ignore files: the same
// advisory group on the same package@version in the same file hashes the same across runs, edits
// elsewhere in the file and lockfile reformatting, because line numbers never take part.

export interface FingerprintParts {
  /** Canonical id of the advisory group. */
  group: string;
  /** Repo-relative POSIX path of the scanned file. */
  path: string;
  ecosystem: string;
  /** Normalised package name (PEP 503 for PyPI), so spelling variants of one project agree. */
  name: string;
  version: string;
}

/** sha256 hex (first 32 characters) over the parts, length-delimited so no two part lists collide. */
export function fingerprint(parts: FingerprintParts): string {
  const payload = JSON.stringify([parts.group, parts.path, parts.ecosystem, parts.name, parts.version]);
  // crypto.hash (Node >= 20.12) is the one-shot form: several times cheaper than createHash for short inputs.
  // node:crypto on first use: a clean scan never loads it.
  return process.getBuiltinModule("node:crypto").hash("sha256", payload, "hex").slice(0, 32);
}
