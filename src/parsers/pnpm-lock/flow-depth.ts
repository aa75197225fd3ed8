// Guard against deeply nested flow collections (`[[[[…` or `{a: {a: …`). pnpm nests them at most
// two deep (`resolution: {…}`, `cpu: [x64]`), but the yaml library composes them recursively and
// spends ~0.1 ms per level once it overflows the stack: a few MB of `[` would stall a scan.
// A quote-unaware count of brackets over the raw text is the cheap first look; only when it
// passes the limit does the yaml Lexer (which knows quotes and plain scalars) count exactly,
// stopping at the first collection that is too deep.

import { CST, Lexer } from "yaml";

/** Deeper than this is refused; pnpm never writes more than 2. */
export const MAX_FLOW_DEPTH = 64;

// The Lexer's control tokens (document start, flow error end, scalar start) are not source text.
const ZERO_WIDTH = new Set<string>([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

function roughlyTooDeep(text: string, limit: number): boolean {
  // A regex skips the long bracket-free stretches natively; a charCodeAt loop is ~3× slower.
  const brackets = /[[\]{}]/g;
  let depth = 0;
  for (let m = brackets.exec(text); m !== null; m = brackets.exec(text)) {
    const c = m[0];
    if (c === "[" || c === "{") {
      if (++depth > limit) return true;
    } else if (depth > 0) depth--;
  }
  return false;
}

/** Source offset of the first flow collection nested deeper than `limit`, if any. */
export function tooDeepAt(text: string, limit = MAX_FLOW_DEPTH): number | undefined {
  if (!roughlyTooDeep(text, limit)) return undefined;
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") {
      if (++depth > limit) return offset;
    } else if (token === "]" || token === "}") {
      if (depth > 0) depth--;
    } else if (token === CST.DOCUMENT) depth = 0; // flow context never spans documents
    if (!ZERO_WIDTH.has(token)) offset += token.length;
  }
  return undefined;
}
