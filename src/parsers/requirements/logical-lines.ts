// Turns a requirements file into pip's "logical lines", mirroring pip's own preprocessing
// (pip/_internal/req/req_file.py: splitlines → join_lines → ignore_comments), so that what we
// read is what `pip install -r` installs.
//
// - pip splits with Python's str.splitlines(), which also breaks on \v, \f, \x1c-\x1e, \x85,
//   U+2028 and U+2029. We split on the same set (a requirement hidden behind U+2028 is still a
//   requirement to pip) but count line numbers on CR/LF only, as editors and SARIF viewers do.
// - A physical line ending in "\" continues on the next one, unless it is a comment line; a
//   comment line ends the continuation (pip-compile's "\" followed by "# via x" layout).
// - A comment is "#" at the start of a line or after whitespace; "#" inside a URL fragment
//   (#egg=, #sha256=) is not a comment.

export interface LogicalLine {
  /** 1-based line where the logical line starts (the first physical line of a continuation). */
  line: number;
  /** The joined text, comments stripped and trimmed; never empty. */
  text: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the separators Python's splitlines() uses.
const BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
const COMMENT_START = /^\s*#/;

interface PhysicalLine {
  line: number;
  text: string;
}

function physicalLines(content: string): PhysicalLine[] {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const out: PhysicalLine[] = [];
  let line = 1;
  let start = 0;
  BREAK.lastIndex = 0;
  for (let m = BREAK.exec(text); m !== null; m = BREAK.exec(text)) {
    out.push({ line, text: text.slice(start, m.index) });
    const sep = m[0];
    if (sep === "\r\n" || sep === "\n" || sep === "\r") line++;
    start = m.index + sep.length;
  }
  // str.splitlines() yields no empty last element after a trailing line break.
  if (start < text.length) out.push({ line, text: text.slice(start) });
  return out;
}

/** Strips a pip comment: "#" at line start or preceded by whitespace (pip's `(^|\s+)#.*$`). */
export function stripComment(text: string): string {
  for (let at = text.indexOf("#"); at !== -1; at = text.indexOf("#", at + 1)) {
    if (at === 0 || /\s/.test(text[at - 1] as string)) return text.slice(0, at).trim();
  }
  return text.trim();
}

/** pip's join_lines + ignore_comments, keeping the line where each logical line starts. */
export function logicalLines(content: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: string[] = [];
  let pendingLine = 0;
  const emit = (line: number, raw: string): void => {
    const text = stripComment(raw);
    if (text) out.push({ line, text });
  };
  for (const { line, text } of physicalLines(content)) {
    const isComment = COMMENT_START.test(text);
    if (!text.endsWith("\\") || isComment) {
      // pip prefixes a comment line with a space so the joined comment is still stripped.
      const piece = isComment ? ` ${text}` : text;
      if (pending.length > 0) {
        pending.push(piece);
        emit(pendingLine, pending.join(""));
        pending = [];
      } else {
        emit(line, piece);
      }
    } else {
      if (pending.length === 0) pendingLine = line;
      pending.push(trimBackslashes(text));
    }
  }
  if (pending.length > 0) emit(pendingLine, pending.join(""));
  return out;
}

/** Python's str.strip("\\"): removes backslashes at both ends. */
function trimBackslashes(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && text.charCodeAt(a) === 0x5c) a++;
  while (b > a && text.charCodeAt(b - 1) === 0x5c) b--;
  return text.slice(a, b);
}
