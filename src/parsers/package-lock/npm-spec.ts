// How npm-family lockfiles spell where a package came from. package-lock and bun.lock write the
// same kinds of strings (registry tarball URLs, git remotes, `github:` shorthands, `file:` paths),
// so both parsers classify them here. These are npm's own conventions (npm-package-arg), kept to
// the few prefixes a lockfile can hold; nothing here parses a file format.

// Deep import: semver's index loads ~40 modules; the scan needs two functions.
import valid from "semver/functions/valid.js";
import type { PackageSource } from "../../core/types.js";

const GIT_PREFIX = /^(?:git\+[a-z0-9.+-]+:|git:|git@|ssh:|github:|gitlab:|bitbucket:|gist:)/i;
// npm-package-arg reads a bare "owner/repo" or "owner/repo#ref" as a GitHub shorthand.
const GITHUB_SHORTHAND = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:#.*)?$/;
const PATH_SPEC = /^(?:file:|link:|\.\.?(?:\/|$)|\/|~\/)/;
// npm-package-arg reads a spec ending in a tarball extension as a local file before any shorthand.
const TARBALL_FILE = /\.(?:tgz|tar\.gz|tar)$/i;
const HTTP_URL = /^https?:\/\//i;
// Registry layout: <registry>/<name>/-/<unscoped name>-<version>.tgz (any registry host or prefix).
const REGISTRY_TARBALL = /^https?:\/\/[^/]+\/(?:[^?#]*\/)?-\/[^/?#]+\.tgz(?:[?#].*)?$/i;

export function isGitSpec(spec: string): boolean {
  return GIT_PREFIX.test(spec);
}

export function isPathSpec(spec: string): boolean {
  return PATH_SPEC.test(spec);
}

export function isHttpUrl(spec: string): boolean {
  return HTTP_URL.test(spec);
}

/** True for a plain x.y.z[-pre][+build] version (not a range, not "v1.2.3"). */
export function isSemver(version: string): boolean {
  const c = version.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && valid(version) !== null;
}

/**
 * The version in a registry tarball URL for `name`
 * (`https://registry.npmjs.org/@s/n/-/n-1.2.3.tgz` → `1.2.3`), or undefined when the URL does not
 * follow the registry layout for that name.
 */
export function registryTarballVersion(url: string, name: string): string | undefined {
  if (!REGISTRY_TARBALL.test(url)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const dash = path.lastIndexOf("/-/");
  if (dash === -1 || !path.slice(0, dash).endsWith(`/${name}`)) return undefined;
  const file = path.slice(dash + 3);
  const unscoped = name.slice(name.lastIndexOf("/") + 1);
  if (!file.startsWith(`${unscoped}-`) || !file.endsWith(".tgz")) return undefined;
  const version = file.slice(unscoped.length + 1, -4);
  return isSemver(version) ? version : undefined;
}

/**
 * REGISTRY_TARBALL without a RegExp, for the lowercase http(s) URLs lockfiles almost always hold:
 * this runs once per entry of a 40k-entry lockfile.
 */
function isRegistryTarball(url: string): boolean {
  const host = url.indexOf("/", url.charCodeAt(4) === 0x73 ? 8 : 7);
  if (host === -1) return false;
  let end = url.length;
  const query = url.indexOf("?", host);
  if (query !== -1) end = query;
  const hash = url.indexOf("#", host);
  if (hash !== -1 && hash < end) end = hash;
  const dash = url.lastIndexOf("/-/", end);
  if (dash < host) return false;
  // The file name after /-/: no further "/", at least one character before ".tgz".
  const slash = url.indexOf("/", dash + 3);
  return (slash === -1 || slash >= end) && end - (dash + 3) > 4 && url.endsWith(".tgz", end);
}

/** Source kind of a `resolved` URL written next to a version (package-lock v2/v3, v1 with a semver version). */
export function sourceOfResolved(resolved: string | undefined): PackageSource {
  if (resolved === undefined || resolved === "") return "registry";
  if (resolved.startsWith("https://") || resolved.startsWith("http://")) {
    return isRegistryTarball(resolved) ? "registry" : "url";
  }
  if (isPathSpec(resolved)) return "path";
  if (isGitSpec(resolved)) return "git";
  if (REGISTRY_TARBALL.test(resolved)) return "registry";
  // Any other URL (codeload archive, CDN tarball, unknown scheme) is a remote tarball.
  if (/^[a-z][a-z0-9+.-]*:/i.test(resolved)) return "url";
  // A bare relative path without ./ (a link's folder key, "packages/a").
  return "path";
}

export interface SpecReading {
  source: PackageSource;
  /** Omitted for local sources, which have no registry version. */
  version?: string;
  resolved?: string;
}

/**
 * Reads a version field that may hold a non-registry spec instead of a version: the v1
 * package-lock `version` and the bun.lock resolution after `name@`. `resolved` is the separate URL
 * field where the format has one.
 */
export function readVersionSpec(name: string, spec: string, resolved: string | undefined): SpecReading {
  if (isPathSpec(spec)) return { source: "path", resolved: resolved ?? spec };
  if (isGitSpec(spec)) return { source: "git", version: spec, resolved: resolved ?? spec };
  if (isHttpUrl(spec)) {
    const v = registryTarballVersion(spec, name);
    if (v !== undefined) return { source: "registry", version: v, resolved: resolved ?? spec };
    return { source: "url", version: spec, resolved: resolved ?? spec };
  }
  if (TARBALL_FILE.test(spec)) return { source: "path", resolved: resolved ?? spec };
  if (!isSemver(spec) && GITHUB_SHORTHAND.test(spec)) {
    return { source: "git", version: spec, resolved: resolved ?? spec };
  }
  const out: SpecReading = { source: sourceOfResolved(resolved), version: spec };
  if (resolved !== undefined) out.resolved = resolved;
  return out;
}

/** Splits `name@spec` at the `@` that ends the name (a scoped name starts with `@`). */
export function splitNameSpec(text: string): { name: string; spec: string } | undefined {
  const at = text.indexOf("@", 1);
  if (at <= 0) return undefined;
  return { name: text.slice(0, at), spec: text.slice(at + 1) };
}
