// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const uvLockMeta = {
  id: "uv-lock",
  ecosystem: "PyPI",
  title: "uv.lock",
  patterns: ["uv.lock"],
  versions: "version 1 (revisions 1–3)",
  matches: (path) => base(path) === "uv.lock",
} satisfies ParserMeta;
