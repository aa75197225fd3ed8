// Versions derived from Python distribution file names in a URL or path, for direct references
// (`name @ https://…/name-1.2.3-py3-none-any.whl`).
// Wheel names are unambiguous: {dist}-{version}(-{build})?-{python}-{abi}-{platform}.whl
// (https://packaging.python.org/en/latest/specifications/binary-distribution-format/).
// Source distributions are {name}-{version}.tar.gz (or a legacy archive type), and both name and
// version may contain "-": we only split one when the project name is known, and never guess.

import type { ArtifactHash, HashAlgorithm } from "../core/types.js";
import { normalizePypiName } from "./pypi.js";

const SDIST_EXTENSIONS = [".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".zip"];
const VERSIONISH = /^v?[0-9][A-Za-z0-9.!+_-]*$/i;
const HASH_ALGORITHMS: ReadonlySet<string> = new Set(["md5", "sha1", "sha256", "sha384", "sha512"]);

/** The last path segment of a URL or path, without query or fragment, percent-decoded when valid. */
export function fileNameOf(urlOrPath: string): string {
  let s = urlOrPath;
  const hash = s.indexOf("#");
  if (hash !== -1) s = s.slice(0, hash);
  const query = s.indexOf("?");
  if (query !== -1) s = s.slice(0, query);
  const slash = Math.max(s.lastIndexOf("/"), s.lastIndexOf("\\"));
  const leaf = s.slice(slash + 1);
  try {
    return decodeURIComponent(leaf);
  } catch {
    return leaf;
  }
}

export interface DistFile {
  name: string;
  version: string;
  kind: "wheel" | "sdist";
}

/**
 * Name and version from a distribution file name. `expectedName` (any spelling) must match the
 * file's project name after PEP 503 normalisation; it is required to split an sdist name.
 */
export function parseDistFileName(fileName: string, expectedName?: string): DistFile | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".whl")) {
    const parts = fileName.slice(0, -4).split("-");
    if (parts.length !== 5 && parts.length !== 6) return undefined;
    const [dist, version] = parts;
    if (!dist || !version || !VERSIONISH.test(version)) return undefined;
    if (expectedName !== undefined && normalizePypiName(dist) !== normalizePypiName(expectedName))
      return undefined;
    return { name: dist, version, kind: "wheel" };
  }
  if (expectedName === undefined) return undefined;
  const ext = SDIST_EXTENSIONS.find((e) => lower.endsWith(e));
  if (ext === undefined) return undefined;
  const stem = fileName.slice(0, -ext.length);
  const want = normalizePypiName(expectedName);
  for (let i = stem.indexOf("-"); i !== -1; i = stem.indexOf("-", i + 1)) {
    if (normalizePypiName(stem.slice(0, i)) !== want) continue;
    const version = stem.slice(i + 1);
    if (VERSIONISH.test(version)) return { name: stem.slice(0, i), version, kind: "sdist" };
  }
  return undefined;
}

/**
 * Parses one "<algorithm>:<hex>" (pip --hash, Pipfile.lock, poetry.lock) or "<algorithm>=<hex>"
 * (URL fragment) value. Unknown algorithms and non-hex values give undefined.
 */
export function parseHash(text: string, file?: string): ArtifactHash | undefined {
  const m = /^([A-Za-z0-9]+)[:=]([0-9A-Fa-f]+)$/.exec(text.trim());
  if (!m) return undefined;
  const algorithm = (m[1] as string).toLowerCase();
  if (!HASH_ALGORITHMS.has(algorithm)) return undefined;
  const hash: ArtifactHash = { algorithm: algorithm as HashAlgorithm, value: (m[2] as string).toLowerCase() };
  if (file !== undefined) hash.file = file;
  return hash;
}

/** Hashes named in a URL fragment (`#sha256=…`, possibly with `&egg=…`). */
export function fragmentHashes(url: string): ArtifactHash[] {
  const hash = url.indexOf("#");
  if (hash === -1) return [];
  const out: ArtifactHash[] = [];
  for (const part of url.slice(hash + 1).split("&")) {
    const h = parseHash(part);
    if (h) out.push(h);
  }
  return out;
}

/** The `#egg=name` of a pip URL or path, without extras. */
export function eggName(url: string): string | undefined {
  const hash = url.indexOf("#");
  if (hash === -1) return undefined;
  for (const part of url.slice(hash + 1).split("&")) {
    if (!part.startsWith("egg=")) continue;
    const name = part.slice(4).replace(/\[.*$/, "").trim();
    return name === "" ? undefined : name;
  }
  return undefined;
}
