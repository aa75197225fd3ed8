// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const yarnLockMeta = {
  id: "yarn-lock",
  ecosystem: "npm",
  title: "yarn.lock (classic v1 and berry)",
  patterns: ["yarn.lock"],
  versions: "classic v1; berry __metadata 4–10",
  matches: (path) => base(path) === "yarn.lock",
} satisfies ParserMeta;
