// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const packageLockMeta = {
  id: "package-lock",
  ecosystem: "npm",
  title: "package-lock.json / npm-shrinkwrap.json",
  patterns: ["package-lock.json", "npm-shrinkwrap.json"],
  versions: "v1, v2, v3 (and pre-v1 npm-shrinkwrap.json)",
  // node_modules/.package-lock.json (npm's hidden lockfile) has another base name.
  matches: (path) => base(path) === "package-lock.json" || base(path) === "npm-shrinkwrap.json",
} satisfies ParserMeta;
