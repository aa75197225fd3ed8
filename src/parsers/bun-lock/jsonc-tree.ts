// bun.lock is JSONC (bun writes trailing commas). jsonc-parser's `visit` does the parsing; this
// builds the value from its events, like jsonc-parser's own `parse`, with two differences:
// objects have no prototype (so a hostile `"__proto__"` key is data, not a prototype switch), and
// the parser's own line numbers are kept for the keys of the top-level `packages` map and for the
// dependency names each workspace declares.

import { printParseErrorCode, visit } from "jsonc-parser";

export interface JsoncDocument {
  value: unknown;
  /** 1-based line of each key of the top-level `packages` map (the last one for a duplicate key). */
  packageLines: Map<string, number>;
  /** 1-based line of each top-level key (the last one for a duplicate key). */
  topLines: Map<string, number>;
  /** 1-based line of each `workspaces[folder][field][name]` key, by workspaceKey(folder, field, name). */
  workspaceLines: Map<string, number>;
  /** The first syntax error, if any. */
  error?: { reason: string; line: number };
}

/** The workspaceLines key of one declared dependency. */
export function workspaceKey(folder: string, field: string, name: string): string {
  return `${folder}\0${field}\0${name}`;
}

export function parseJsoncDocument(text: string): JsoncDocument {
  const stack: Array<Record<string, unknown> | unknown[]> = [];
  const packageLines = new Map<string, number>();
  const workspaceLines = new Map<string, number>();
  const topLines = new Map<string, number>();
  let value: unknown;
  let key = "";
  let topKey = "";
  // The keys leading to workspaces[folder][field]: the folder and the field.
  let folder = "";
  let field = "";
  let error: JsoncDocument["error"];

  function onValue(v: unknown): void {
    const parent = stack[stack.length - 1];
    if (parent === undefined) value = v;
    else if (Array.isArray(parent)) parent.push(v);
    else parent[key] = v;
  }

  visit(
    text,
    {
      onObjectBegin() {
        const o: Record<string, unknown> = Object.create(null);
        onValue(o);
        stack.push(o);
      },
      onObjectProperty(name, _offset, _length, startLine) {
        key = name;
        if (stack.length === 1) {
          topKey = name;
          topLines.set(name, startLine + 1);
        } else if (stack.length === 2 && topKey === "packages" && !Array.isArray(stack[1])) {
          packageLines.set(name, startLine + 1);
        } else if (topKey === "workspaces" && !Array.isArray(stack[stack.length - 1])) {
          if (stack.length === 2) folder = name;
          else if (stack.length === 3 && !Array.isArray(stack[1])) field = name;
          else if (stack.length === 4 && !Array.isArray(stack[1]) && !Array.isArray(stack[2]))
            workspaceLines.set(workspaceKey(folder, field, name), startLine + 1);
        }
      },
      onObjectEnd() {
        stack.pop();
      },
      onArrayBegin() {
        const a: unknown[] = [];
        onValue(a);
        stack.push(a);
      },
      onArrayEnd() {
        stack.pop();
      },
      onLiteralValue: onValue,
      onError(code, _offset, _length, startLine) {
        error ??= { reason: printParseErrorCode(code), line: startLine + 1 };
      },
    },
    { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false },
  );
  const doc: JsoncDocument = { value, packageLines, topLines, workspaceLines };
  if (error !== undefined) doc.error = error;
  return doc;
}
