// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const pipfileLockMeta = {
  id: "pipfile-lock",
  ecosystem: "PyPI",
  title: "Pipfile.lock (pipenv)",
  patterns: ["Pipfile.lock"],
  versions: "pipfile-spec 6 (pipenv 2018+), custom package categories",
  matches: (path) => base(path) === "Pipfile.lock",
} satisfies ParserMeta;
