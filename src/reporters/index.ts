// The reporter registry: a format name maps to a pure function (ScanResult, options) → string.
// Formats are chosen from this map only, never loaded by name from node_modules (a shadowing
// package is exactly the kind of attack lockwarden looks for).

import { github } from "./github.js";
import { json } from "./json.js";
import { markdown } from "./markdown.js";
import type { Reporter } from "./options.js";
import { sarif } from "./sarif.js";
import { table } from "./table.js";

export type { Reporter, ReportOptions } from "./options.js";

export const REPORTERS = { table, json, sarif, markdown, github } satisfies Record<string, Reporter>;

export type FormatName = keyof typeof REPORTERS;

export const FORMAT_NAMES = Object.keys(REPORTERS) as FormatName[];

/** Type guard for a --format value. */
export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(REPORTERS, name);
}
