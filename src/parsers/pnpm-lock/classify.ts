// Where a pnpm package comes from, read from its key kind and `resolution` (see README.md):
// local (`file:`/`link:` keys, `directory`, `file:` tarballs) → path; `type: git`/`repo`/`commit`
// → git; an http(s) tarball → registry when it has the npm registry layout (`…/-/x.tgz`), git when
// it is a commit archive on a git host (pnpm's `gitHosted`), otherwise url; the rest → registry.

import { sriToHex } from "../../core/text.js";
import type { ArtifactHash, PackageSource } from "../../core/types.js";
import type { KeyKind } from "./dep-path.js";
import type { Resolution } from "./schema.js";

const HEX_LENGTH = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 } as const;

export interface Origin {
  source: PackageSource;
  resolved?: string;
  hashes?: ArtifactHash[];
}

// pnpm's isGitHostedPkgUrl: how `github:o/r#sha` deps are fetched (codeload archives).
const GIT_HOSTED_TARBALL = /^https:\/\/(?:codeload\.github\.com|bitbucket\.org|gitlab\.com)\/.*tar\.gz/;
const REGISTRY_TARBALL = /^https?:\/\/[^/]+\/(?:[^?#]*\/)?-\/[^?#]+\.tgz(?:[?#].*)?$/i;

export function classify(kind: KeyKind, res: Resolution | undefined, keyVersion: string | undefined): Origin {
  const origin: Origin = { source: "registry" };
  if (res?.integrity) {
    // A digest of the wrong length is a truncated or tampered file, not a hash to compare.
    const hashes = sriToHex(res.integrity).filter((h) => h.value.length === HEX_LENGTH[h.algorithm]);
    if (hashes.length > 0) origin.hashes = hashes;
  }
  const tarball = res?.tarball;
  if (
    kind === "local" ||
    res?.directory !== undefined ||
    res?.type === "directory" ||
    tarball?.startsWith("file:")
  ) {
    origin.source = "path";
    const where = res?.directory ?? tarball;
    if (where) origin.resolved = where;
  } else if (res?.type === "git" || res?.repo !== undefined || res?.commit !== undefined) {
    origin.source = "git";
    if (res?.repo) origin.resolved = res.commit ? `${res.repo}#${res.commit}` : res.repo;
  } else if (tarball) {
    origin.resolved = tarball;
    if (res?.gitHosted || GIT_HOSTED_TARBALL.test(tarball)) origin.source = "git";
    else if (!REGISTRY_TARBALL.test(tarball)) origin.source = "url";
  } else if (kind === "remote" && keyVersion) {
    // v9 key `name@<url>` with no usable resolution: the key itself says where it came from.
    const git = /^git\+|^git:|^github:|\.git(?:#|$)/.test(keyVersion) || GIT_HOSTED_TARBALL.test(keyVersion);
    origin.source = git ? "git" : "url";
    origin.resolved = keyVersion;
  }
  return origin;
}
