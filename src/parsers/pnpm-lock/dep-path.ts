// pnpm "dependency paths": the keys of `packages`/`snapshots` and the values of dependency maps.
// Three grammars, chosen by lockfileVersion (see README.md):
//   v5  /name/1.2.3_peers        /@scope/name/1.2.3_react@17.0.2+@types+react@17.0.1
//   v6  /name@1.2.3(peer@1)      /@scope/name@1.2.3(react@17.0.2)
//   v9  name@1.2.3(peer@1)       @scope/name@1.2.3(react@17.0.2)(patch_hash=…)
// plus local keys (`file:`, `link:`) and, in v5/v6, "absolute" keys that start with a host
// (`github.com/o/r/sha`, `registry.example.com/name/1.0.0`) whose entry carries `name`/`version`.
// A semver version never contains `_` or `(`, so cutting there is safe for registry keys.

export type KeyStyle = "v5" | "v6" | "v9";

export type KeyKind = "registry" | "local" | "remote" | "absolute" | "invalid";

export interface ParsedKey {
  /** The key without its peer/patch suffix: several peer variants share it (the node id). */
  base: string;
  kind: KeyKind;
  /** Package name, when the key spells one (absolute keys: a best-effort guess after the host). */
  name?: string;
  /** Version as written in the key (v9 remote/local keys: the URL or `file:` spec). */
  version?: string;
}

/** Start of the trailing balanced `(…)(…)` groups (peers, patch hash), or s.length if none. */
export function trailingGroupsStart(s: string): number {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x29) {
    let depth = 0;
    let i = end - 1;
    for (; i >= 0; i--) {
      const c = s.charCodeAt(i);
      if (c === 0x29) depth++;
      else if (c === 0x28 && --depth === 0) break;
    }
    if (i < 0) break; // unbalanced: leave the text alone
    end = i;
  }
  return end;
}

function isLocal(spec: string): boolean {
  return spec.startsWith("file:") || spec.startsWith("link:");
}

/** `name@version` (name may be scoped). */
function splitAt(text: string): { name: string; version: string } | undefined {
  const at = text.indexOf("@", 1);
  if (at <= 0 || at === text.length - 1) return undefined;
  return { name: text.slice(0, at), version: text.slice(at + 1) };
}

/** `name/version` (name may be scoped: `@scope/name/version`). */
function splitSlash(text: string): { name: string; version: string } | undefined {
  const first = text.indexOf("/");
  const sep = text.startsWith("@") ? text.indexOf("/", first + 1) : first;
  if (sep <= 0 || first <= 0 || sep === text.length - 1) return undefined;
  return { name: text.slice(0, sep), version: text.slice(sep + 1) };
}

// v5 peer suffixes: `_name@1.0.0+other@2.0.0`, or a base32/hex hash when that got too long.
const V5_LOCAL_SUFFIX = /_(?:[^_/]*@[^/]*|[a-z0-9]{26,32})$/;

function stripV5(key: string): string {
  if (isLocal(key)) {
    // Paths may contain `_`; only cut what looks like a peer suffix.
    const m = V5_LOCAL_SUFFIX.exec(key);
    return m ? key.slice(0, m.index) : key;
  }
  const u = key.indexOf("_", key.lastIndexOf("/") + 1);
  return u === -1 ? key : key.slice(0, u);
}

/** A key without its peer suffix, in the style's grammar (the node id, before any document prefix). */
export function baseKey(key: string, style: KeyStyle): string {
  if (style === "v5") return stripV5(key);
  const k = style === "v9" && key.startsWith("/") ? key.slice(1) : key;
  return k.slice(0, trailingGroupsStart(k));
}

function remoteOrRegistry(version: string): KeyKind {
  if (isLocal(version)) return "local";
  return version.includes(":") ? "remote" : "registry";
}

export function parseKey(key: string, style: KeyStyle): ParsedKey {
  const base = baseKey(key, style);
  if (isLocal(base)) return { base, kind: "local" };
  if (style === "v9") {
    const nv = splitAt(base);
    if (!nv) return { base, kind: "invalid" };
    return { base, kind: remoteOrRegistry(nv.version), name: nv.name, version: nv.version };
  }
  const split = style === "v5" ? splitSlash : splitAt;
  if (base.startsWith("/")) {
    const nv = split(base.slice(1));
    if (!nv || (style === "v5" && nv.version.includes("/"))) return { base, kind: "invalid" };
    return { base, kind: remoteOrRegistry(nv.version), name: nv.name, version: nv.version };
  }
  // Absolute: `host/…`. The entry's own name/version fields are authoritative; this is a fallback
  // for a non-default registry (`registry.example.com/name/1.0.0`).
  const slash = base.indexOf("/");
  const nv = slash > 0 ? split(base.slice(slash + 1)) : undefined;
  return nv && !nv.version.includes("/")
    ? { base, kind: "absolute", name: nv.name, version: nv.version }
    : { base, kind: "absolute" };
}

export type RefTarget = { link: string } | { key: string };

/**
 * Resolves a dependency map value to the full key it points at. `depName` is the map key (the
 * installed name). Mirrors pnpm's refToRelative for each lockfile generation.
 */
export function refToKey(ref: string, depName: string, style: KeyStyle): RefTarget {
  if (ref.startsWith("link:")) return { link: ref.slice(5) };
  if (style === "v9") {
    const r = ref.startsWith("/") ? ref.slice(1) : ref;
    if (r.startsWith("@")) return { key: r }; // `@scope/real@1.0.0`: an alias
    const at = r.indexOf("@");
    if (at === -1) return { key: `${depName}@${r}` };
    const colon = r.indexOf(":");
    const paren = r.indexOf("(");
    // `real@1.0.0` is a full key; in `1.0.0(peer@1)` or `git+ssh://git@host` the `@` comes later.
    if ((colon === -1 || at < colon) && (paren === -1 || at < paren)) return { key: r };
    return { key: `${depName}@${r}` };
  }
  if (ref.startsWith("file:")) return { key: ref };
  const paren = ref.indexOf("(");
  const head = paren === -1 ? ref : ref.slice(0, paren);
  if (!head.includes("/")) return { key: style === "v5" ? `/${depName}/${ref}` : `/${depName}@${ref}` };
  return { key: ref };
}

/** The key grammar for a lockfileVersion ("5.4", "5.4-inlineSpecifiers", "6.1", "9.0"). */
export function styleOf(lockfileVersion: string): { style: KeyStyle; major: number } | undefined {
  const m = /^\s*(\d+)(?:\.\d+)?/.exec(lockfileVersion);
  if (!m) return undefined;
  const major = Number(m[1]);
  return { style: major <= 5 ? "v5" : major === 6 ? "v6" : "v9", major };
}

/** Guesses the grammar from a packages key when lockfileVersion is missing. */
export function guessStyle(key: string): KeyStyle {
  if (!key.startsWith("/")) return "v9";
  const rest = key.slice(1);
  const nameEnd = rest.startsWith("@") ? rest.indexOf("/") + 1 : 0;
  const slash = rest.indexOf("/", nameEnd);
  const at = rest.indexOf("@", Math.max(nameEnd, 1));
  return at !== -1 && (slash === -1 || at < slash) ? "v6" : "v5";
}
