// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const bunLockMeta = {
  id: "bun-lock",
  ecosystem: "npm",
  title: "bun.lock (bun.lockb is reported, not read)",
  patterns: ["bun.lock", "bun.lockb"],
  versions: "lockfileVersion 0, 1",
  matches: (path) => base(path) === "bun.lock" || base(path) === "bun.lockb",
} satisfies ParserMeta;
