// Where a JSON document stops being valid. Node 20's JSON.parse often names no position
// ("Unexpected end of JSON input", "Unexpected token ']', ... is not valid JSON"), so when the
// message has none, jsonc-parser (in strict JSON mode) is asked for the offset of its first error.
// This runs only after JSON.parse has failed, so it costs nothing on valid files.

import { visit } from "jsonc-parser";
import { errorReason, jsonErrorLine, type LineIndex } from "../../core/text.js";

export interface JsonFailure {
  reason: string;
  line: number;
}

export function describeJsonError(err: unknown, text: string, lines: LineIndex): JsonFailure {
  const reason = text.trim() === "" ? "file is empty" : errorReason(err);
  let line = jsonErrorLine(err, lines);
  if (line === undefined) {
    const stop = new Error("first error found");
    try {
      visit(
        text,
        {
          onError(_code, _offset, _length, startLine) {
            line = startLine + 1;
            // jsonc-parser would carry on to the end of the file; the first error is all we need.
            throw stop;
          },
        },
        { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
      );
    } catch {
      // Either that stop, or a stack overflow: jsonc-parser recurses once per nesting level.
    }
  }
  return { reason, line: line ?? lines.lineCount };
}
