// Finds the line of every yarn.lock entry. The library returns plain objects without positions, but
// every entry starts at column 0 with its key, and nothing else in a lockfile does (fields are
// indented, comments start with `#`). One pass over the lines reads each header's key the way the
// library does (quotes and escapes included), so a key from the parsed object maps straight to its
// line through a Map: no per-entry search of the text.

export type Dialect = "classic" | "berry";

export interface Header {
  /** 1-based line of the header. */
  line: number;
  /** Offset of the line's first character (where a retry after a parse error cuts the text). */
  offset: number;
  /**
   * The keys the library reports for this header. Classic splits `"a@^1", a@^1.2:` into one key per
   * descriptor; berry writes one YAML key (`"a@npm:^1, a@npm:^1.2":`) and yarn splits it later.
   */
  keys: string[];
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const HASH = 0x23;

/** Every column-0 line that is not a comment, blank, or a YAML document marker/directive, in file order. */
export function scanHeaders(text: string, dialect: Dialect): Header[] {
  // Both libraries accept a lone CR as a line break; a file that uses nothing else still gets lines.
  const sep = text.includes("\n") || !text.includes("\r") ? "\n" : "\r";
  const out: Header[] = [];
  const n = text.length;
  let pos = 0;
  let line = 1;
  while (pos < n) {
    let end = text.indexOf(sep, pos);
    if (end === -1) end = n;
    const c = text.charCodeAt(pos);
    if (end > pos && c !== SPACE && c !== TAB && c !== HASH && c !== CR) {
      let s = text.slice(pos, end);
      if (s.charCodeAt(s.length - 1) === CR) s = s.slice(0, -1);
      const keys = dialect === "classic" ? classicKeys(s) : berryKeys(s);
      if (keys) out.push({ line, offset: pos, keys });
    }
    pos = end + 1;
    line++;
  }
  return out;
}

/** `"a@^1", a@^1.2:` → ["a@^1", "a@^1.2"]. Bare names end at `,` or `:` (the legacy grammar allows neither in them). */
function classicKeys(s: string): string[] {
  const keys: string[] = [];
  let i = 0;
  for (;;) {
    while (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB) i++;
    if (s[i] === '"') {
      const close = closingQuote(s, i);
      keys.push(unescapeDouble(s.slice(i + 1, close)));
      i = close + 1;
    } else {
      let j = i;
      while (j < s.length && s[j] !== "," && s[j] !== ":") j++;
      keys.push(s.slice(i, j).trim());
      i = j;
    }
    while (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB) i++;
    if (s[i] !== ",") return keys;
    i++;
  }
}

/** One YAML key: double-quoted, single-quoted, plain, or explicit (`? "key"`, which yarn writes for keys over 1024 characters). */
function berryKeys(s: string): string[] | undefined {
  if (s[0] === "%") return undefined; // a YAML directive
  if (s[0] === ":" && (s.length === 1 || s[1] === " " || s[1] === "\t")) return undefined; // the value of a `? key`
  if ((s.startsWith("---") || s.startsWith("...")) && (s.length === 3 || s[3] === " " || s[3] === "\t")) {
    return undefined; // a document marker
  }
  const t = s.startsWith("? ") ? s.slice(2).trimStart() : s;
  if (t[0] === '"') return [unescapeDouble(t.slice(1, closingQuote(t, 0)))];
  if (t[0] === "'") {
    let i = 1;
    while (i < t.length) {
      if (t[i] === "'") {
        if (t[i + 1] !== "'") break;
        i++;
      }
      i++;
    }
    return [t.slice(1, i).replaceAll("''", "'")];
  }
  // A plain key ends at `: `, a final `:`, or a ` #` comment.
  let end = t.length;
  const colon = /:(?:[ \t]|$)/.exec(t);
  if (colon) end = colon.index;
  const comment = t.indexOf(" #");
  if (comment !== -1 && comment < end) end = comment;
  return [t.slice(0, end).trim()];
}

/** Index of the `"` closing the string opened at `open`, skipping backslash escapes; s.length when unterminated. */
function closingQuote(s: string, open: number): number {
  let i = s.indexOf('"', open + 1);
  while (i !== -1) {
    // The quote is escaped when an odd number of backslashes precede it.
    let slashes = 0;
    while (s.charCodeAt(i - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return i;
    i = s.indexOf('"', i + 1);
  }
  return s.length;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\x85",
  _: "\xa0",
  L: "\u2028",
  P: "\u2029",
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * Decodes the body of a double-quoted key: YAML's escapes, which include every escape of the classic
 * grammar (JSON's). Names may hold ANSI escapes (`\e[31m`): they are kept as data.
 */
function unescapeDouble(body: string): string {
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\" || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const e = body[i + 1] as string;
    const simple = SIMPLE_ESCAPES[e];
    const width = HEX_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (width !== undefined) {
      const hex = body.slice(i + 2, i + 2 + width);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? Number.parseInt(hex, 16) : Number.NaN;
      if (Number.isNaN(code) || code > 0x10ffff) {
        out += c; // not a valid escape: keep the text; the key then falls back to file order
        continue;
      }
      out += String.fromCodePoint(code);
      i += 1 + width;
    } else {
      out += c;
    }
  }
  return out;
}
