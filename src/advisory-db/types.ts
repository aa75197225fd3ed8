// The advisory data model: OSV records reduced to the fields lockwarden uses, plus what the
// loader derives (kind, normalised severity, CVSS score, last known-good version, source file).

import type { Diagnostic } from "../core/diagnostics.js";
import type { Severity } from "../core/types.js";

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export type OsvRangeType = "SEMVER" | "ECOSYSTEM" | "GIT";

export interface OsvRange {
  type: OsvRangeType;
  events: OsvEvent[];
  repo?: string;
}

export interface AffectedPackage {
  /** OSV spelling ("npm", "PyPI", "GitHub Actions", …). */
  ecosystem: string;
  /** As the record writes it. */
  name: string;
  versions: string[];
  ranges: OsvRange[];
  databaseSpecific?: Record<string, unknown>;
}

export type AdvisoryKind = "malicious" | "vulnerability";

export interface Advisory {
  id: string;
  /** The record's aliases, deduplicated, without its own id. */
  aliases: string[];
  kind: AdvisoryKind;
  summary: string;
  details?: string;
  severity: Severity;
  /** CVSS v3 base score (0..10) when the record has a v3 vector; never from v4. */
  score?: number;
  published?: string;
  modified: string;
  withdrawn?: string;
  /** Reference URLs in record order, deduplicated. */
  references: string[];
  affected: AffectedPackage[];
  /** database_specific.last_known_good (or the first affected entry's), for malware. */
  lastKnownGood?: string;
  databaseSpecific?: Record<string, unknown>;
  /** The file the record came from: the database directory as given, joined with its relative POSIX path. */
  source: string;
}

export interface AdvisoryDatabase {
  /** The directories loaded, as given. */
  paths: string[];
  /** Valid records loaded (withdrawn ones included; they never match). */
  records: number;
  /** sha256 over the sorted `<sha256(content)>  <path relative to its dir>` lines of every file read. */
  digest: string;
  countsByEcosystem: Record<string, number>;
  countsByKind: Record<string, number>;
  /** Withdrawn records among `records`. */
  withdrawn: number;
  newestModified?: string;
  diagnostics: Diagnostic[];
  /** Records with an affected entry for (ecosystem, name), name normalised by the ecosystem's rules; sorted by id. */
  lookup(ecosystem: string, name: string): Advisory[];
  /** The record with this id, if loaded. */
  byId(id: string): Advisory | undefined;
  /** Every record, sorted by id. */
  all(): Advisory[];
}
