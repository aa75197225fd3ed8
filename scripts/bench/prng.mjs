// A small seeded PRNG (sfc32) and the helpers the generators need. Synthetic inputs must be
// byte-for-byte identical for a given seed, so the benchmark compares like with like across runs
// and machines; Math.random would make every run measure a different file.

/** Seeded generator with the helpers the synthetic inputs use. */
export class Rng {
  #a;
  #b;
  #c;
  #d;

  constructor(seed) {
    // Spread one 32-bit seed over the four words (splitmix-style), then discard the first outputs.
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Uniform 32-bit unsigned integer. */
  u32() {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1). */
  float() {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min, max) {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p) {
    return this.float() < p;
  }

  pick(items) {
    return items[Math.floor(this.float() * items.length)];
  }

  /** `n` random bytes. */
  bytes(n) {
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.u32();
      for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (v >>> (8 * k)) & 0xff;
    }
    return out;
  }

  hex(n) {
    return this.bytes(Math.ceil(n / 2))
      .toString("hex")
      .slice(0, n);
  }

  /** A geometric-ish small count: most values near `min`, a long tail up to `max`. */
  skewed(min, max) {
    const f = this.float();
    return min + Math.floor(f * f * f * (max - min + 1));
  }
}

const SYLLABLES = [
  "ba",
  "be",
  "co",
  "da",
  "de",
  "fi",
  "fo",
  "ga",
  "hu",
  "ja",
  "ke",
  "lo",
  "ma",
  "mi",
  "na",
  "no",
  "pa",
  "pi",
  "qu",
  "ra",
  "re",
  "sa",
  "si",
  "ta",
  "to",
  "un",
  "va",
  "ve",
  "xo",
  "yu",
  "za",
  "zo",
];
const WORDS = [
  "core",
  "utils",
  "parser",
  "plugin",
  "loader",
  "config",
  "types",
  "cli",
  "server",
  "client",
  "stream",
  "path",
  "fs",
  "http",
  "json",
  "yaml",
  "color",
  "string",
  "array",
  "object",
  "async",
  "cache",
  "event",
  "emitter",
  "glob",
  "lint",
  "test",
  "runtime",
  "compat",
  "polyfill",
];
const SCOPES = [
  "babel",
  "types",
  "aws-sdk",
  "smithy",
  "vitest",
  "rollup",
  "eslint",
  "jest",
  "octokit",
  "sentry",
];

/** `count` distinct npm-style names (some scoped), deterministic for a seed. */
export function npmNames(rng, count, scopedShare = 0.25) {
  const seen = new Set();
  const out = [];
  while (out.length < count) {
    const stem = `${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}${rng.chance(0.5) ? rng.pick(SYLLABLES) : ""}`;
    let name = rng.chance(0.6) ? `${stem}-${rng.pick(WORDS)}` : stem;
    if (rng.chance(0.3)) name = `${name}-${rng.int(2, 99)}`;
    if (rng.chance(scopedShare)) name = `@${rng.pick(SCOPES)}/${name}`;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

/** `count` distinct Python distribution names (PEP 503-distinct). */
export function pythonNames(rng, count) {
  const seen = new Set();
  const out = [];
  while (out.length < count) {
    const stem = `${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}`;
    let name = rng.chance(0.5) ? `${stem}-${rng.pick(WORDS)}` : stem;
    if (rng.chance(0.2)) name = `py${name}`;
    if (rng.chance(0.2)) name = `${name}${rng.int(2, 99)}`;
    const key = name.replace(/[-_.]+/g, "-").toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** A plausible x.y.z version (a few pre-releases). */
export function semverLike(rng) {
  const v = `${rng.skewed(0, 30)}.${rng.int(0, 40)}.${rng.int(0, 25)}`;
  return rng.chance(0.02) ? `${v}-${rng.pick(["alpha", "beta", "rc"])}.${rng.int(0, 9)}` : v;
}

/** An npm SRI integrity string (sha512, 64 bytes base64 = 88 characters). */
export function integrity(rng) {
  return `sha512-${rng.bytes(64).toString("base64")}`;
}
