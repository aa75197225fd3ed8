// A report for a pull-request comment or a job summary ($GITHUB_STEP_SUMMARY): a heading, a small
// summary table of counts, one section per finding, then errors and warnings. Scanned data only
// ever appears through mdCode/mdText (see markdown-text.ts), never as raw markdown or HTML.

import type { Finding, ScanResult } from "../core/types.js";
import {
  advisoryUrl,
  countResult,
  fixSentence,
  isGating,
  KIND_LABEL,
  KINDS,
  locationLabel,
  packageLabel,
  plural,
  sortDiagnostics,
  sortFindings,
} from "./finding-text.js";
import { mdCode, mdLink, mdText } from "./markdown-text.js";
import type { ReportOptions } from "./options.js";

function findingSection(f: Finding, n: number): string[] {
  const out = [
    `### ${n}. ${mdCode(packageLabel(f))}: ${mdText(f.id)} (${f.kind}, ${mdText(f.severity)})`,
    "",
  ];
  out.push(`- **Location:** ${mdCode(locationLabel(f.location))}`);
  if (f.package) {
    out.push(
      `- **Package:** ${mdCode(f.package.name)} ${mdCode(f.package.version)} (${mdText(f.package.ecosystem)})`,
    );
    if (f.package.alias && f.package.alias !== f.package.name) {
      out.push(`- **Installed as:** ${mdCode(f.package.alias)}`);
    }
  }
  if (f.indicator) {
    out.push(
      `- **Indicator:** ${mdText(f.indicator.kind)} ${mdCode(f.indicator.value)} (confidence ${mdText(f.indicator.confidence)})`,
    );
  }
  const summary = f.summary.trim() === "" ? "" : `: ${mdText(f.summary.trim())}`;
  out.push(`- **Advisory:** ${mdLink(mdText(f.id), advisoryUrl(f))}${summary}`);
  if (f.aliases.length > 0) out.push(`- **Aliases:** ${f.aliases.map(mdText).join(", ")}`);
  const paths = (f.paths ?? []).slice(0, 3);
  if (paths.length === 1) out.push(`- **Dependency path:** ${mdCode((paths[0] ?? []).join(" > "))}`);
  else if (paths.length > 1) {
    out.push("- **Dependency paths:**");
    for (const chain of paths) out.push(`  - ${mdCode(chain.join(" > "))}`);
  }
  if (f.direct !== undefined || f.dev !== undefined || f.optional !== undefined) {
    const how = [
      f.direct === undefined ? "" : f.direct ? "direct" : "transitive",
      f.dev ? "dev" : "",
      f.optional ? "optional" : "",
    ];
    out.push(`- **Dependency:** ${how.filter((s) => s !== "").join(", ") || "runtime"}`);
  }
  out.push(`- **Fix:** ${mdText(fixSentence(f))}`);
  if (!isGating(f)) out.push(`- **Status:** not gating${f.baseline ? " (in the baseline)" : ""}`);
  out.push("");
  return out;
}

export function markdown(result: ScanResult, options: ReportOptions): string {
  const c = countResult(result);
  const findings = sortFindings(result.findings);
  const shown = findings.filter((f) => !f.suppressed);
  const suppressed = findings.filter((f) => f.suppressed);
  const out: string[] = [];

  out.push(
    c.shown === 0
      ? "## lockwarden: no known compromised or vulnerable packages"
      : `## lockwarden: ${plural(c.shown, "finding")} (${c.gating} gating)`,
    "",
  );
  if (options.exitCode === 2) {
    out.push(`> **Scan incomplete:** ${plural(c.errors, "error")}; some input was not scanned.`, "");
  }
  out.push("| Scan | Count |", "| --- | ---: |");
  out.push(`| Files scanned | ${c.files} |`, `| Packages | ${c.packages} |`);
  for (const k of KINDS) {
    const label = KIND_LABEL[k][1].replace(/^./, (s) => s.toUpperCase());
    out.push(`| ${label} | ${c.byKind[k]} |`);
  }
  out.push(`| Gating | ${c.gating} |`);
  if (c.notGating > 0) out.push(`| Not gating | ${c.notGating} |`);
  if (c.suppressed > 0) out.push(`| Suppressed | ${c.suppressed} |`);
  out.push(`| Errors | ${c.errors} |`, `| Warnings | ${c.warnings} |`, "");

  shown.forEach((f, i) => {
    out.push(...findingSection(f, i + 1));
  });

  if (suppressed.length > 0) {
    out.push(`<details><summary>${plural(suppressed.length, "suppressed finding")}</summary>`, "");
    for (const f of suppressed) {
      const s = f.suppressed ?? { reason: "" };
      const until = s.expires ? ` (until ${mdText(s.expires)})` : "";
      out.push(
        `- ${mdCode(packageLabel(f))} ${mdText(f.id)} in ${mdCode(locationLabel(f.location))}: ${mdText(s.reason)}${until}`,
      );
    }
    out.push("", "</details>", "");
  }

  const diagnostics = sortDiagnostics(result.diagnostics);
  const serious = diagnostics.filter((d) => d.severity !== "info");
  if (serious.length > 0) {
    out.push("### Errors and warnings", "");
    for (const d of serious) {
      const where = d.location ? `${mdCode(locationLabel(d.location))}: ` : "";
      out.push(`- **${d.severity}** ${where}${mdText(d.message)} (${mdText(d.code)})`);
    }
    out.push("");
  }
  if (c.infos > 0) out.push(`${plural(c.infos, "info diagnostic")} not listed here.`, "");

  const digest = result.database["digest"];
  const db = typeof digest === "string" ? `, database ${mdCode(digest.slice(0, 19))}` : "";
  out.push(
    `<sub>${mdText(`lockwarden ${result.tool.version}`)}: ${result.database.records} advisory records${db}</sub>`,
  );
  return `${out.join("\n")}\n`;
}
