// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const packageJsonMeta = {
  id: "package-json",
  ecosystem: "npm",
  title: "package.json without a lockfile",
  patterns: ["package.json"],
  versions: "declared ranges (resolved with --resolve)",
  matches: (path) => base(path) === "package.json" && !path.split("/").includes("node_modules"),
} satisfies ParserMeta;
