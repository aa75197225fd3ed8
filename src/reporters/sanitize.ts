// Scanned data (package names, versions, paths, advisory text) is attacker-controlled: a package
// named "evil\u001b[2J" would clear a terminal, a U+202E would reorder a PR comment, a "\n::error"
// would forge a workflow command. Every human-facing reporter passes data through `sanitize`,
// which renders dangerous code points *visibly* as escapes (never drops them: a reviewer should
// see that something odd is there). The machine formats (JSON, SARIF) keep data verbatim and use
// `escapeJsonUnsafe` so the bytes written carry no raw controls either.

/**
 * True for code points that control a terminal or reorder/hide text:
 * C0 controls, DEL, C1 controls, bidi marks/embeddings/isolates (U+061C, U+200E/F, U+202A–E,
 * U+2066–9), zero-width and invisible formatting (U+200B–D, U+2060–4, U+FEFF), line/paragraph
 * separators (U+2028/9), interlinear annotations (U+FFF9–B), Unicode tag characters
 * (U+E0000–E007F, "ASCII smuggling") and lone surrogates.
 */
export function isUnsafeCodePoint(cp: number): boolean {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return true;
  if (cp < 0x061c) return false;
  return (
    cp === 0x061c ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    cp === 0xfeff ||
    (cp >= 0xfff9 && cp <= 0xfffb) ||
    (cp >= 0xe0000 && cp <= 0xe007f)
  );
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** The visible escape for one unsafe code point: \n \r \t, \xHH up to U+00FF, \uHHHH, \u{HHHHH}. */
function visible(cp: number): string {
  if (cp === 0x0a) return "\\n";
  if (cp === 0x0d) return "\\r";
  if (cp === 0x09) return "\\t";
  if (cp <= 0xff) return `\\x${hex(cp, 2)}`;
  if (cp <= 0xffff) return `\\u${hex(cp, 4)}`;
  return `\\u{${hex(cp, 5)}}`;
}

/** True when text holds an unsafe code point at or above `min` (0x7f skips C0, which JSON escapes itself). */
function hasUnsafe(text: string, min = 0): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Fast path: printable ASCII and ordinary BMP text below the first unsafe block.
    if (c < min || (c >= 0x20 && c < 0x7f) || (c > 0x9f && c < 0x061c)) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (isUnsafeCodePoint(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000)) return true;
        i++;
        continue;
      }
      return true;
    }
    if (isUnsafeCodePoint(c)) return true;
  }
  return false;
}

/**
 * One line of display text with every unsafe code point shown as a visible escape, e.g.
 * "evil\u001b[2J\u202e\r\npkg" → "evil\x1b[2J\u202e\r\npkg" (backslashes literal). A backslash
 * already in the data is left alone, so the rendering is readable rather than reversible.
 */
export function sanitize(text: string): string {
  if (!hasUnsafe(text)) return text;
  let out = "";
  // for…of walks code points; a lone surrogate arrives on its own and is escaped.
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    out += isUnsafeCodePoint(cp) ? visible(cp) : ch;
  }
  return out;
}

/**
 * Post-processes JSON text so no unsafe code point is written raw. JSON.stringify already escapes
 * C0 controls and lone surrogates but leaves DEL, C1, bidi and the rest as raw characters; they
 * can only occur inside strings, so replacing them with \uXXXX keeps the document valid and the
 * parsed data identical.
 */
export function escapeJsonUnsafe(json: string): string {
  if (!hasUnsafe(json, 0x7f)) return json;
  let out = "";
  for (const ch of json) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0x7f && isUnsafeCodePoint(cp)) {
      for (let i = 0; i < ch.length; i++) out += `\\u${hex(ch.charCodeAt(i), 4)}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Shortens text to `width` code units with a trailing ellipsis (call after sanitize). */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return "…".slice(0, width);
  let end = width - 1;
  // Never split a surrogate pair: half of one is itself an unsafe code point.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
