// Text helpers shared by parsers: offset → line lookup, and mapping keys that a real parser
// (JSON.parse, a TOML or YAML library) already produced back to the line they sit on.
// Nothing here parses a format: it only finds where already-parsed keys are written.

import { type ParseError, parse as parseTolerant } from "jsonc-parser";

/** Maps character offsets to 1-based line numbers with one pass over the text. */
export class LineIndex {
  readonly #starts: number[];

  constructor(text: string) {
    const starts = [0];
    let i = text.indexOf("\n");
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf("\n", i + 1);
    }
    this.#starts = starts;
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  /** 1-based line of a character offset. */
  lineOf(offset: number): number {
    const s = this.#starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((s[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of the first character of a 1-based line. */
  offsetOf(line: number): number {
    return this.#starts[Math.min(Math.max(line, 1), this.#starts.length) - 1] as number;
  }
}

/** Removes a UTF-8 byte order mark, which JSON.parse and several libraries reject. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Finds JSON object keys in document order. JSON text is a pre-order serialisation, so keys
 * visited in the parsed object's order (JSON.parse keeps insertion order for non-index keys) appear
 * in the text in that order too: a forward cursor with native indexOf finds each one in O(n) total.
 *
 * `valueStart` restricts a hit to keys whose value starts with that character (e.g. "{"), which
 * skips the same name used as a key of a string-valued map (`"requires": {"a": "^1"}`).
 */
export class JsonKeyLocator {
  readonly #text: string;
  readonly #lines: LineIndex;
  #cursor = 0;

  constructor(text: string, lines?: LineIndex) {
    this.#text = text;
    this.#lines = lines ?? new LineIndex(text);
  }

  get lines(): LineIndex {
    return this.#lines;
  }

  /** Offset of the next occurrence of `"key":` (optionally followed by valueStart), or -1. Advances the cursor. */
  next(key: string, valueStart?: string): number {
    const needle = JSON.stringify(key);
    const text = this.#text;
    let from = this.#cursor;
    for (;;) {
      const at = text.indexOf(needle, from);
      if (at === -1) return -1;
      let j = at + needle.length;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      if (text[j] === ":") {
        j++;
        while (j < text.length && isSpace(text.charCodeAt(j))) j++;
        if (valueStart === undefined || text[j] === valueStart) {
          this.#cursor = j;
          return at;
        }
      }
      from = at + 1;
    }
  }

  /** 1-based line of the next `"key":`, or undefined when it is not found (the cursor stays put). */
  nextLine(key: string, valueStart?: string): number | undefined {
    const at = this.next(key, valueStart);
    return at === -1 ? undefined : this.#lines.lineOf(at);
  }

  /** Moves the cursor to an offset (e.g. the start of a section found with next()). */
  seek(offset: number): void {
    this.#cursor = offset;
  }
}

/**
 * Line of a JSON.parse SyntaxError. V8 names a position in some messages ("at position 123",
 * "(line 4 column 2)") but not in others (Node 20: `Unexpected token ',', …"x" is not valid JSON`,
 * "Unexpected end of JSON input"); with the text, jsonc-parser's scanner finds the first error
 * offset instead (only on this failure path). A truncated file's error is on its last line.
 */
export function jsonErrorLine(err: unknown, lines: LineIndex, text?: string): number | undefined {
  const msg = err instanceof Error ? err.message : String(err);
  const lc = /line (\d+) column/.exec(msg);
  if (lc) return Number(lc[1]);
  const pos = /position (\d+)/.exec(msg);
  if (pos) return lines.lineOf(Number(pos[1]));
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  try {
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false });
  } catch {
    // jsonc-parser recurses per nesting level: hostile deep JSON overflows it. The line is then unknown.
    return undefined;
  }
  const first = errors[0];
  return first === undefined ? lines.lineCount : lines.lineOf(first.offset);
}

/** A short, single-line reason from a thrown parse error (libraries sometimes include code frames). */
export function errorReason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const first = msg.split("\n")[0] ?? msg;
  return first.length > 200 ? `${first.slice(0, 200)}…` : first;
}

/** Base name of a POSIX path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? path : path.slice(i + 1);
}

/** Directory of a POSIX path ("" for a bare name). */
export function dirName(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? "" : path.slice(0, i);
}

/** Converts an SRI integrity string ("sha512-<base64>") into lowercase-hex ArtifactHash parts. */
export function sriToHex(
  integrity: string,
): Array<{ algorithm: "sha1" | "sha256" | "sha384" | "sha512"; value: string }> {
  const out: Array<{ algorithm: "sha1" | "sha256" | "sha384" | "sha512"; value: string }> = [];
  for (const part of integrity.trim().split(/\s+/)) {
    const m = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/=]+)(?:\?.*)?$/.exec(part);
    if (!m) continue;
    out.push({
      algorithm: m[1] as "sha1" | "sha256" | "sha384" | "sha512",
      value: Buffer.from(m[2] as string, "base64").toString("hex"),
    });
  }
  return out;
}
