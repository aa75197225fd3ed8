// The fuzzing model shared by `npm run fuzz` (scripts/fuzz.mjs, against dist/) and the smoke run
// in `npm test` (test/fuzz-smoke.test.ts, against src/ through vitest): where seeds come from, how
// they are mutated, and what every parser must do with any input.
//
// A case is { seed, ops }: a seed text (a parser's own fixtures and the corpus files it claims)
// and a list of mutations. Both are plain data, so fast-check can shrink a failure towards the
// smallest seed with the fewest mutations, and a case replays exactly from fast-check's seed/path.
//
// Properties, per input:
//   robust  parse never throws, returns a well-formed ParseResult, within a time bound (CPU time,
//           per 3 MB of input; scripts/fuzz.mjs raises it to a multiple of the seed's own parse);
//   heard   a non-blank input yields at least one package or one diagnostic (never an empty,
//           silent result: in a scanner a silently empty file is a missed advisory).

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// ---------------------------------------------------------------------------------------------
// Seeds

/** A repo-relative POSIX path the parser claims, so parse() sees a realistic ctx.path. */
export function canonicalPath(parser) {
  const candidates = [];
  for (const p of parser.patterns) {
    candidates.push(p.replace(/\*/g, ""), p.replace(/\*/g, "x"), p.replace(/\*/g, "pkg-1.0"));
  }
  candidates.push("requirements.txt", "pkg-1.0.dist-info/METADATA");
  const hit = candidates.find((c) => !c.startsWith("/") && parser.matches(c));
  if (!hit) throw new Error(`no canonical path found for parser ${parser.id}`);
  return hit;
}

function filesUnder(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) out.push(p);
    }
  }
  return out.sort();
}

/**
 * Seeds per parser id: every file under src/parsers/<id>/__fixtures__, plus every corpus file the
 * parser claims by path (lockfiles and manifests keep their real names there). Files over
 * `maxBytes` go to `large` instead of `small`; each list is sorted by size so shrinking the seed
 * index moves towards the smallest seed. `all` is the whole registry, to route sibling files to
 * the parser that claims them when only some parsers are being fuzzed.
 */
export function loadSeeds(parsers, { repo, corpus, maxBytes = 64 * 1024, all }) {
  const out = new Map(parsers.map((p) => [p.id, { small: [], large: [] }]));
  const add = (id, file, label) => {
    const size = statSync(file).size;
    const text = readFileSync(file, "utf8");
    const entry = { label, text };
    out.get(id)[size > maxBytes ? "large" : "small"].push(entry);
  };
  const registry = all ?? parsers;
  for (const p of registry) {
    const dir = join(repo, "src", "parsers", p.id, "__fixtures__");
    if (!existsSync(dir)) continue;
    for (const f of filesUnder(dir)) {
      // A fixture folder also holds the files around the lockfile (a pyproject.toml beside a
      // pdm.lock); such a file seeds the parser that claims its name, while scenario-named
      // fixtures (one-package.v3.json) seed the folder's own parser.
      const rel = relative(dir, f).split("\\").join("/");
      const owner = p.matches(rel) ? p : (registry.find((q) => q.matches(rel)) ?? p);
      if (out.has(owner.id)) add(owner.id, f, relative(repo, f));
    }
  }
  if (corpus && existsSync(corpus)) {
    for (const f of filesUnder(corpus)) {
      const rel = relative(corpus, f).split("\\").join("/");
      const parser = parsers.find((p) => p.matches(rel));
      if (parser) add(parser.id, f, `corpus/${rel}`);
    }
  }
  for (const s of out.values()) {
    s.small.sort((a, b) => a.text.length - b.text.length || (a.label < b.label ? -1 : 1));
    s.large.sort((a, b) => a.text.length - b.text.length || (a.label < b.label ? -1 : 1));
    // Every parser gets at least a few generic seeds, so the arbitrary is never empty.
    if (s.small.length === 0)
      s.small.push({ label: "(generic)", text: "{}\n" }, { label: "(generic)", text: "a = 1\n" });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** Text that trips parsers: structure characters of every format, encodings, controls, traps. */
export const SPECIAL = [
  '"',
  "'",
  "{",
  "}",
  "[",
  "]",
  ":",
  ",",
  "=",
  "#",
  "\\",
  "\n",
  "\r\n",
  "\r",
  "\t",
  " ",
  "\u0000",
  "\ufeff",
  "\u202e",
  "\u001b[2J",
  "\ud800",
  "\u2028",
  "---\n",
  "...\n",
  "&a ",
  "*a",
  "<<: *a\n",
  "!!binary ",
  "%YAML 1.2\n",
  "? ",
  "- ",
  "|\n",
  ">-\n",
  "__proto__",
  '"__proto__": {},',
  "constructor",
  '"": {},',
  "[[package]]\n",
  "[package]\n",
  '"""',
  "'''",
  "-r other.txt\n",
  "-c ../../c.txt\n",
  "-e .\n",
  "--hash=sha256:",
  "@",
  "==",
  "===",
  " ; python_version < '3'",
  "1e999999",
  "-0",
  "NaN",
  "9".repeat(400),
  "node_modules/",
  "/node_modules/",
  "link: true",
  '"link": true,',
  "version",
  '"version": 1,',
  "lockfileVersion",
  "__metadata:\n",
  "resolution:",
  "integrity sha512-",
  "sha512-AAAA",
  "%",
  "%00",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell-style variable is the point
  "${HOME}",
];

/** Inputs with no seed behind them at all. */
const GENERIC = ["", " ", "\n", "{}", "[]", "null", "0", '""', "---", "\ufeff", "a", "[[package]]"];

/**
 * The fast-check arbitrary of one case for a seed list: mostly seeds with 1–4 mutations, some
 * unmutated seeds (so each seed is itself checked) and some inputs with no seed at all.
 * `maxNest` caps nesting depth: past about 1,000 levels the yaml library overflows the stack, and
 * a V8 regexp compile at that depth can abort the whole process, which only a fuzzer that runs
 * parsers in child processes (scripts/fuzz.mjs) can survive and report.
 */
export function caseArbitrary(fc, seedCount, { maxInsert = 64, hugeLine = 100_000, maxNest = 20_000 } = {}) {
  const at = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  // Mostly modest sizes (fast cases), sometimes huge ones (deep nesting, megabyte lines).
  const size = (common, max) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 1, max: common }) },
      { weight: 1, arbitrary: fc.integer({ min: common, max }) },
    );
  const text = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: maxInsert }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: maxInsert }) },
  );
  const op = fc.oneof(
    fc.record({ k: fc.constant("truncate"), at }),
    fc.record({ k: fc.constant("flip"), at, bit: fc.integer({ min: 0, max: 15 }) }),
    fc.record({ k: fc.constant("insert"), at, text }),
    fc.record({ k: fc.constant("delete"), at, len: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ k: fc.constant("dupLine"), at, to: at }),
    fc.record({ k: fc.constant("dropLine"), at }),
    fc.record({ k: fc.constant("swapLines"), at, to: at }),
    fc.record({
      k: fc.constant("repeatSlice"),
      at,
      len: fc.integer({ min: 1, max: 400 }),
      times: fc.integer({ min: 2, max: 6 }),
    }),
    fc.record({
      k: fc.constant("nest"),
      at,
      depth: size(Math.min(64, maxNest), maxNest),
      open: fc.constantFrom("[", "{", '{"a":', "- ", "  ", "a = [", "x = {y = "),
    }),
    fc.record({ k: fc.constant("crlf") }),
    fc.record({ k: fc.constant("bom") }),
    fc.record({ k: fc.constant("hugeLine"), at, len: size(4096, hugeLine) }),
  );
  return fc.oneof(
    {
      weight: 16,
      arbitrary: fc.record({
        seed: fc.nat(seedCount - 1),
        ops: fc.array(op, { minLength: 1, maxLength: 4 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ seed: fc.nat(seedCount - 1), ops: fc.constant([]) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        seed: fc.constant(-1),
        ops: fc.array(fc.record({ k: fc.constant("insert"), at, text }), { maxLength: 3 }),
        generic: fc.nat(GENERIC.length - 1),
      }),
    },
  );
}

function lineBounds(text, at) {
  const pos = Math.floor(at * text.length);
  const start = text.lastIndexOf("\n", pos - 1) + 1;
  let end = text.indexOf("\n", pos);
  end = end === -1 ? text.length : end + 1;
  return [start, end];
}

function closerFor(open) {
  switch (open) {
    case "[":
    case "a = [":
      return "]";
    case "{":
    case '{"a":':
    case "x = {y = ":
      return "}";
    default:
      return "";
  }
}

/** Applies one case's mutations to its seed text. Deterministic. */
export function applyCase(seeds, c) {
  let t = c.seed === -1 ? GENERIC[c.generic ?? 0] : seeds[c.seed].text;
  for (const op of c.ops) {
    const pos = Math.floor((op.at ?? 0) * t.length);
    switch (op.k) {
      case "truncate":
        t = t.slice(0, pos);
        break;
      case "flip": {
        if (t.length === 0) break;
        const ch = t.charCodeAt(pos) ^ (1 << op.bit);
        t = t.slice(0, pos) + String.fromCharCode(ch) + t.slice(pos + 1);
        break;
      }
      case "insert":
        t = t.slice(0, pos) + op.text + t.slice(pos);
        break;
      case "delete":
        t = t.slice(0, pos) + t.slice(pos + op.len);
        break;
      case "dupLine": {
        const [s, e] = lineBounds(t, op.at);
        const [to] = lineBounds(t, op.to);
        t = t.slice(0, to) + t.slice(s, e) + t.slice(to);
        break;
      }
      case "dropLine": {
        const [s, e] = lineBounds(t, op.at);
        t = t.slice(0, s) + t.slice(e);
        break;
      }
      case "swapLines": {
        const a = lineBounds(t, op.at);
        const b = lineBounds(t, op.to);
        const [first, second] = a[0] <= b[0] ? [a, b] : [b, a];
        if (first[1] > second[0]) break;
        t =
          t.slice(0, first[0]) +
          t.slice(second[0], second[1]) +
          t.slice(first[1], second[0]) +
          t.slice(first[0], first[1]) +
          t.slice(second[1]);
        break;
      }
      case "repeatSlice": {
        const slice = t.slice(pos, pos + op.len);
        t = t.slice(0, pos) + slice.repeat(op.times) + t.slice(pos + op.len);
        break;
      }
      case "nest": {
        // Indentation-based openers ("- ", "  ") nest by repetition on one line, like YAML flow.
        const open = op.open.repeat(op.depth);
        const close = closerFor(op.open).repeat(op.depth);
        t = `${t.slice(0, pos)}${open}1${close}${t.slice(pos)}`;
        break;
      }
      case "crlf":
        t = t.replace(/\r?\n/g, "\r\n");
        break;
      case "bom":
        t = `\ufeff${t}`;
        break;
      case "hugeLine":
        t = `${t.slice(0, pos)}${"a".repeat(op.len)}${t.slice(pos)}`;
        break;
      default:
        throw new Error(`unknown mutation ${op.k}`);
    }
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Properties

const SEVERITIES = new Set(["error", "warning", "info"]);

/** What is wrong with a parse result's shape, or undefined. */
function shapeProblem(result, path) {
  if (result === null || typeof result !== "object")
    return `returned ${result === null ? "null" : typeof result}`;
  if (!Array.isArray(result.packages)) return "packages is not an array";
  if (!Array.isArray(result.diagnostics)) return "diagnostics is not an array";
  for (const p of [...result.packages, ...(result.unlocked ?? [])]) {
    if (p === null || typeof p !== "object") return "a package is not an object";
    if (typeof p.name !== "string" || p.name.length === 0)
      return `a package has name ${JSON.stringify(p.name)}`;
    if (p.version !== undefined && typeof p.version !== "string") return `${p.name} has a non-string version`;
    if (p.ecosystem !== "npm" && p.ecosystem !== "PyPI") return `${p.name} has ecosystem ${p.ecosystem}`;
    if (!p.location || typeof p.location.path !== "string") return `${p.name} has no location`;
    const line = p.location.line;
    if (line !== undefined && !(Number.isInteger(line) && line >= 1)) return `${p.name} has line ${line}`;
    if (p.location.path !== path && !(result.related ?? []).includes(p.location.path))
      return `${p.name} is located in ${p.location.path}, not ${path}`;
  }
  for (const d of result.diagnostics) {
    if (d === null || typeof d !== "object") return "a diagnostic is not an object";
    if (typeof d.code !== "string" || typeof d.message !== "string")
      return "a diagnostic lacks code or message";
    if (!SEVERITIES.has(d.severity)) return `diagnostic ${d.code} has severity ${d.severity}`;
    const line = d.location?.line;
    if (line !== undefined && !(Number.isInteger(line) && line >= 1))
      return `diagnostic ${d.code} has line ${line}`;
  }
  return undefined;
}

function failParse(reason) {
  return { packages: [], diagnostics: [], reason };
}

/** A ParseContext whose related files never exist (fuzzed inputs get no includes served). */
export function fuzzContext(path, content) {
  return {
    path,
    content,
    readRelated: (_from, rel) => ({
      ok: false,
      diagnostic: {
        code: "INCLUDE_MISSING",
        severity: "error",
        message: `included file ${rel} does not exist`,
      },
    }),
  };
}

/**
 * Runs one input through a parser and judges it. Returns { robust, heard } where each is undefined
 * when the property holds, else a one-line reason.
 */
export async function judge(parser, path, input, { timeBoundMs = 2000 } = {}) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let result;
  try {
    result = await parser.parse(fuzzContext(path, input));
  } catch (err) {
    const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { robust: `threw ${msg.split("\n")[0].slice(0, 300)}`, heard: undefined, result: failParse(msg) };
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // Bigger inputs may take proportionally longer; the bound is per 3 MB. It applies to CPU time,
  // which a loaded machine inflates far less than wall time (GC threads are included, as they
  // work for this parse).
  const bound = timeBoundMs * Math.max(1, input.length / 3_000_000);
  const shape = shapeProblem(result, path);
  const slow =
    cpuMs > bound
      ? `took ${cpuMs.toFixed(0)} ms CPU, ${ms.toFixed(0)} ms wall (bound ${bound.toFixed(0)} ms)`
      : undefined;
  const robust = shape ?? slow;
  let heard;
  if (
    !shape &&
    input.trim() !== "" &&
    result.packages.length === 0 &&
    result.diagnostics.length === 0 &&
    !(result.unlocked?.length > 0)
  )
    heard = "non-blank input gave no package and no diagnostic";
  return { robust, heard, result, ms, cpuMs };
}

/** A short printable preview of an input (JSON-escaped, cut in the middle when long). */
export function preview(text, max = 240) {
  const s = JSON.stringify(text);
  return s.length <= max ? s : `${s.slice(0, max / 2)} … ${s.slice(-max / 2)} (${text.length} chars)`;
}
