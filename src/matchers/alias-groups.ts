// Alias groups: records that name each other (by id or through `aliases`, transitively) describe
// one event, e.g. MAL-2026-2144 → PYSEC-2026-2 → GHSA-5mg7-485q-xm76 for litellm, and must give one
// finding, not three. Computed once per database with a union-find over every id and alias of the
// records that are not withdrawn (a withdrawn record must not glue two live groups together).

import type { Advisory, AdvisoryDatabase } from "../advisory-db/index.js";

export interface AliasGroup {
  /** Canonical id: among the group's records, MAL- first, then GHSA-, then the rest; ties lexicographic. */
  canonical: string;
  /** Every id of the group (record ids and alias ids without a record), sorted. */
  ids: string[];
  /** ids without the canonical one. */
  aliases: string[];
  /** True when any record is malicious or any id is an ossf malicious-packages id (MAL-). */
  malicious: boolean;
  /** The group's records, sorted by id. */
  records: Advisory[];
}

function prefixRank(id: string): number {
  return id.startsWith("MAL-") ? 0 : id.startsWith("GHSA-") ? 1 : 2;
}

/** Orders ids by canonical preference: MAL-, GHSA-, others; then lexicographically. */
export function compareCanonical(a: string, b: string): number {
  return prefixRank(a) - prefixRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the alias groups of a database: a map from record id to its group. */
export function buildAliasGroups(advisories: readonly Advisory[]): Map<string, AliasGroup> {
  const parent = new Map<string, string>();
  function find(x: string): string {
    let root = x;
    for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
    // Path compression keeps later finds flat.
    for (let cur = x; cur !== root; ) {
      const next = parent.get(cur) as string;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  }
  function union(a: string, b: string): void {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const live = advisories.filter((a) => a.withdrawn === undefined);
  for (const a of live) {
    if (!parent.has(a.id)) parent.set(a.id, a.id);
    for (const alias of a.aliases) {
      if (!parent.has(alias)) parent.set(alias, alias);
      union(a.id, alias);
    }
  }
  const members = new Map<string, { ids: Set<string>; records: Advisory[] }>();
  for (const id of parent.keys()) {
    const root = find(id);
    let m = members.get(root);
    if (!m) {
      m = { ids: new Set(), records: [] };
      members.set(root, m);
    }
    m.ids.add(id);
  }
  for (const a of live) members.get(find(a.id))?.records.push(a);
  const groups = new Map<string, AliasGroup>();
  for (const m of members.values()) {
    if (m.records.length === 0) continue;
    const records = m.records.sort((x, y) => byString(x.id, y.id));
    const canonical = records.map((r) => r.id).sort(compareCanonical)[0] as string;
    const ids = [...m.ids].sort(byString);
    const group: AliasGroup = {
      canonical,
      ids,
      aliases: ids.filter((id) => id !== canonical),
      malicious: records.some((r) => r.kind === "malicious") || ids.some((id) => id.startsWith("MAL-")),
      records,
    };
    for (const r of records) groups.set(r.id, group);
  }
  return groups;
}

// Keyed by how many records the database holds: an indexed database reads records on demand, so a
// later lookup (--resolve, --caches) can add records, and their groups must then be rebuilt.
const cache = new WeakMap<AdvisoryDatabase, { size: number; groups: Map<string, AliasGroup> }>();

/** The alias groups of a database, computed on first use. */
export function aliasGroupsOf(db: AdvisoryDatabase): Map<string, AliasGroup> {
  const all = db.all();
  const hit = cache.get(db);
  if (hit && hit.size === all.length) return hit.groups;
  const groups = buildAliasGroups(all);
  cache.set(db, { size: all.length, groups });
  return groups;
}
