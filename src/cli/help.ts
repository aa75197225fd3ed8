// The supported-formats table for --help and the README, derived from the parser registry so the
// two can never drift (test/readme.test.ts checks the README against formatsTable()).

import { PARSERS } from "../parsers/index.js";

export function formatsTable(): string {
  const rows = PARSERS.map(
    (p) =>
      `| ${p.title} | ${p.ecosystem} | ${p.patterns.map((x) => `\`${x}\``).join(", ")} | ${p.versions} |`,
  );
  return ["| format | ecosystem | files | versions |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

export function formatsHelp(): string {
  const width = Math.max(...PARSERS.map((p) => p.title.length));
  const lines = PARSERS.map((p) => `  ${p.title.padEnd(width)}  ${p.ecosystem.padEnd(4)}  ${p.versions}`);
  return `Supported formats:\n${lines.join("\n")}\n  GitHub Actions workflows and composite actions (.github/workflows/*.yml, action.yml)`;
}
