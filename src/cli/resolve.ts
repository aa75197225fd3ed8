// --resolve: for package.json files without a lockfile, ask the registry (through pacote, honouring
// .npmrc registry settings) which version each declared range picks today, then match those
// versions. Off by default so a scan stays fully offline. Registry failures make the scan
// incomplete (exit 2): an unresolved range is an unchecked dependency.

import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve as resolvePath } from "node:path";
import type { AdvisoryDatabase } from "../advisory-db/index.js";
import { type Diagnostic, diagnostic } from "../core/diagnostics.js";
import { sortFindings } from "../core/scan.js";
import { errorReason } from "../core/text.js";
import type { PackageRef, ScanResult } from "../core/types.js";
import { matchPackages } from "../matchers/packages.js";
import { declaredDependencies } from "../parsers/package-json/index.js";
import type { Io } from "./io.js";

/** Registry options from .npmrc files (user, then project, later wins) and npm_config_* variables. */
export function npmrcOptions(
  projectDir: string,
  env: NodeJS.ProcessEnv,
  parseIni: (text: string) => Record<string, unknown>,
): Record<string, string | number> {
  const opts: Record<string, string | number> = {};
  const files = [join(env["HOME"] ?? homedir(), ".npmrc"), join(projectDir, ".npmrc")];
  if (env["npm_config_userconfig"]) files[0] = env["npm_config_userconfig"];
  for (const f of files) {
    if (!existsSync(f)) continue;
    const parsed = parseIni(readFileSync(f, "utf8"));
    for (const [k, v] of Object.entries(parsed)) {
      // Only registry routing and its credentials matter for fetching packuments.
      if (typeof v === "string" && (k === "registry" || k.endsWith(":registry") || k.startsWith("//")))
        opts[k] = v;
    }
  }
  if (env["npm_config_registry"]) opts["registry"] = env["npm_config_registry"];
  if (env["npm_config_cache"]) opts["cache"] = env["npm_config_cache"];
  if (env["npm_config_fetch_retries"]) opts["fetchRetries"] = Number(env["npm_config_fetch_retries"]);
  return opts;
}

export async function resolveManifests(
  result: ScanResult,
  db: AdvisoryDatabase,
  io: Io,
): Promise<ScanResult> {
  const manifests = result.files.filter((f) => f.parser === "package-json" && f.variant === "no lockfile");
  if (manifests.length === 0) return result;
  const [{ default: pacote }, ini] = await Promise.all([import("pacote"), import("ini")]);
  const packages: PackageRef[] = [];
  const diagnostics: Diagnostic[] = [];
  const files = result.files.map((f) => ({ ...f }));
  const labels = new Map<PackageRef, string>();
  for (const file of manifests) {
    const abs = resolvePath(io.cwd, file.path);
    const registryOpts = npmrcOptions(dirname(abs), io.env, (t) => ini.parse(t));
    let declared: ReturnType<typeof declaredDependencies>;
    let label = file.path;
    try {
      const text = readFileSync(abs, "utf8");
      declared = declaredDependencies(text);
      const name = (JSON.parse(text.replace(/^\uFEFF/, "")) as { name?: unknown }).name;
      if (typeof name === "string" && name) label = name;
    } catch (err) {
      diagnostics.push(diagnostic("FILE_UNREADABLE", { reason: errorReason(err) }, { path: file.path }));
      continue;
    }
    let resolved = 0;
    for (const d of declared) {
      const loc: { path: string; line?: number } = { path: file.path };
      if (d.line !== undefined) loc.line = d.line;
      try {
        // preferOnline: a range must resolve to what the registry serves now, not a stale cache entry.
        const manifest = await pacote.manifest(`${d.name}@${d.range}`, {
          ...registryOpts,
          preferOnline: true,
          fullMetadata: false,
        });
        const pkg: PackageRef = {
          ecosystem: "npm",
          name: d.name,
          version: manifest.version,
          source: "registry",
          location: loc,
          direct: true,
        };
        if (d.section === "devDependencies") pkg.groups = ["dev"];
        if (d.section === "optionalDependencies") pkg.groups = ["optional"];
        packages.push(pkg);
        labels.set(pkg, label);
        resolved++;
      } catch (err) {
        diagnostics.push(
          diagnostic(
            "LOCKFILE_UNSUPPORTED",
            { reason: `cannot resolve ${d.name}@${d.range} from the registry: ${errorReason(err)}` },
            loc,
            "error",
          ),
        );
      }
    }
    const entry = files.find((f) => f.path === file.path);
    if (entry) {
      entry.packages = resolved;
      entry.variant = "resolved through the registry";
    }
  }
  const matched = matchPackages(packages, db);
  for (const f of matched.findings) {
    const pkg = packages.find((p) => p.name === f.package?.name && p.location.line === f.location.line);
    if (pkg) {
      f.direct = true;
      f.dev = pkg.groups?.includes("dev") ?? false;
      f.paths = [[labels.get(pkg) ?? f.location.path, pkg.name]];
    }
  }
  const out: ScanResult = {
    ...result,
    files,
    findings: sortFindings([...result.findings, ...matched.findings]),
    diagnostics: [...result.diagnostics, ...diagnostics, ...matched.diagnostics],
  };
  if (result.packages) out.packages = [...result.packages, ...packages];
  return out;
}
