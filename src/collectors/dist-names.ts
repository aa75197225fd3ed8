// Package name and version from artifact names found in caches: wheels (PEP 427
// `{name}-{version}(-{build})?-{py}-{abi}-{platform}.whl`), sdists (`{name}-{version}.tar.gz|.zip`),
// `.dist-info` directories, and npm registry tarball URLs (`…/{name}/-/{base}-{version}.tgz`).
// Pure.

export interface DistName {
  name: string;
  version: string;
}

/** PEP 503 normalised name (one implementation, in ecosystems/pypi). */
export { normalizePypiName as pep503 } from "../ecosystems/pypi.js";

import { normalizePypiName as pep503 } from "../ecosystems/pypi.js";

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?$/;
const VERSION = /^[0-9][A-Za-z0-9.+!_]*$/;

/** A wheel file name (with or without the `.whl` suffix when `stemOnly`). */
export function parseWheelName(file: string, stemOnly = false): DistName | undefined {
  let stem = file;
  if (!stemOnly) {
    if (!file.toLowerCase().endsWith(".whl")) return undefined;
    stem = file.slice(0, -4);
  }
  const parts = stem.split("-");
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const [name, version] = parts;
  if (!name || !version || !NAME.test(name) || !VERSION.test(version)) return undefined;
  return { name: pep503(name), version };
}

const SDIST = /^(.+)-([0-9][A-Za-z0-9.+!_]*)\.(tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i;

export function parseSdistName(file: string): DistName | undefined {
  const m = SDIST.exec(file);
  if (!m?.[1] || !m[2] || !/^[A-Za-z0-9._-]+$/.test(m[1])) return undefined;
  return { name: pep503(m[1]), version: m[2] };
}

/** `{name}-{version}.dist-info` (the name's `-` are escaped to `_` by installers). */
export function parseDistInfo(dir: string): DistName | undefined {
  const m = /^([A-Za-z0-9._]+)-([0-9][A-Za-z0-9.+!_]*)\.dist-info$/.exec(dir);
  if (!m?.[1] || !m[2]) return undefined;
  return { name: pep503(m[1]), version: m[2] };
}

/** Any Python artifact name a cache may hold. */
export function parsePythonArtifact(file: string): DistName | undefined {
  return parseWheelName(file) ?? parseSdistName(file);
}

/** npm tarball URL → package, e.g. `https://registry.npmjs.org/@s/p/-/p-1.0.0.tgz`. */
export function parseNpmTarballUrl(url: string): DistName | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = /^\/(?:.*?\/)??((?:@[^/]+(?:\/|%2f))?[^/@][^/]*)\/-\/([^/]+)\.tgz$/i.exec(path);
  if (!m?.[1] || !m[2]) return undefined;
  const name = decodeURIComponent(m[1].replace(/%2f/i, "/"));
  const base = name.includes("/") ? name.slice(name.indexOf("/") + 1) : name;
  if (!m[2].startsWith(`${base}-`)) return undefined;
  const version = m[2].slice(base.length + 1);
  if (!/^[0-9]+\.[0-9]+\.[0-9]+/.test(version)) return undefined;
  return { name, version };
}
