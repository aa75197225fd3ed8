// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

export const pythonMetadataMeta = {
  id: "python-metadata",
  ecosystem: "PyPI",
  title: "installed Python packages (*.dist-info/METADATA, *.egg-info/PKG-INFO)",
  patterns: ["*.dist-info/METADATA", "*.egg-info/PKG-INFO"],
  versions: "Metadata-Version 1.0–2.4",
  matches: (path) =>
    /(?:^|\/)[^/]+\.dist-info\/METADATA$/.test(path) || /(?:^|\/)[^/]+\.egg-info\/PKG-INFO$/.test(path),
} satisfies ParserMeta;
