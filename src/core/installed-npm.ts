// Installed node_modules trees, read with @npmcli/arborist's loadActual: it reads package.json
// files only (no lifecycle scripts, no network). Arborist is heavy, so it is imported only when a
// scan asks for --installed and meets a node_modules folder.

import { dirname, join } from "node:path";
import { type Diagnostic, diagnostic } from "./diagnostics.js";
import { errorReason } from "./text.js";
import type { DependencyGraph, LockfileParser, PackageGroup, PackageRef, ParseResult } from "./types.js";
import { toRel, type WalkTarget } from "./walk.js";

/** Describes installed trees in the files list; it never parses text (the tree is read by arborist). */
export const NODE_MODULES_READER: LockfileParser = {
  id: "node-modules",
  ecosystem: "npm",
  title: "installed node_modules (--installed)",
  patterns: ["node_modules/"],
  versions: "npm, yarn classic, pnpm (hoisted) layouts",
  matches: () => false,
  parse: () => ({ packages: [], diagnostics: [] }),
};

interface ArboristNode {
  name: string;
  packageName?: string;
  version?: string;
  location: string;
  path: string;
  isLink: boolean;
  isRoot: boolean;
  dev: boolean;
  optional: boolean;
  devOptional: boolean;
  peer: boolean;
  inBundle: boolean;
  resolved?: string | null;
  integrity?: string | null;
  target?: ArboristNode;
  edgesOut: Map<string, { to?: ArboristNode | null }>;
  package?: { name?: string; version?: string };
}

export interface InstalledNpmResult {
  target: WalkTarget;
  parser: LockfileParser;
  file?: ParseResult;
  diagnostics: Diagnostic[];
}

export async function loadInstalledNodeModules(
  nodeModules: string,
  cwd: string,
): Promise<InstalledNpmResult> {
  const projectDir = dirname(nodeModules);
  const rel = toRel(cwd, nodeModules);
  const target: WalkTarget = { abs: nodeModules, rel, root: projectDir, explicit: false };
  try {
    const { default: Arborist } = await import("@npmcli/arborist");
    const arb = new Arborist({ path: projectDir });
    const tree = (await arb.loadActual()) as unknown as ArboristNode & {
      inventory: Map<string, ArboristNode>;
    };
    const packages: PackageRef[] = [];
    const graph: DependencyGraph = {
      roots: new Map([["", tree.package?.name ?? "(root)"]]),
      edges: new Map(),
    };
    for (const node of tree.inventory.values()) {
      if (node.isRoot) continue;
      const edges: string[] = [];
      for (const edge of node.edgesOut.values()) if (edge.to) edges.push(edge.to.location);
      graph.edges.set(node.location, edges);
      if (node.isLink || !node.location.includes("node_modules")) continue;
      const realName = node.packageName ?? node.package?.name ?? node.name;
      const groups: PackageGroup[] = [];
      if (node.dev || node.devOptional) groups.push("dev");
      if (node.optional || node.devOptional) groups.push("optional");
      if (node.peer) groups.push("peer");
      if (node.inBundle) groups.push("bundled");
      const pkg: PackageRef = {
        ecosystem: "npm",
        name: realName,
        source: "registry",
        nodeId: node.location,
        location: { path: toRel(cwd, join(node.path, "package.json")), line: 1 },
      };
      if (node.name !== realName) pkg.alias = node.name;
      if (node.version) pkg.version = node.version;
      if (groups.length) pkg.groups = groups;
      if (node.resolved) pkg.resolved = node.resolved;
      packages.push(pkg);
    }
    const rootEdges: string[] = [];
    for (const edge of tree.edgesOut.values()) if (edge.to) rootEdges.push(edge.to.location);
    graph.edges.set("", rootEdges);
    const direct = new Set(rootEdges);
    for (const p of packages) p.direct = direct.has(p.nodeId as string);
    return {
      target,
      parser: NODE_MODULES_READER,
      file: { packages, diagnostics: [], graph },
      diagnostics: [],
    };
  } catch (err) {
    return {
      target,
      parser: NODE_MODULES_READER,
      diagnostics: [
        diagnostic("FILE_UNREADABLE", { reason: `installed tree: ${errorReason(err)}` }, { path: rel }),
      ],
    };
  }
}
