// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const pyprojectMeta = {
  id: "pyproject",
  ecosystem: "PyPI",
  title: "pyproject.toml (without a lockfile)",
  patterns: ["pyproject.toml"],
  versions: "PEP 621, PEP 735, Poetry, pdm and uv dev groups",
  matches: (path) => base(path) === "pyproject.toml",
} satisfies ParserMeta;
