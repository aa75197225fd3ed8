// GitHub Actions workflow commands: one annotation per (unsuppressed) finding and one per error or
// warning diagnostic. Data is sanitised first (so no ESC, bidi or newline survives) and then
// escaped per the runner's rules, so a package called "x\n::add-mask::…" cannot forge a command:
//   data:       % → %25, CR → %0D, LF → %0A
//   properties: the same plus : → %3A and , → %2C
// Suppressed findings get no annotation: suppressing one is a decision to stop hearing about it.

import type { Diagnostic } from "../core/diagnostics.js";
import type { Finding, ScanResult } from "../core/types.js";
import {
  findingMessage,
  isGating,
  type Level,
  levelOf,
  sortDiagnostics,
  sortFindings,
} from "./finding-text.js";
import type { ReportOptions } from "./options.js";
import { sanitize } from "./sanitize.js";

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const COMMAND: Record<Level, string> = { error: "error", warning: "warning", note: "notice" };

function command(level: Level, props: Array<[string, string | number | undefined]>, message: string): string {
  const p = props
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(sanitize(String(v)))}`)
    .join(",");
  return `::${COMMAND[level]}${p === "" ? "" : ` ${p}`}::${escapeData(sanitize(message))}`;
}

function findingCommand(f: Finding): string {
  const subject = f.package ? `${f.package.name}@${f.package.version}` : (f.indicator?.value ?? "");
  const status = isGating(f) ? "" : f.baseline ? " (baseline, not gating)" : " (not gating)";
  const endLine =
    f.location.endLine !== undefined && f.location.line !== undefined && f.location.endLine > f.location.line
      ? f.location.endLine
      : undefined;
  return command(
    levelOf(f),
    [
      ["file", f.location.path],
      ["line", f.location.line],
      ["endLine", endLine],
      ["title", `${f.id} ${subject}`.trim()],
    ],
    `${findingMessage(f)}${status}`,
  );
}

function diagnosticCommand(d: Diagnostic): string {
  return command(
    d.severity === "error" ? "error" : "warning",
    [
      ["file", d.location?.path],
      ["line", d.location?.line],
      ["title", `lockwarden ${d.code}`],
    ],
    d.message,
  );
}

export function github(result: ScanResult, _options: ReportOptions): string {
  const lines = sortFindings(result.findings)
    .filter((f) => !f.suppressed)
    .map(findingCommand);
  for (const d of sortDiagnostics(result.diagnostics)) {
    if (d.severity !== "info") lines.push(diagnosticCommand(d));
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
