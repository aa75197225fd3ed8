// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const pylockTomlMeta = {
  id: "pylock-toml",
  ecosystem: "PyPI",
  title: "pylock.toml (PEP 751)",
  patterns: ["pylock.toml", "pylock.*.toml"],
  versions: "lock-version 1.x",
  // PEP 751: pylock.toml, or pylock.<name>.toml for a named lock.
  matches: (path) => /^pylock\.(?:[^.]+\.)?toml$/.test(base(path)),
} satisfies ParserMeta;
