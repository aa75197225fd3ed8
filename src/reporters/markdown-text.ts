// Markdown escaping for scanned data, shared by the markdown reporter and SARIF help.markdown.
// Two forms: identifiers (names, versions, paths, ids) go in code spans, where GitHub renders no
// markup, HTML, @mentions or links; prose (advisory summaries, diagnostics) is backslash-escaped,
// with `<`, `>` and `&` as entities and a WORD JOINER after `@` so "@org/team" cannot ping anyone.
// Both sanitise first, so no control, bidi or newline reaches the comment.

import { isSafeUrl } from "./finding-text.js";
import { sanitize } from "./sanitize.js";

// Inline-significant characters. Line-start constructs (`-`, `+`, `1.`, `>`) cannot trigger
// because prose is always placed after a prefix on its line.
const ESCAPED = /[\\`*_[\]|~$#]/g;

/** Prose: markdown, HTML and mentions neutralised; renders as the literal (sanitised) text. */
export function mdText(raw: string): string {
  return sanitize(raw)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(ESCAPED, (c) => `\\${c}`)
    .replace(/@(?=[A-Za-z0-9])/g, "@&#8288;");
}

/**
 * An inline code span that shows `raw` literally: the fence is one backtick longer than the
 * longest run inside, padded with spaces when the content touches a backtick or is space-framed.
 * Not for GFM table cells (the table parser splits on `|` before it sees code spans).
 */
export function mdCode(raw: string): string {
  const text = sanitize(raw);
  if (text === "") return "(empty)";
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || (text.startsWith(" ") && text.endsWith(" "));
  return pad ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** A link when the URL is a plain http(s) URL, else the text alone (never a javascript: link). */
export function mdLink(label: string, url: string | undefined): string {
  return url !== undefined && isSafeUrl(url) ? `[${label}](${url})` : label;
}
