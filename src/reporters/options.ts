// The options every reporter receives. Reporters are pure: the CLI decides colour, quietness and
// the exit code, and passes them in as plain data.

import type { ScanResult } from "../core/types.js";

export interface ReportOptions {
  color: boolean;
  /** The paths given on the command line (for the SARIF automation category). */
  scanPaths: string[];
  /** What the CLI will return (2 = incomplete → SARIF executionSuccessful false). */
  exitCode: 0 | 1 | 2;
  /** table: only findings (and errors). */
  quiet?: boolean;
  /** table: list info diagnostics and suppressed findings too. */
  verbose?: boolean;
  /** Overrides automationDetails.id. */
  sarifCategory?: string;
  /** Default false: byte-for-byte deterministic output. */
  sarifTimestamps?: boolean;
}

export type Reporter = (result: ScanResult, options: ReportOptions) => string;
