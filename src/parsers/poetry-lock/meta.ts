// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const poetryLockMeta = {
  id: "poetry-lock",
  ecosystem: "PyPI",
  title: "poetry.lock (Poetry)",
  patterns: ["poetry.lock"],
  versions: "lock-version 1.0, 1.1, 2.0, 2.1, and legacy files without lock-version",
  matches: (path) => base(path) === "poetry.lock",
} satisfies ParserMeta;
