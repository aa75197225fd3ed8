// The JSON report is the ScanResult envelope itself, with a fixed top-level key order so diffs and
// `jq` scripts stay stable. Data is written verbatim; JSON.stringify escapes C0 controls and lone
// surrogates, and escapeJsonUnsafe escapes the rest (DEL, C1, bidi, …) so the bytes are inert in
// a terminal while JSON.parse returns the same strings.

import type { ScanResult } from "../core/types.js";
import type { ReportOptions } from "./options.js";
import { escapeJsonUnsafe } from "./sanitize.js";

export function json(result: ScanResult, _options: ReportOptions): string {
  const envelope: Record<string, unknown> = {
    schemaVersion: result.schemaVersion,
    tool: result.tool,
    database: result.database,
    files: result.files,
    findings: result.findings,
    diagnostics: result.diagnostics,
  };
  if (result.packages !== undefined) envelope["packages"] = result.packages;
  return `${escapeJsonUnsafe(JSON.stringify(envelope, null, 2))}\n`;
}
