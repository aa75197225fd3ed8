// The advisory database: OSV records loaded from `<dir>/osv/**/*.json`, validated, classified
// (malicious or vulnerability, normalised severity, CVSS v3 score) and indexed by
// (ecosystem, normalised package name). It knows OSV files, never lockfiles.

export { cvss3BaseScore } from "./cvss.js";
export { indexKey, indexName } from "./keys.js";
export { type LoadOptions, loadDatabase, lookupByKey } from "./load.js";
export type {
  Advisory,
  AdvisoryDatabase,
  AdvisoryKind,
  AffectedPackage,
  OsvEvent,
  OsvRange,
  OsvRangeType,
} from "./types.js";
export { isRfc3339, type OsvRecord, validateRecord } from "./validate.js";
