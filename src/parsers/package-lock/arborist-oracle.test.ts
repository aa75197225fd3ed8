// npm's own reader as an oracle: for every corpus package-lock / npm-shrinkwrap, @npmcli/arborist's
// loadVirtual (run on a temporary copy of the lockfile and its package.json: no scripts, no
// network, no node_modules) must see the same nodes lockwarden reports: location, real name,
// installed name, version and dependency flags. Links are left out on both sides (lockwarden
// reports them as workspace/path packages; arborist keeps them as Link objects, not nodes).
//
// Principled differences, normalised below and nowhere else:
// - v1 git dependencies: arborist moves the git spec from `version` to `resolved` and leaves the
//   version empty; lockwarden keeps the spec verbatim as the version (source git).
// - v1 tarball-URL versions: arborist has no version for `"version": "https://…/eslint-7.9.0.tgz"`;
//   lockwarden reads 7.9.0 from the registry URL.
// - Flags: arborist's `devOptional` (in neither prod nor a single dev/optional tree) is what
//   lockwarden reports as the groups dev + optional, as the lockfile writer does.

import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Arborist from "@npmcli/arborist";
import { describe, expect, it } from "vitest";
import { parseText } from "../test-kit.js";
import { folderName } from "./graph.js";
import { packageLockParser } from "./index.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const corpus = resolve(repoRoot, "../shared/corpus");
const present = existsSync(corpus);
const FORMATS = ["package-lock-v1", "package-lock-v2", "package-lock-v3", "npm-shrinkwrap"];

const lockfiles: string[] = present
  ? FORMATS.flatMap((format) =>
      readdirSync(join(corpus, format), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) =>
          ["package-lock.json", "npm-shrinkwrap.json"]
            .map((n) => join(format, d.name, n))
            .filter((rel) => existsSync(join(corpus, rel))),
        ),
    )
  : [];

interface ArboristNode {
  location: string;
  name: string;
  packageName: string | null;
  linksIn: Set<{ name: string }>;
  version: string;
  resolved: string | null;
  isLink: boolean;
  isRoot: boolean;
  dev: boolean;
  optional: boolean;
  devOptional: boolean;
  peer: boolean;
  inBundle: boolean;
}

function groups(n: ArboristNode): string {
  const both = n.devOptional && !n.dev && !n.optional;
  const g: string[] = [];
  if (n.dev || both) g.push("dev");
  if (n.optional || both) g.push("optional");
  if (n.peer) g.push("peer");
  if (n.inBundle) g.push("bundled");
  return g.join(",");
}

const MANIFEST_FIELDS = [
  "name",
  "version",
  "workspaces",
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
  "peerDependenciesMeta",
  "bundleDependencies",
];

/**
 * v2/v3 lockfiles copy the root's and each workspace's manifest fields into their entries; write
 * those back as package.json files so arborist sees the manifests the lockfile was made from.
 */
function writeManifests(tmp: string, rel: string): void {
  const lock = JSON.parse(readFileSync(join(corpus, rel), "utf8")) as {
    packages?: Record<string, Record<string, unknown>>;
  };
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (key.includes("node_modules/") || key.split("/").includes("..") || entry["link"]) continue;
    const manifest = Object.fromEntries(MANIFEST_FIELDS.filter((f) => f in entry).map((f) => [f, entry[f]]));
    mkdirSync(join(tmp, key), { recursive: true });
    writeFileSync(join(tmp, key, "package.json"), JSON.stringify(manifest));
  }
}

async function arboristInventory(rel: string): Promise<{ inventory: string[]; flagsSuspect: boolean }> {
  const tmp = mkdtempSync(join(tmpdir(), "lockwarden-oracle-"));
  try {
    copyFileSync(join(corpus, rel), join(tmp, basename(rel)));
    writeManifests(tmp, rel);
    const arb = new Arborist({ path: tmp, offline: true, ignoreScripts: true, audit: false });
    const tree = await arb.loadVirtual();
    const flagsSuspect = (arb as unknown as Record<symbol, unknown>)[Symbol.for("flagsSuspect")] === true;
    const out: string[] = [];
    for (const node of tree.inventory.values() as Iterable<ArboristNode>) {
      if (node.isLink || node.isRoot) continue;
      let version = node.version;
      if (version === "" && node.resolved) {
        // See the header: v1 registry tarball URLs and git specs carried no version for arborist.
        const m = /\/-\/.+?-(\d+\.\d+\.\d+[^/]*)\.tgz$/.exec(node.resolved);
        version = m?.[1] ?? gitCommit(node.resolved);
      }
      // A folder whose manifest has no name: the name it is linked under.
      const name = node.packageName ?? [...node.linksIn].map((l) => l.name)[0] ?? node.name;
      out.push(`${node.location} ${name} as ${node.name} @${version} [${groups(node)}]`);
    }
    return { inventory: out.sort(), flagsSuspect };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A git dependency is compared by its commit: arborist rewrites `github:o/r#sha` to a git+ssh URL. */
function gitCommit(spec: string): string {
  return `(git) ${/#([0-9a-f]{40})$/.exec(spec)?.[1] ?? spec}`;
}

async function lockwardenInventory(rel: string): Promise<string[]> {
  const result = await parseText(packageLockParser, rel, readFileSync(join(corpus, rel), "utf8"));
  const out: string[] = [];
  for (const p of result.packages) {
    const id = p.nodeId as string;
    const isLocal = p.source === "workspace" || p.source === "path";
    // A link entry (a node_modules key whose `resolved` is a folder, not a URL) is no inventory node.
    if (isLocal && id.includes("node_modules/") && !/^[a-z][a-z0-9+.-]*:/i.test(p.resolved ?? "file:"))
      continue;
    const installed = p.alias ?? (id.includes("node_modules/") ? p.name : folderName(id));
    const version =
      p.source === "git" && !/^\d/.test(p.version ?? "") ? gitCommit(p.version ?? "") : p.version;
    const g = [...(p.groups ?? [])].sort((a, b) => order(a) - order(b)).join(",");
    out.push(`${id} ${p.name} as ${installed} @${version ?? ""} [${g}]`);
  }
  return out.sort();
}

function order(g: string): number {
  return ["dev", "optional", "peer", "bundled"].indexOf(g);
}

/** Drops the flags (the bracketed tail) of each inventory line. */
function identities(lines: string[]): string[] {
  return lines.map((l) => l.slice(0, l.lastIndexOf(" [")));
}

/** v1 `bundled: true` is the file's word; arborist derives inBundle from bundleDependencies v1 lacks. */
function withoutBundled(lines: string[]): string[] {
  return lines.map((l) => l.replace(/,?bundled\]$/, "]").replace("[,", "["));
}

describe.skipIf(!present)(
  `arborist loadVirtual oracle (${present ? corpus : "corpus not found: skipped"})`,
  () => {
    it("finds the eleven corpus lockfiles", () => {
      expect(lockfiles.length).toBe(11);
    });

    it.each(lockfiles)("%s: same nodes, names, versions and flags as arborist", async (rel) => {
      const [ours, theirs] = await Promise.all([lockwardenInventory(rel), arboristInventory(rel)]);
      expect(ours.length).toBeGreaterThan(0);
      if (theirs.flagsSuspect) {
        // The root depends on its own workspaces (npm-cli, aws-toolkit-vscode): arborist's
        // checkRootEdges then always distrusts the lockfile's flags and recomputes them over a tree
        // built without the real workspace folders, so only the nodes themselves are comparable.
        expect(identities(ours)).toEqual(identities(theirs.inventory));
      } else if (rel.startsWith("package-lock-v1/") || rel.includes("-v1-")) {
        expect(withoutBundled(ours)).toEqual(withoutBundled(theirs.inventory));
      } else {
        expect(ours).toEqual(theirs.inventory);
      }
    });
  },
);
