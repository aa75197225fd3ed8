// The project's direct dependencies, read from the pyproject.toml beside a poetry.lock, so the
// graph gets a root. Poetry 1.x declares them under [tool.poetry.dependencies],
// [tool.poetry.dev-dependencies] and [tool.poetry.group.<g>.dependencies]; Poetry 2 also reads
// PEP 621 [project] dependencies / optional-dependencies and PEP 735 [dependency-groups], whose
// entries are PEP 508 strings (only the name is taken).

import { parseRequirement } from "../requirements/pep508.js";
import { isTable } from "./schema.js";

export interface ProjectInfo {
  /** [project].name or [tool.poetry].name, when given. */
  name?: string;
  /** Direct dependency names, as written. */
  direct: string[];
}

function keysOf(table: unknown): string[] {
  return isTable(table) ? Object.keys(table).filter((k) => k.toLowerCase() !== "python") : [];
}

function pep508Names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== "string") continue; // PEP 735 {include-group = "…"} tables name no package
    const r = parseRequirement(item);
    if (r.ok) out.push(r.requirement.name);
  }
  return out;
}

/** Reads the project name and direct dependency names from a parsed pyproject.toml. */
export function readProject(doc: Record<string, unknown>): ProjectInfo {
  const direct: string[] = [];
  const tool = isTable(doc.tool) ? doc.tool : {};
  const poetry = isTable(tool.poetry) ? tool.poetry : {};
  direct.push(...keysOf(poetry.dependencies), ...keysOf(poetry["dev-dependencies"]));
  if (isTable(poetry.group)) {
    for (const group of Object.values(poetry.group)) {
      if (isTable(group)) direct.push(...keysOf(group.dependencies));
    }
  }
  const project = isTable(doc.project) ? doc.project : {};
  direct.push(...pep508Names(project.dependencies));
  if (isTable(project["optional-dependencies"])) {
    for (const list of Object.values(project["optional-dependencies"])) direct.push(...pep508Names(list));
  }
  if (isTable(doc["dependency-groups"])) {
    for (const list of Object.values(doc["dependency-groups"])) direct.push(...pep508Names(list));
  }
  const info: ProjectInfo = { direct };
  const name = typeof project.name === "string" ? project.name : poetry.name;
  if (typeof name === "string" && name !== "") info.name = name;
  return info;
}
