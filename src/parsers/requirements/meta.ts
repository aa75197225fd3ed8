// What the registry needs to route a file to this parser, without loading the parser (and its
// parsing library) until such a file is met. See src/parsers/index.ts.

import type { ParserMeta } from "../../core/types.js";

function matches(path: string): boolean {
  const segments = path.toLowerCase().split("/");
  const name = segments[segments.length - 1] ?? "";
  if (!name.endsWith(".txt")) return false;
  // constraints.txt, constraints-dev.txt, oldest_constraints.txt: pip's -c files hold pins too.
  if (name.includes("requirements") || name.includes("constraints")) return true;
  // Prose beside the requirement files (README.txt, LICENSE.txt) is not a requirements file.
  if (/^(readme|license|licence|notes|changelog|authors)\b/.test(name)) return false;
  return segments.slice(0, -1).includes("requirements");
}

export const requirementsMeta = {
  id: "requirements",
  ecosystem: "PyPI",
  title: "pip requirements files",
  patterns: ["*requirements*.txt", "*constraints*.txt", "requirements/*.txt"],
  versions: "pip requirements-file format (PEP 508 pins, -r/-c/-e, --hash)",
  matches,
} satisfies ParserMeta;
