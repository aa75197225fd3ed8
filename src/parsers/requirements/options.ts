// pip's option syntax inside requirements files (pip/_internal/req/req_file.py): a logical line
// is split on single spaces; the tokens before the first one that starts with "-" are the
// requirement, the rest are options, which pip re-splits with shlex and reads with optparse.
// optparse rules we mirror: "-rFILE" and "-r FILE", "--requirement=FILE" and "--requirement FILE",
// and unambiguous prefixes of long options ("--constr" is "--constraint").

export interface ParsedOption {
  /** The canonical long name, e.g. "--requirement", or the token itself when unknown. */
  name: string;
  value?: string;
  known: boolean;
}

/** Long options pip accepts in requirements files, and whether each takes a value. */
const LONG_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ["--requirement", true],
  ["--constraint", true],
  ["--editable", true],
  ["--index-url", true],
  ["--pypi-url", true],
  ["--extra-index-url", true],
  ["--no-index", false],
  ["--find-links", true],
  ["--no-binary", true],
  ["--only-binary", true],
  ["--prefer-binary", false],
  ["--require-hashes", false],
  ["--pre", false],
  ["--trusted-host", true],
  ["--use-feature", true],
  ["--always-unzip", false],
  // Per-requirement options.
  ["--hash", true],
  ["--global-option", true],
  ["--install-option", true],
  ["--config-settings", true],
]);

const SHORT_OPTIONS: ReadonlyMap<string, string> = new Map([
  ["r", "--requirement"],
  ["c", "--constraint"],
  ["e", "--editable"],
  ["i", "--index-url"],
  ["f", "--find-links"],
  ["Z", "--always-unzip"],
]);

/** pip's break_args_options: the requirement part and the options part of a logical line. */
export function splitArgsOptions(line: string): { args: string; options: string } {
  // pip splits on single spaces, so a token starts with "-" exactly where the line does or where
  // " -" occurs: slicing there is the same as pip's split/join, without the token arrays.
  const at = line.startsWith("-") ? 0 : line.indexOf(" -");
  if (at === -1) return { args: line.trim(), options: "" };
  return { args: line.slice(0, at).trim(), options: line.slice(at).trim() };
}

/** POSIX shlex.split: whitespace-separated words, with '…', "…" and backslash escapes. */
export function shellWords(text: string): string[] {
  if (!/['"\\]/.test(text)) return text.split(/[ \t\n\r]+/).filter((w) => w !== "");
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end === -1 ? text.length : end;
      word += text.slice(i + 1, stop);
      inWord = true;
      i = stop + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\")) i++;
        word += text[i];
        i++;
      }
      inWord = true;
      i++;
    } else if (c === "\\" && i + 1 < text.length) {
      word += text[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function longOption(token: string): string | undefined {
  if (LONG_OPTIONS.has(token)) return token;
  const candidates = [...LONG_OPTIONS.keys()].filter((k) => k.startsWith(token));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Reads option words into (option, value) pairs the way optparse would. */
export function parseOptions(text: string): ParsedOption[] {
  const words = shellWords(text);
  const out: ParsedOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      const name = longOption(eq === -1 ? word : word.slice(0, eq));
      if (name === undefined) {
        out.push({ name: word, known: false });
        continue;
      }
      if (!LONG_OPTIONS.get(name)) {
        out.push({ name, known: true });
        continue;
      }
      const value = eq !== -1 ? word.slice(eq + 1) : words[++i];
      out.push(value === undefined ? { name, known: true } : { name, value, known: true });
    } else if (word.startsWith("-") && word.length > 1) {
      const name = SHORT_OPTIONS.get(word[1] as string);
      if (name === undefined) {
        out.push({ name: word, known: false });
        continue;
      }
      if (!LONG_OPTIONS.get(name)) {
        out.push({ name, known: true });
        continue;
      }
      const value = word.length > 2 ? word.slice(2) : words[++i];
      out.push(value === undefined ? { name, known: true } : { name, value, known: true });
    } else {
      // A stray word where optparse expects an option: pip would reject the line.
      out.push({ name: word, known: false });
    }
  }
  return out;
}
