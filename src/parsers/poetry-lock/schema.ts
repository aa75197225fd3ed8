// The poetry.lock fields lockwarden reads, validated by hand after smol-toml has parsed the file.
// Only what is used is checked; everything else (description, python-versions, markers, extras)
// is ignored. Poetry writes no schema for its lock file; the layouts are described in README.md.

export interface PoetrySource {
  type: string;
  url?: string;
  reference?: string;
  resolvedReference?: string;
}

export interface PoetryFile {
  file?: string;
  hash: string;
}

export interface PoetryPackage {
  name: string;
  version?: string;
  /** lock-version 1.x: "main" or "dev". */
  category?: string;
  /** lock-version 2.1+: the dependency groups that require this package. */
  groups?: string[];
  optional: boolean;
  source?: PoetrySource;
  /** lock-version 2.x: the package's artifacts. */
  files?: PoetryFile[];
  /** Names from `[package.dependencies]`, as written. */
  dependencies: string[];
}

export type PackageResult = { ok: true; pkg: PoetryPackage } | { ok: false; reason: string };

export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

const LOCAL_SOURCES: ReadonlySet<string> = new Set(["directory", "file"]);

function readSource(value: unknown): PoetrySource | string {
  if (!isTable(value)) return "source is not a table";
  if (typeof value.type !== "string") return "source.type is not a string";
  const source: PoetrySource = { type: value.type };
  if (typeof value.url === "string") source.url = value.url;
  if (typeof value.reference === "string") source.reference = value.reference;
  if (typeof value.resolved_reference === "string") source.resolvedReference = value.resolved_reference;
  return source;
}

/** Reads `[{file = "…", hash = "sha256:…"}]`; entries without a string hash are dropped. */
export function readFiles(value: unknown): PoetryFile[] {
  if (!Array.isArray(value)) return [];
  const out: PoetryFile[] = [];
  for (const item of value) {
    if (typeof item === "string") {
      out.push({ hash: item }); // pre-1.0 `[metadata.hashes]`: bare hex strings
    } else if (isTable(item) && typeof item.hash === "string") {
      out.push(typeof item.file === "string" ? { file: item.file, hash: item.hash } : { hash: item.hash });
    }
  }
  return out;
}

/** Validates one `[[package]]` table. */
export function readPackage(value: unknown): PackageResult {
  if (!isTable(value)) return { ok: false, reason: "entry is not a table" };
  if (typeof value.name !== "string" || value.name === "") return { ok: false, reason: "no name" };
  const pkg: PoetryPackage = { name: value.name, optional: value.optional === true, dependencies: [] };

  if (value.source !== undefined) {
    const source = readSource(value.source);
    if (typeof source === "string") return { ok: false, reason: source };
    pkg.source = source;
  }
  if (typeof value.version === "string" && value.version !== "") pkg.version = value.version;
  else if (!pkg.source || !LOCAL_SOURCES.has(pkg.source.type)) return { ok: false, reason: "no version" };

  if (typeof value.category === "string") pkg.category = value.category;
  if (Array.isArray(value.groups))
    pkg.groups = value.groups.filter((g): g is string => typeof g === "string");
  if (value.files !== undefined) pkg.files = readFiles(value.files);
  if (isTable(value.dependencies)) pkg.dependencies = Object.keys(value.dependencies);
  return { ok: true, pkg };
}
