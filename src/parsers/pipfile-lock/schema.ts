// The few Pipfile.lock fields lockwarden reads, validated by hand (pipenv's lock format has no
// published JSON Schema). Everything else in an entry (markers, index, extras, ref) is ignored.

export interface PipfileEntry {
  /** "==1.2.3" as written, when present. */
  version?: string;
  hashes: string[];
  git?: string;
  path?: string;
  file?: string;
  editable: boolean;
}

export type EntryResult = { ok: true; entry: PipfileEntry } | { ok: false; reason: string };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(
  obj: Record<string, unknown>,
  key: string,
): { ok: true; value?: string } | { ok: false; reason: string } {
  const value = obj[key];
  if (value === undefined) return { ok: true };
  if (typeof value !== "string") return { ok: false, reason: `"${key}" is not a string` };
  return { ok: true, value };
}

/** Validates one entry of a section (`"requests": { … }`). */
export function readEntry(value: unknown): EntryResult {
  if (!isObject(value)) return { ok: false, reason: "entry is not an object" };
  const entry: PipfileEntry = { hashes: [], editable: value.editable === true };
  for (const key of ["version", "git", "path", "file"] as const) {
    const r = optionalString(value, key);
    if (!r.ok) return r;
    if (r.value !== undefined) entry[key] = r.value;
  }
  // Malformed hashes lose only the hashes, never the package.
  const hashes = value.hashes;
  if (Array.isArray(hashes)) for (const h of hashes) if (typeof h === "string") entry.hashes.push(h);
  return { ok: true, entry };
}
