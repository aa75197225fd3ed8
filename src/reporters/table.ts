// The terminal report: findings grouped by file, one row each (line, package, advisory, kind,
// severity, fix) with the advisory summary and up to three dependency paths under it, then the
// errors and warnings as `path:line: message` (clickable in most editors and terminals), then a
// summary. Designed to read well in 100 columns. Every piece of scanned data goes through
// sanitize() before any colour is added, so the only escape sequences are our own.

import type { Diagnostic } from "../core/diagnostics.js";
import type { Finding, ScannedFile, ScanResult } from "../core/types.js";
import { type Painter, painter, type Style } from "./ansi.js";
import {
  countResult,
  fixText,
  isGating,
  kindCounts,
  levelOf,
  locationLabel,
  packageLabel,
  plural,
  sortDiagnostics,
  sortFindings,
} from "./finding-text.js";
import type { ReportOptions } from "./options.js";
import { sanitize, truncate } from "./sanitize.js";

const WIDTH = 100;
/** Column caps: longer cells overflow their column rather than being cut (a name is identity). */
const PACKAGE_CAP = 28;
const ID_CAP = 20;
/** Info diagnostics are listed only up to this many unless verbose. */
const INFO_LIST_MAX = 10;

function levelStyles(f: Finding): Style[] {
  if (f.kind === "malicious") return ["red", "bold"];
  switch (levelOf(f)) {
    case "error":
      return ["red"];
    case "warning":
      return ["yellow"];
    default:
      return ["cyan"];
  }
}

function marks(f: Finding): string[] {
  const out: string[] = [];
  if (f.suppressed) {
    const until = f.suppressed.expires ? ` until ${f.suppressed.expires}` : "";
    out.push(`[suppressed${until}: ${f.suppressed.reason}]`);
  } else {
    if (f.baseline) out.push("[baseline]");
    if (!isGating(f)) out.push("[not gating]");
  }
  return out.map(sanitize);
}

/** Shortens a dependency chain to fit by eliding middle labels: "app > … > y > pkg". */
function chainText(chain: readonly string[], width: number): string {
  const labels = chain.map(sanitize);
  let text = labels.join(" > ");
  if (text.length <= width) return text;
  for (let keepTail = labels.length - 2; keepTail >= 1; keepTail--) {
    text = [labels[0] ?? "", "…", ...labels.slice(labels.length - keepTail)].join(" > ");
    if (text.length <= width) return text;
  }
  return truncate(text, width);
}

function fileSection(
  path: string,
  findings: readonly Finding[],
  file: ScannedFile | undefined,
  paint: Painter,
): string[] {
  const about = file
    ? ` ${paint(sanitize(`(${file.parser}, ${plural(file.packages, "package")})`), "dim")}`
    : "";
  const lines = [`${paint(sanitize(path), "bold", "underline")}${about}`];
  const rows = findings.map((f) => ({
    f,
    line: f.location.line === undefined ? "-" : String(f.location.line),
    pkg: sanitize(packageLabel(f)),
    id: sanitize(f.id),
    kind: f.kind,
    severity: sanitize(f.severity),
    fix: sanitize(fixText(f)),
    marks: marks(f),
  }));
  const w = {
    line: Math.max(...rows.map((r) => r.line.length)),
    pkg: Math.min(PACKAGE_CAP, Math.max(...rows.map((r) => r.pkg.length))),
    id: Math.min(ID_CAP, Math.max(...rows.map((r) => r.id.length))),
    kind: Math.max(...rows.map((r) => r.kind.length)),
    severity: Math.max(...rows.map((r) => r.severity.length)),
  };
  const indent = " ".repeat(2 + w.line + 2);
  const subWidth = WIDTH - indent.length;
  for (const r of rows) {
    const style = levelStyles(r.f);
    // Pad outside the colour codes so trailing padding can be trimmed.
    const cell = (text: string, width: number, styles: Style[], left = false): string => {
      const pad = " ".repeat(Math.max(0, width - text.length));
      return left ? `${pad}${paint(text, ...styles)}` : `${paint(text, ...styles)}${pad}`;
    };
    const head = [
      `  ${cell(r.line, w.line, ["dim"], true)}`,
      cell(r.pkg, w.pkg, ["bold"]),
      cell(r.id, w.id, style),
      cell(r.kind, w.kind, style),
      cell(r.severity, w.severity, style),
    ].join("  ");
    lines.push(head.trimEnd());
    // The fix always sits on its own line, so rows stay aligned and `fix:` is easy to grep.
    const fix = `${indent}${paint("fix:", "dim")} ${paint(r.fix, "green")}`;
    const marks = r.marks.join(" ");
    if (marks === "") lines.push(fix);
    else if (indent.length + 5 + r.fix.length + 2 + marks.length <= WIDTH) {
      lines.push(`${fix}  ${paint(marks, "magenta")}`);
    } else {
      lines.push(fix, `${indent}${paint(truncate(marks, subWidth), "magenta")}`);
    }
    const summary = sanitize(r.f.summary.trim());
    if (summary !== "") lines.push(`${indent}${paint(truncate(summary, subWidth), "dim")}`);
    for (const chain of (r.f.paths ?? []).slice(0, 3)) {
      lines.push(`${indent}${paint("via", "dim")} ${chainText(chain, subWidth - 4)}`);
    }
  }
  return lines;
}

function diagnosticLine(d: Diagnostic): string {
  const where = d.location ? locationLabel(d.location) : "lockwarden";
  return sanitize(`${where}: ${d.message}`);
}

export function table(result: ScanResult, options: ReportOptions): string {
  const paint = painter(options.color);
  const quiet = options.quiet === true;
  const verbose = options.verbose === true && !quiet;
  const c = countResult(result);
  const out: string[] = [];

  // Findings, grouped by file in report order. Suppressed ones are hidden behind a count unless verbose.
  const shown = sortFindings(result.findings).filter((f) => verbose || !f.suppressed);
  const files = new Map(result.files.map((f) => [f.path, f]));
  const groups = new Map<string, Finding[]>();
  for (const f of shown) {
    const g = groups.get(f.location.path);
    if (g) g.push(f);
    else groups.set(f.location.path, [f]);
  }
  for (const [path, findings] of groups) {
    if (out.length > 0) out.push("");
    out.push(...fileSection(path, findings, files.get(path), paint));
  }

  const diagnostics = sortDiagnostics(result.diagnostics);
  const section = (title: string, style: Style, list: Diagnostic[]): void => {
    if (list.length === 0) return;
    if (out.length > 0) out.push("");
    out.push(paint(title, style, "bold"));
    for (const d of list) out.push(diagnosticLine(d));
  };
  section(
    "Errors:",
    "red",
    diagnostics.filter((d) => d.severity === "error"),
  );
  if (!quiet) {
    section(
      "Warnings:",
      "yellow",
      diagnostics.filter((d) => d.severity === "warning"),
    );
    const infos = diagnostics.filter((d) => d.severity === "info");
    if (verbose || infos.length <= INFO_LIST_MAX) section("Info:", "cyan", infos);
    else {
      if (out.length > 0) out.push("");
      out.push(paint(`${plural(infos.length, "info diagnostic")} not listed (use --verbose)`, "dim"));
    }
  }

  if (!quiet) {
    if (out.length > 0) out.push("");
    const scanned = `${plural(c.files, "file")} scanned (${plural(c.packages, "package")})`;
    const hidden = c.suppressed > 0 ? `; ${c.suppressed} suppressed ${verbose ? "(shown)" : "(hidden)"}` : "";
    if (c.shown === 0) {
      out.push(paint(`No known compromised or vulnerable packages: ${scanned}${hidden}.`, "green", "bold"));
    } else {
      out.push(paint(`${plural(c.shown, "finding")} in ${scanned}: ${kindCounts(c)}.`, "bold"));
      const notGating =
        c.notGating > 0
          ? `, ${c.notGating} not gating${c.baseline > 0 ? ` (${c.baseline} baseline)` : ""}`
          : "";
      out.push(`${c.gating} gating${notGating}${hidden}.`);
    }
    if (options.exitCode === 2) {
      out.push(paint(`Scan incomplete: ${plural(c.errors, "error")}; some input was not scanned.`, "red"));
    }
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}
