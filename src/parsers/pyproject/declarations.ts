// The dependencies a pyproject.toml declares, wherever the common tools put them:
//   PEP 621  [project] dependencies, [project.optional-dependencies]
//   PEP 735  [dependency-groups] (`{ include-group = "…" }` entries include another group; skipped)
//   Poetry   [tool.poetry.dependencies], [tool.poetry.dev-dependencies], [tool.poetry.group.<g>.dependencies]
//   pdm      [tool.pdm.dev-dependencies]    uv  [tool.uv] dev-dependencies
// Used by the pyproject parser (declared ranges) and by pdm-lock (graph roots and group kinds).

import type { ParseContext } from "../../core/types.js";
import {
  arrayAt,
  entriesByPath,
  isTable,
  parseRequirement,
  parseToml,
  pathKey,
  stringAt,
  type TomlLines,
  type TomlTable,
  tableAt,
} from "../toml-lines.js";

/** Where a declaration sits: the main dependencies, an extra, or a (dev) dependency group. */
export type DeclarationSection = "main" | `extra:${string}` | `group:${string}`;

export interface Declaration {
  /** The distribution name as written. */
  name: string;
  /** The declared range as written ("" when any version is allowed). */
  range: string;
  section: DeclarationSection;
  /** Line of the array element or Poetry key, when the lines were given. */
  line?: number;
}

export interface DeclarationProblem {
  entry: string;
  reason: string;
  line?: number;
}

export interface PyprojectDeclarations {
  /** `[project] name`, else `[tool.poetry] name`. */
  projectName?: string;
  declarations: Declaration[];
  /** Names of `[project.optional-dependencies]` extras. */
  extras: Set<string>;
  /** Elements that are not requirements (they are reported, not guessed). */
  problems: DeclarationProblem[];
}

/** Reads every declared dependency; with `lines`, each carries the line it is written on. */
export function readDeclarations(doc: TomlTable, lines?: TomlLines): PyprojectDeclarations {
  const byPath = lines ? entriesByPath(lines) : undefined;
  const out: PyprojectDeclarations = { declarations: [], extras: new Set(), problems: [] };
  const project = tableAt(doc, "project");
  const tool = tableAt(doc, "tool");
  const poetry = tool ? tableAt(tool, "poetry") : undefined;
  const name = (project && stringAt(project, "name")) ?? (poetry && stringAt(poetry, "name"));
  if (name !== undefined) out.projectName = name;

  function entry(path: string[]) {
    return byPath?.get(pathKey(path));
  }

  /** An array of PEP 508 strings at `path`. */
  function requirementArray(value: unknown, path: string[], section: DeclarationSection): void {
    if (!Array.isArray(value)) return;
    const elements = entry(path)?.elements;
    value.forEach((item, i) => {
      const line = elements?.[i];
      // PEP 735: `{ include-group = "x" }` pulls in another group, which is read on its own.
      if (isTable(item) && "include-group" in item) return;
      const req = typeof item === "string" ? parseRequirement(item) : undefined;
      if (!req) {
        const p: DeclarationProblem = {
          entry: `${path.join(".")}[${i}]`,
          reason: typeof item === "string" ? "not a PEP 508 requirement" : "not a string",
        };
        if (line !== undefined) p.line = line;
        out.problems.push(p);
        return;
      }
      const d: Declaration = { name: req.name, range: req.specifier, section };
      if (line !== undefined) d.line = line;
      out.declarations.push(d);
    });
  }

  /** A Poetry dependency table: name → "^1.2" | { version = … } | [ { version = … }, … ]. */
  function poetryTable(value: unknown, path: string[], section: DeclarationSection): void {
    if (!isTable(value)) return;
    for (const [dep, spec] of Object.entries(value)) {
      if (dep === "python" && section === "main") continue; // the interpreter, not a package
      const d: Declaration = { name: dep, range: poetryRange(spec), section };
      const line = entry([...path, dep])?.line;
      if (line !== undefined) d.line = line;
      out.declarations.push(d);
    }
  }

  if (project) {
    requirementArray(project["dependencies"], ["project", "dependencies"], "main");
    const optional = tableAt(project, "optional-dependencies");
    for (const [extra, list] of Object.entries(optional ?? {})) {
      out.extras.add(extra);
      requirementArray(list, ["project", "optional-dependencies", extra], `extra:${extra}`);
    }
  }
  for (const [group, list] of Object.entries(tableAt(doc, "dependency-groups") ?? {}))
    requirementArray(list, ["dependency-groups", group], `group:${group}`);
  if (poetry) {
    poetryTable(poetry["dependencies"], ["tool", "poetry", "dependencies"], "main");
    poetryTable(poetry["dev-dependencies"], ["tool", "poetry", "dev-dependencies"], "group:dev");
    for (const [group, table] of Object.entries(tableAt(poetry, "group") ?? {})) {
      if (isTable(table))
        poetryTable(
          table["dependencies"],
          ["tool", "poetry", "group", group, "dependencies"],
          `group:${group}`,
        );
    }
  }
  const pdmDev = tool ? tableAt(tableAt(tool, "pdm") ?? {}, "dev-dependencies") : undefined;
  for (const [group, list] of Object.entries(pdmDev ?? {}))
    requirementArray(list, ["tool", "pdm", "dev-dependencies", group], `group:${group}`);
  const uv = tool ? tableAt(tool, "uv") : undefined;
  if (uv && arrayAt(uv, "dev-dependencies"))
    requirementArray(uv["dev-dependencies"], ["tool", "uv", "dev-dependencies"], "group:dev");
  return out;
}

/** A Poetry constraint as text: the version, else the source it names. */
function poetryRange(spec: unknown): string {
  if (typeof spec === "string") return spec;
  if (Array.isArray(spec)) return spec.map(poetryRange).join(" || ");
  if (!isTable(spec)) return "";
  const version = stringAt(spec, "version");
  if (version !== undefined) return version;
  for (const key of ["git", "url", "path"] as const) {
    const v = stringAt(spec, key);
    if (v !== undefined) return `${key} ${v}`;
  }
  return "";
}

/**
 * The declarations of the pyproject.toml beside a lockfile, for the lockfile's graph roots.
 * `related` is set whenever the file was read; a broken pyproject is the pyproject parser's to
 * report, so here it only costs the roots.
 */
export function readSiblingPyproject(ctx: ParseContext): {
  declared?: PyprojectDeclarations;
  related?: string;
} {
  const file = ctx.readRelated(ctx.path, "pyproject.toml");
  if (!file.ok) return {};
  const parsed = parseToml(file.path, file.content);
  if (!parsed.ok) return { related: file.path };
  return { declared: readDeclarations(parsed.doc), related: file.path };
}
