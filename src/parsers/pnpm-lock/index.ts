// pnpm-lock.yaml (lockfile v5.x, v6.x, v9.x). The file may hold several YAML documents (pnpm 11
// writes an env document before the project one); every document is read. Parsed by the `yaml`
// library's Parser + Composer (parseAllDocuments, streamed) into node trees and a LineCounter:
// the failsafe schema (all scalars stay strings, so `lockfileVersion: 5.10` is not 5.1), no
// toJS() (aliases are never expanded, so an alias bomb costs nothing), and uniqueKeys off (the
// library's check is quadratic on a 7,000-key map; read-document.ts checks the sections it reads
// with a Set instead). Quirks: README.md.

import { Composer, type CST, type Document, LineCounter, Parser, visit, type YAMLError } from "yaml";
import { diagnostic } from "../../core/diagnostics.js";
import { LineIndex, stripBom } from "../../core/text.js";
import type { LockfileParser, ParseContext, ParseResult } from "../../core/types.js";
import { YAML_MAX_DEPTH, yamlTooDeep } from "../../core/yaml-guard.js";
import { MAX_FLOW_DEPTH, tooDeepAt } from "./flow-depth.js";
import { pnpmLockMeta } from "./meta.js";
import { type FileState, readDocument } from "./read-document.js";

/** pnpm writes one document, or two (pnpm 11); the yaml library spends ~0.1 ms on each, so a file of
 * 100,000 `---` lines is cut off rather than composed. */
const MAX_DOCUMENTS = 16;

/** Reported YAML syntax errors per document; the rest are summarised in the last one. */
const MAX_YAML_ERRORS = 5;

// An alias needs `*name` where a node starts: at a line start or after whitespace or a flow
// indicator. pnpm never writes one, so this cheap test skips the tree walk on every real file.
const ALIAS_CANDIDATE = /(?:^|[\s[{,])\*[^\s,[\]{}]/m;

function yamlErrors(doc: Document, state: FileState): void {
  const errors: readonly YAMLError[] = doc.errors;
  errors.slice(0, MAX_YAML_ERRORS).forEach((err, i) => {
    const first = (err.message.split("\n")[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, "");
    const more =
      i === MAX_YAML_ERRORS - 1 && errors.length > MAX_YAML_ERRORS
        ? ` (and ${errors.length - MAX_YAML_ERRORS} more YAML errors)`
        : "";
    const line = state.lines.linePos(err.pos[0]).line;
    state.diagnostics.push(
      diagnostic("LOCKFILE_UNPARSABLE", { reason: `${first}${more}` }, { path: state.path, line }),
    );
  });
}

/**
 * Stretches of text the YAML parser could not place (its `error` tokens) before the rest of the
 * file is dropped. A damaged file can have one or more per line: `- - 1` put before a 2.4 MB lockfile gives 200,000, and
 * composing each into an error object cost the yaml library three times the parse of the intact
 * file, for errors of which only MAX_YAML_ERRORS are reported.
 */
const MAX_ERROR_TOKENS = 1000;

/** The parser's tokens, up to the (MAX_ERROR_TOKENS + 1)th error token; `cut` is its offset then. */
function* capErrors(tokens: Generator<CST.Token>, cut: { at?: number }): Generator<CST.Token> {
  let errors = 0;
  for (const token of tokens) {
    if (token.type === "error" && ++errors > MAX_ERROR_TOKENS) {
      cut.at = token.offset;
      return;
    }
    yield token;
  }
}

/** parseAllDocuments, streamed so that it can stop after MAX_DOCUMENTS. */
function parseDocuments(content: string, state: FileState): Document[] {
  const composer = new Composer({ schema: "failsafe", uniqueKeys: false });
  const docs: Document[] = [];
  const cut: { at?: number } = {};
  const tokens = capErrors(new Parser(state.lines.addNewLine).parse(content), cut);
  for (const doc of composer.compose(tokens)) {
    if (docs.length === MAX_DOCUMENTS) {
      const line = state.lines.linePos(doc.range[0]).line;
      state.diagnostics.push(
        diagnostic(
          "LOCKFILE_UNPARSABLE",
          { reason: `more than ${MAX_DOCUMENTS} YAML documents (pnpm writes 1 or 2); the rest is not read` },
          { path: state.path, line },
        ),
      );
      break;
    }
    docs.push(doc);
  }
  if (cut.at !== undefined) {
    state.diagnostics.push(
      diagnostic(
        "LOCKFILE_UNPARSABLE",
        {
          reason: `over ${MAX_ERROR_TOKENS} stretches of text the YAML parser cannot place; the rest of the file is not read`,
        },
        { path: state.path, line: state.lines.linePos(cut.at).line },
      ),
    );
  }
  return docs;
}

function aliases(doc: Document, state: FileState): void {
  let count = 0;
  let firstOffset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      count++;
      if (firstOffset === undefined && node.range) firstOffset = node.range[0];
    },
  });
  if (count === 0) return;
  const where =
    firstOffset === undefined
      ? { path: state.path }
      : { path: state.path, line: state.lines.linePos(firstOffset).line };
  state.diagnostics.push(
    diagnostic(
      "LOCKFILE_UNPARSABLE",
      {
        reason: `${count} YAML alias${count === 1 ? "" : "es"} (pnpm never writes aliases); aliased values are not expanded or read`,
      },
      where,
    ),
  );
}

export function parsePnpmLock(ctx: ParseContext): ParseResult {
  const content = stripBom(ctx.content);
  const lines = new LineCounter();
  const state: FileState = {
    path: ctx.path,
    lines,
    packages: [],
    diagnostics: [],
    roots: new Map(),
    edges: new Map(),
    variants: [],
  };
  const deep = tooDeepAt(content);
  if (deep !== undefined) {
    const line = new LineIndex(content).lineOf(deep);
    state.diagnostics.push(
      diagnostic(
        "LOCKFILE_UNPARSABLE",
        { reason: `flow collections nested more than ${MAX_FLOW_DEPTH} deep (pnpm writes 2); file not read` },
        { path: ctx.path, line },
      ),
    );
    return { packages: [], diagnostics: state.diagnostics };
  }
  const blockDeep = yamlTooDeep(content);
  if (blockDeep !== undefined) {
    state.diagnostics.push(
      diagnostic(
        "LOCKFILE_UNPARSABLE",
        { reason: `nested more than ${YAML_MAX_DEPTH} levels deep (pnpm writes about 6); file not read` },
        { path: ctx.path, line: blockDeep },
      ),
    );
    return { packages: [], diagnostics: state.diagnostics };
  }
  const list = parseDocuments(content, state);
  const checkAliases = ALIAS_CANDIDATE.test(content);
  list.forEach((doc, i) => {
    yamlErrors(doc, state);
    if (checkAliases) aliases(doc, state);
    const last = i === list.length - 1;
    readDocument(doc, state, { prefix: last ? "" : `doc${i + 1}:`, main: last });
  });
  // Every entry gave a package or a diagnostic, so an empty, quiet result has no entries: a lockfile
  // of a project without dependencies (info), or documents that are empty, a comment or a blank
  // scalar, with nothing that marks them as a pnpm lockfile (an error, as for other YAML).
  if (state.packages.length === 0 && state.diagnostics.length === 0 && content.trim() !== "") {
    state.diagnostics.push(
      state.variants.length > 0
        ? diagnostic("NO_PACKAGES_LOCKED", { detail: "no `packages` entries" }, { path: ctx.path, line: 1 })
        : diagnostic(
            "LOCKFILE_UNPARSABLE",
            { reason: "not a pnpm lockfile: no lockfileVersion, importers or packages" },
            { path: ctx.path, line: 1 },
          ),
    );
  }
  const result: ParseResult = {
    packages: state.packages,
    diagnostics: state.diagnostics,
    graph: {
      roots: state.roots,
      edges: new Map([...state.edges].map(([from, to]) => [from, [...to]])),
    },
  };
  const variants = [...new Set(state.variants)];
  if (variants.length > 0)
    result.variant = `${variants.join(", ")}${list.length > 1 ? ` (${list.length} documents)` : ""}`;
  return result;
}

export const pnpmLockParser: LockfileParser = {
  ...pnpmLockMeta,
  // A top-level `lockfileVersion:` key (line start, unquoted: not package-lock/bun JSON).
  sniff: (content) => /^lockfileVersion[ \t]*:/m.test(content),
  parse: parsePnpmLock,
};
