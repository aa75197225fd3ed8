// Yarn's two small grammars: a descriptor `name@range` (lockfile keys, dependency maps) and a berry
// locator `name@reference` (the `resolution` field). The range or reference says where the package
// comes from: `npm:` (registry, optionally an alias `npm:<real>@<range>`), `patch:<inner>#<patch>`
// (a locally patched copy of the inner descriptor), `workspace:`, `portal:`/`link:`/`file:`/`exec:`
// (local folders and scripts), git remotes, or tarball URLs. Classic (v1) ranges have no protocol
// for registry ranges (`^1.2.0`) and use `npm:` only for aliases.

import type { PackageSource } from "../../core/types.js";

export interface Descriptor {
  name: string;
  range: string;
}

/** Where a range or reference points, as far as a scanner cares. */
export interface Reference {
  source: PackageSource;
  /** The real package name when it differs from the descriptor's (an `npm:` alias, or a patch's inner package). */
  realName?: string;
  /** For registry references: the text after `npm:` (and after an alias name); the exact version in a berry resolution. */
  npm?: string;
}

/** Splits `name@range`. The name ends at the first `@` after its first character, so `@scope/x@^1` works. */
export function splitDescriptor(descriptor: string): Descriptor {
  const at = descriptor.indexOf("@", 1);
  return at === -1
    ? { name: descriptor, range: "" }
    : { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

const LOCAL_PROTOCOLS = ["workspace:", "portal:", "link:", "file:", "exec:"];
const GIT_PROTOCOLS = ["git:", "git+", "ssh:", "github:", "gitlab:", "bitbucket:", "gist:"];
// `owner/repo` or `owner/repo#ref`: yarn and npm read a bare slash-separated range as GitHub shorthand.
const GITHUB_SHORTHAND = /^[A-Za-z0-9][\w.-]*\/[\w.-]+(?:#.*)?$/;
// An http(s) URL is a git remote when it names a .git repository or carries berry's `#commit=` style hash.
const GIT_URL = /\.git(?:[#?/]|$)|#(?:commit|head|tag|semver)=/;
const PROTOCOL = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// Patches nest (a patch of a patch); real files have one level. Bounds the recursion on hostile input.
const MAX_PATCH_DEPTH = 4;

/** True when the text starts with a URL-style protocol (`npm:`, `https:`, `workspace:` …). */
function hasProtocol(range: string): boolean {
  return PROTOCOL.test(range);
}

/** True for git remotes written as URLs or resolved URLs (`git+https://…`, `git://…`, `git@host:…`). */
function isGitUrl(url: string): boolean {
  return GIT_PROTOCOLS.some((p) => url.startsWith(p)) || url.startsWith("git@") || GIT_URL.test(url);
}

/**
 * Classifies a range (classic or berry descriptor) or a berry locator reference. Unknown protocols
 * (a yarn plugin's) count as `url`: not the registry, but not local either, so they stay scannable.
 */
export function classifyReference(ref: string, depth = 0): Reference {
  if (ref.startsWith("npm:")) {
    const inner = ref.slice(4);
    const at = inner.indexOf("@", 1);
    // `npm:^1.2.0` is a range; `npm:string-width@^4` (a name, then `@`) is an alias.
    return at === -1
      ? { source: "registry", npm: inner }
      : { source: "registry", realName: inner.slice(0, at), npm: inner.slice(at + 1) };
  }
  if (ref.startsWith("patch:")) return classifyPatch(ref, depth);
  if (LOCAL_PROTOCOLS.some((p) => ref.startsWith(p))) {
    return { source: ref.startsWith("workspace:") ? "workspace" : "path" };
  }
  if (ref.startsWith("http://") || ref.startsWith("https://")) {
    return { source: GIT_URL.test(ref) ? "git" : "url" };
  }
  if (isGitUrl(ref)) return { source: "git" };
  if (hasProtocol(ref)) return { source: "url" };
  if (ref.startsWith("./") || ref.startsWith("../") || ref.startsWith("/") || ref.startsWith("~/")) {
    return { source: "path" };
  }
  if (GITHUB_SHORTHAND.test(ref)) return { source: "git" };
  return { source: "registry", npm: ref };
}

/** The descriptor a `patch:` range wraps (`patch:<inner, percent-encoded>#<patch file>`), decoded. */
export function patchInner(ref: string): string | undefined {
  if (!ref.startsWith("patch:")) return undefined;
  const hash = ref.indexOf("#");
  const inner = ref.slice(6, hash === -1 ? undefined : hash);
  try {
    return decodeURIComponent(inner);
  } catch {
    return inner; // a malformed %-escape: keep the text as written
  }
}

function classifyPatch(ref: string, depth: number): Reference {
  const inner = splitDescriptor(patchInner(ref) ?? "");
  if (depth >= MAX_PATCH_DEPTH) return { source: "url" };
  const r = classifyReference(inner.range, depth + 1);
  const realName = r.realName ?? inner.name;
  return realName ? { ...r, realName } : r;
}
