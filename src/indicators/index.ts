// Public surface of the indicator engine: IOC data loading, lockfile-hash matching, workflow
// scanning and image-reference matching (all pure except loadIndicators, which reads files).

export {
  FULL_SHA,
  isFirstParty,
  matchActionRef,
  parseUses,
  type RefMatch,
  tagInRange,
  type UsesRef,
} from "./action-ref.js";
export {
  fingerprint,
  indicatorFinding,
  RULE_ACTION_UNPINNED,
  RULE_PTH_EXEC,
  ruleFinding,
  safeText,
  severityFor,
} from "./finding.js";
export { type ImageRef, matchImageRef, normalizeRepository, parseImageRef } from "./image-ref.js";
export { buildIndicatorSet, IOC_FORMAT, IOC_VERSION, loadIndicators } from "./load.js";
export { matchHashes } from "./match-hashes.js";
export type {
  Confidence,
  Indicator,
  IndicatorKind,
  IndicatorScope,
  IndicatorSet,
  RefType,
  TagRange,
  TimeWindow,
} from "./types.js";
export { isWorkflowPath, scanWorkflow, type WorkflowOptions, type WorkflowScan } from "./workflows.js";
