// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const pnpmLockMeta = {
  id: "pnpm-lock",
  ecosystem: "npm",
  title: "pnpm-lock.yaml",
  patterns: ["pnpm-lock.yaml"],
  versions: "v5.x, v6.x, v9.x",
  matches: (path) => base(path) === "pnpm-lock.yaml",
} satisfies ParserMeta;
