// Installed Python distributions: `<name>-<version>.dist-info/METADATA` (wheels, modern pip) and
// `<name>.egg-info/PKG-INFO` (setuptools). Core metadata is a block of RFC 822 style headers,
// ended by the first blank line (the description may follow). Only `Name` and `Version` are read.
// The walk hands these files over only when scanning an installed environment (--installed).
// Spec: https://packaging.python.org/en/latest/specifications/core-metadata/

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import { baseName, dirName, stripBom } from "../../core/text.js";
import type { LockfileParser, PackageRef, ParseContext, ParseResult } from "../../core/types.js";
import { pythonMetadataMeta } from "./meta.js";

const _METADATA_PATH = /(?:^|\/)[^/]+\.dist-info\/METADATA$/;
const _PKG_INFO_PATH = /(?:^|\/)[^/]+\.egg-info\/PKG-INFO$/;

export const pythonMetadataParser = {
  ...pythonMetadataMeta,
  parse: parsePythonMetadata,
} satisfies LockfileParser;

interface Header {
  value: string;
  line: number;
}

/** The first `Name` and `Version` headers (case-insensitive) of the header block, with their lines. */
function readHeaders(content: string): { name?: Header; version?: Header } {
  const out: { name?: Header; version?: Header } = {};
  const lines = stripBom(content).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, "");
    if (line.trim() === "") break; // the header block ends at the first blank line
    if (line.startsWith(" ") || line.startsWith("\t")) continue; // a folded continuation
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (key !== "name" && key !== "version") continue;
    if (out[key]) continue;
    out[key] = { value: line.slice(colon + 1).trim(), line: i + 1 };
  }
  return out;
}

export function parsePythonMetadata(ctx: ParseContext): ParseResult {
  const { name, version } = readHeaders(ctx.content);
  const diagnostics: Diagnostic[] = [];
  const entry = baseName(dirName(ctx.path)) || ctx.path;
  if (!name?.value || !version?.value) {
    const line = name?.line ?? version?.line;
    const missing = !name?.value ? "Name" : "Version";
    diagnostics.push(
      diagnostic(
        "ENTRY_SKIPPED",
        { entry, reason: `no ${missing} header` },
        line === undefined ? { path: ctx.path } : { path: ctx.path, line },
      ),
    );
    return { packages: [], diagnostics };
  }
  const ref: PackageRef = {
    ecosystem: "PyPI",
    name: name.value,
    version: version.value,
    source: "registry",
    location: { path: ctx.path, line: name.line },
  };
  return { packages: [ref], diagnostics };
}
