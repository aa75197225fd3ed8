#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js, from tsc) into dist/bundle/ with esbuild, because
// start-up dominates a scan: Node spends ~100 ms resolving, reading and compiling ~150 separate
// ESM/CJS files (ours, commander, semver, yaml, chalk…); a handful of bundled chunks load in a
// fraction of that. Code splitting keeps every lazy `import()` lazy (parsers, yaml, smol-toml, ora
// load only when a scan needs them). arborist and pacote stay external runtime dependencies: they
// are large, load only for --installed / --resolve, and pull in their own dependency trees.
//
// The third-party code inlined into the bundle is listed, with its licence text, in
// dist/bundle/THIRD-PARTY-LICENSES.txt (each package's name, version and licence from its own
// package.json in node_modules, i.e. the versions pinned by package-lock.json).
//
//   node scripts/bundle.mjs

import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const REPO = resolve(import.meta.dirname, "..");
const OUT = join(REPO, "dist", "bundle");
/** Loaded only by --installed / --resolve; kept as real dependencies (see README, "Dependencies"). */
export const EXTERNAL = ["@npmcli/arborist", "pacote"];

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: REPO,
  entryPoints: { main: "dist/cli/main.js" },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.17",
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its ESM build bundles.
  mainFields: ["module", "main"],
  external: EXTERNAL,
  // Bundled CommonJS packages (commander, semver, yaml…) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __lockwardenRequire } from 'node:module'; const require = __lockwardenRequire(import.meta.url);",
  },
  chunkNames: "chunk-[hash]",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});

// Third-party packages inlined into the bundle, from the metafile's inputs.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!m) continue;
  const dir = join(REPO, input.slice(0, m.index + m[0].length));
  if (packages.has(dir)) continue;
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  packages.set(dir, pkg);
}
const sections = [...packages.entries()]
  .sort(([, a], [, b]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  .map(([dir, pkg]) => {
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file
      ? readFileSync(join(dir, file), "utf8").trim()
      : `(no licence file; package.json says ${pkg.license})`;
    return `${pkg.name}@${pkg.version} (${pkg.license ?? "UNKNOWN"})\n${"-".repeat(60)}\n${text}\n`;
  });
writeFileSync(
  join(OUT, "THIRD-PARTY-LICENSES.txt"),
  `Third-party packages bundled into lockwarden's dist/bundle (${sections.length}):\n\n${sections.join("\n")}`,
);
if (!existsSync(join(OUT, "main.js"))) throw new Error("bundle: dist/bundle/main.js was not written");
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
process.stdout.write(
  `bundle: dist/bundle (${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} kB, ${sections.length} third-party packages inlined)\n`,
);
