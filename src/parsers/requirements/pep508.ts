// A small PEP 508 requirement reader (https://peps.python.org/pep-0508/), written by hand because
// no maintained JavaScript library parses pip requirement strings. It reads only what a scanner
// needs: the name, extras, the version specifiers (operator + version text as written), a direct
// URL (`name @ url`), and the raw marker text. Markers are kept as text and never evaluated.
// The grammar follows `packaging`'s tokenizer: whitespace is spaces and tabs, a URL ends at
// whitespace, and an `===` version is any run of characters other than whitespace, ";" and ")".

export type Operator = "===" | "==" | "!=" | "<=" | ">=" | "~=" | "<" | ">";

export interface Specifier {
  op: Operator;
  version: string;
}

export interface Requirement {
  name: string;
  extras: string[];
  specifiers: Specifier[];
  /** The direct reference of `name @ url`, as written. */
  url?: string;
  /** The environment marker after ";", as written (not evaluated). */
  marker?: string;
}

export type RequirementResult = { ok: true; requirement: Requirement } | { ok: false; reason: string };

const NAME = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;
const WHOLE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const OPERATOR = /===|==|!=|<=|>=|~=|<|>/y;
const VERSION = /[A-Za-z0-9._+!*-]+/y;
const ARBITRARY = /[^\s;)]+/y;

function skipSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length && (text[j] === " " || text[j] === "\t")) j++;
  return j;
}

function stickyMatch(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

function excerpt(text: string, at: number): string {
  const rest = text.slice(at);
  return rest.length > 30 ? `${rest.slice(0, 30)}…` : rest;
}

function fail(reason: string): RequirementResult {
  return { ok: false, reason };
}

/** True when a string is a valid PEP 508 project name. */
export function isProjectName(text: string): boolean {
  return WHOLE_NAME.test(text);
}

/** Parses one PEP 508 requirement (pip options and comments already removed). */
export function parseRequirement(text: string): RequirementResult {
  let i = skipSpace(text, 0);
  const name = stickyMatch(NAME, text, i);
  if (name === undefined) return fail(`expected a package name at "${excerpt(text, i)}"`);
  i = skipSpace(text, i + name.length);

  const extras: string[] = [];
  if (text[i] === "[") {
    const close = text.indexOf("]", i);
    if (close === -1) return fail("unclosed extras bracket");
    const inner = text.slice(i + 1, close).trim();
    if (inner !== "") {
      for (const part of inner.split(",")) {
        const extra = part.trim();
        if (!isProjectName(extra)) return fail(`invalid extra name "${extra}"`);
        extras.push(extra);
      }
    }
    i = skipSpace(text, close + 1);
  }

  const requirement: Requirement = { name, extras, specifiers: [] };

  if (text[i] === "@") {
    i = skipSpace(text, i + 1);
    let end = i;
    while (end < text.length && text[end] !== " " && text[end] !== "\t") end++;
    if (end === i) return fail("expected a URL after @");
    requirement.url = text.slice(i, end);
    i = skipSpace(text, end);
    // A URL swallows everything up to whitespace, so a marker must follow whitespace here.
  } else {
    const paren = text[i] === "(";
    if (paren) i = skipSpace(text, i + 1);
    if (stickyMatch(OPERATOR, text, i) !== undefined) {
      for (;;) {
        const op = stickyMatch(OPERATOR, text, i) as Operator | undefined;
        if (op === undefined) return fail(`expected a version operator at "${excerpt(text, i)}"`);
        i = skipSpace(text, i + op.length);
        const version = stickyMatch(op === "===" ? ARBITRARY : VERSION, text, i);
        if (version === undefined) return fail(`expected a version after ${op}`);
        requirement.specifiers.push({ op, version });
        i = skipSpace(text, i + version.length);
        if (text[i] !== ",") break;
        i = skipSpace(text, i + 1);
      }
    }
    if (paren) {
      if (text[i] !== ")") return fail("unclosed parenthesis in version specifier");
      i = skipSpace(text, i + 1);
    }
  }

  if (i < text.length) {
    if (text[i] !== ";") return fail(`unexpected text "${excerpt(text, i)}"`);
    const marker = text.slice(i + 1).trim();
    if (marker === "") return fail("empty environment marker after ;");
    requirement.marker = marker;
  }
  return { ok: true, requirement };
}

/** The locked version when a requirement is exactly one `==`/`===` specifier without a wildcard. */
export function pinnedVersion(requirement: Requirement): string | undefined {
  if (requirement.url !== undefined || requirement.specifiers.length !== 1) return undefined;
  const [only] = requirement.specifiers;
  if (!only || (only.op !== "==" && only.op !== "===") || only.version.includes("*")) return undefined;
  return only.version;
}

/** The specifiers as one string, e.g. ">=1.0,<2". */
export function specifierText(requirement: Requirement): string {
  return requirement.specifiers.map((s) => `${s.op}${s.version}`).join(",");
}
