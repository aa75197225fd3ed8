// Lines of the `[[package]]` headers of a poetry.lock, found in one pass over the text. smol-toml
// keeps no positions, but TOML arrays of tables are filled in document order, so the Nth header
// line is the Nth element of the parsed `package` array. The scan only has to avoid counting a
// "[[package]]" that sits inside a multi-line string (a description, say) or after a comment;
// sub-tables (`[package.dependencies]`, `[[package.dependencies.x]]`) do not match the header.

const HEADER = /^[ \t]*\[\[[ \t]*(?:package|"package"|'package')[ \t]*\]\][ \t]*(?:#.*)?$/;

type Mode = "none" | '"""' | "'''";

/** Index just past the closing delimiter of a multi-line string, or -1 if it does not close here. */
function closeMultiline(line: string, from: number, mode: '"""' | "'''"): number {
  let i = from;
  for (;;) {
    const at = line.indexOf(mode, i);
    if (at === -1) return -1;
    if (mode === '"""') {
      let slashes = 0;
      for (let j = at - 1; j >= from && line[j] === "\\"; j--) slashes++;
      if (slashes % 2 === 1) {
        i = at + 1;
        continue;
      }
    }
    // Up to two quotes may precede the closing delimiter as content (`""""` ends with a quote).
    let end = at + 3;
    while (end < line.length && line[end] === mode[0] && end - at < 5) end++;
    return end;
  }
}

/** Scans one line outside any multi-line string; returns the mode the next line starts in. */
function scanLine(line: string, start: number): Mode {
  let i = start;
  while (i < line.length) {
    const c = line[i];
    if (c === "#") return "none";
    if (c === '"' || c === "'") {
      const triple = c === '"' ? '"""' : "'''";
      if (line.startsWith(triple, i)) {
        const end = closeMultiline(line, i + 3, triple);
        if (end === -1) return triple;
        i = end;
        continue;
      }
      // A single-line string: skip to its closing quote (basic strings honour backslash escapes).
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += c === '"' && line[j] === "\\" ? 2 : 1;
      i = j + 1;
      continue;
    }
    i++;
  }
  return "none";
}

/** 1-based line numbers of the `[[package]]` headers, in document order. */
export function packageHeaderLines(text: string): number[] {
  const out: number[] = [];
  let mode: Mode = "none";
  let lineNo = 0;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf("\n", pos);
    const endRaw = nl === -1 ? text.length : nl;
    const line = text.charCodeAt(endRaw - 1) === 0x0d ? text.slice(pos, endRaw - 1) : text.slice(pos, endRaw);
    lineNo++;
    if (mode !== "none") {
      const end = closeMultiline(line, 0, mode);
      mode = end === -1 ? mode : scanLine(line, end);
    } else if (HEADER.test(line)) {
      out.push(lineNo);
    } else {
      mode = scanLine(line, 0);
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  return out;
}
