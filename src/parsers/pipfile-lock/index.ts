// Pipfile.lock (pipenv): JSON with a `_meta` block and one object per category of packages
// (`default`, `develop`, and any custom category from the Pipfile). Parsed with JSON.parse;
// entry lines come from JsonKeyLocator, which walks keys in document order. See README.md.

import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import { errorReason, JsonKeyLocator, jsonErrorLine, LineIndex, stripBom } from "../../core/text.js";
import type {
  ArtifactHash,
  Location,
  LockfileParser,
  PackageGroup,
  PackageRef,
  ParseContext,
  ParseResult,
} from "../../core/types.js";
import { fileNameOf, parseDistFileName, parseHash } from "../../ecosystems/pypi-dist.js";
import { pipfileLockMeta } from "./meta.js";
import { isObject, type PipfileEntry, readEntry } from "./schema.js";

/** Keys JSON.parse puts first whatever their place in the text (array-index-like names). */
const INDEX_LIKE = /^(?:0|[1-9][0-9]{0,9})$/;

function sniff(content: string): boolean {
  const head = content.slice(0, 4096);
  return /"_meta"\s*:/.test(head) && /"pipfile-spec"\s*:/.test(head);
}

function groupOf(section: string): PackageGroup | undefined {
  if (section === "default") return undefined;
  return section === "develop" ? "dev" : `group:${section}`;
}

function at(path: string, line: number | undefined): Location {
  return line === undefined ? { path } : { path, line };
}

/**
 * V8 omits the position from some JSON.parse messages ("Unexpected token 's', … is not valid JSON");
 * jsonc-parser's tolerant scan then finds the first error's offset. Only runs on a failed parse.
 */
function parse(ctx: ParseContext): ParseResult {
  const text = stripBom(ctx.content);
  const lines = new LineIndex(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const line = jsonErrorLine(err, lines, text);
    return {
      packages: [],
      diagnostics: [diagnostic("LOCKFILE_UNPARSABLE", { reason: errorReason(err) }, at(ctx.path, line))],
    };
  }
  if (!isObject(data)) {
    return {
      packages: [],
      diagnostics: [
        diagnostic("LOCKFILE_UNPARSABLE", { reason: "the top level is not a JSON object" }, at(ctx.path, 1)),
      ],
    };
  }

  const packages: PackageRef[] = [];
  const diagnostics: Diagnostic[] = [];
  const locator = new JsonKeyLocator(text, lines);
  // A second cursor for index-like names, which JSON.parse lists out of document order.
  const side = new JsonKeyLocator(text, lines);

  for (const [section, entries] of Object.entries(data)) {
    if (section === "_meta") continue;
    if (!isObject(entries)) {
      const line = locator.nextLine(section);
      diagnostics.push(
        diagnostic(
          "ENTRY_SKIPPED",
          { entry: section, reason: "section is not an object" },
          at(ctx.path, line),
        ),
      );
      continue;
    }
    const sectionOffset = locator.next(section, "{");
    const group = groupOf(section);
    for (const [name, value] of Object.entries(entries)) {
      // A malformed (non-object) entry still gets its key's line, to point at the problem.
      const valueStart = isObject(value) ? "{" : undefined;
      let line: number | undefined;
      if (INDEX_LIKE.test(name) && sectionOffset !== -1) {
        side.seek(sectionOffset);
        line = side.nextLine(name, valueStart);
      } else {
        line = locator.nextLine(name, valueStart);
      }
      const location = at(ctx.path, line);
      const read = readEntry(value);
      if (!read.ok) {
        diagnostics.push(
          diagnostic("ENTRY_SKIPPED", { entry: `${section}.${name}`, reason: read.reason }, location),
        );
        continue;
      }
      const pkg = toPackage(name, read.entry, location, diagnostics);
      if (pkg === undefined) continue;
      if (group !== undefined) pkg.groups = [group];
      packages.push(pkg);
    }
  }

  // Every entry above gave a package or a diagnostic: an empty, quiet result locks nothing. pipenv
  // always writes _meta, so without it nothing says this is a Pipfile.lock at all.
  if (packages.length === 0 && diagnostics.length === 0) {
    const sections = Object.keys(data).filter((k) => k !== "_meta").length;
    diagnostics.push(
      isObject(data._meta)
        ? diagnostic(
            "NO_PACKAGES_LOCKED",
            { detail: sections === 0 ? "no package sections" : "every package section is empty" },
            at(ctx.path, 1),
          )
        : diagnostic(
            "LOCKFILE_UNPARSABLE",
            { reason: "not a Pipfile.lock: no _meta block and no packages" },
            at(ctx.path, 1),
          ),
    );
  }

  const result: ParseResult = { packages, diagnostics };
  const meta = data._meta;
  if (isObject(meta) && typeof meta["pipfile-spec"] === "number")
    result.variant = `pipfile-spec ${meta["pipfile-spec"]}`;
  return result;
}

/** One entry as a PackageRef, or undefined (with a diagnostic) when it locks nothing readable. */
function toPackage(
  name: string,
  entry: PipfileEntry,
  location: Location,
  diagnostics: Diagnostic[],
): PackageRef | undefined {
  const pkg: PackageRef = { ecosystem: "PyPI", name, source: "registry", location };
  if (entry.git !== undefined) {
    pkg.source = "git";
    pkg.resolved = entry.git;
  } else if (entry.path !== undefined || entry.editable) {
    pkg.source = "path";
    if (entry.path !== undefined) pkg.resolved = entry.path;
  } else if (entry.file !== undefined) {
    pkg.source = "url";
    pkg.resolved = entry.file;
  }

  if (entry.version !== undefined) {
    const m = /^===?(.+)$/.exec(entry.version.trim());
    if (!m) {
      diagnostics.push(
        diagnostic(
          "ENTRY_SKIPPED",
          { entry: name, reason: `version "${entry.version}" is not an exact ==<version> pin` },
          location,
        ),
      );
      return undefined;
    }
    pkg.version = (m[1] as string).trim();
  } else if (pkg.source === "url" && entry.file !== undefined) {
    const dist = parseDistFileName(fileNameOf(entry.file), name);
    if (dist === undefined) {
      diagnostics.push(diagnostic("URL_REQUIREMENT", { name, url: entry.file }, location));
      return undefined;
    }
    pkg.version = dist.version;
  } else if (pkg.source === "registry") {
    diagnostics.push(
      diagnostic("ENTRY_SKIPPED", { entry: name, reason: "no version and no git, path or file" }, location),
    );
    return undefined;
  }

  const hashes = entry.hashes.map((h) => parseHash(h)).filter((h): h is ArtifactHash => h !== undefined);
  if (hashes.length > 0) pkg.hashes = hashes;
  return pkg;
}

export const pipfileLockParser: LockfileParser = {
  ...pipfileLockMeta,
  sniff,
  parse,
};
