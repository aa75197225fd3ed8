// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const pdmLockMeta = {
  id: "pdm-lock",
  ecosystem: "PyPI",
  title: "pdm.lock",
  patterns: ["pdm.lock"],
  versions: "lock_version 3.x, 4.x",
  matches: (path) => base(path) === "pdm.lock",
} satisfies ParserMeta;
