// The `yaml` library recurses once per nesting level. A hostile file nested tens of thousands of
// levels deep (`- - - - …`, deep indentation, or `[[[[…`) overflows the stack, and several such
// files in one process can abort V8 outright. Real lockfiles, workflows and configs nest a dozen
// levels at most, so text nested deeper than MAX_DEPTH is refused before the library sees it.

const MAX_DEPTH = 128;

/** The 1-based line where nesting first exceeds the limit, or undefined when the text is safe to parse. */
export function yamlTooDeep(text: string, maxDepth = MAX_DEPTH): number | undefined {
  let line = 1;
  let i = 0;
  const n = text.length;
  let flow = 0;
  while (i < n) {
    // Block nesting: indentation plus compact "- " / "? " indicators at the start of a line.
    let indent = 0;
    while (i < n && (text[i] === " " || text[i] === "\t")) {
      indent++;
      i++;
    }
    let compact = 0;
    while (
      i + 1 < n &&
      (text[i] === "-" || text[i] === "?") &&
      (text[i + 1] === " " || text[i + 1] === "\t")
    ) {
      compact++;
      i += 2;
      while (i < n && text[i] === " ") i++;
    }
    // Two columns per level is the common indentation; anything deeper than the limit is hostile.
    if (indent / 2 + compact > maxDepth) return line;
    // Flow nesting, outside quoted scalars and comments.
    let quote = "";
    for (; i < n && text[i] !== "\n"; i++) {
      const c = text[i];
      if (quote) {
        if (c === "\\" && quote === '"') i++;
        else if (c === quote) quote = "";
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === "#" && (i === 0 || text[i - 1] === " " || text[i - 1] === "\t")) {
        while (i < n && text[i] !== "\n") i++;
        break;
      } else if (c === "[" || c === "{") {
        if (++flow > maxDepth) return line;
      } else if ((c === "]" || c === "}") && flow > 0) flow--;
    }
    i++;
    line++;
  }
  return undefined;
}

export const YAML_MAX_DEPTH = MAX_DEPTH;
