// The index key of a package: `${ecosystem}\0${normalised name}`. The loader's in-memory index, the
// on-disk index of an imported database and the matchers all use this one definition.

import { rulesFor } from "../ecosystems/index.js";

/** Normalises a package name for the index: ecosystem rules for npm/PyPI; GitHub owner/repo is case-insensitive. */
export function indexName(ecosystem: string, name: string): string {
  const rules = rulesFor(ecosystem);
  if (rules) return rules.normalizeName(name);
  if (ecosystem === "GitHub Actions") return name.toLowerCase();
  return name;
}

export function indexKey(ecosystem: string, name: string): string {
  return `${ecosystem}\0${indexName(ecosystem, name)}`;
}
