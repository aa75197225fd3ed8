import { describe, expect, it } from "vitest";
import { PathFinder } from "./dependency-paths.js";
import type { DependencyGraph, PackageRef } from "./types.js";

function pkg(id: string, name = id): PackageRef {
  return {
    ecosystem: "npm",
    name,
    version: "1.0.0",
    source: "registry",
    nodeId: id,
    location: { path: "x", line: 1 },
  };
}

function graph(edges: Record<string, string[]>, roots: Record<string, string>): DependencyGraph {
  return { roots: new Map(Object.entries(roots)), edges: new Map(Object.entries(edges)) };
}

describe("PathFinder", () => {
  it("finds up to three shortest chains from the roots, shortest first", () => {
    const g = graph(
      {
        "": ["a", "b", "c", "d"],
        a: ["t"],
        b: ["t"],
        c: ["x"],
        x: ["t"],
        d: ["y"],
        y: ["z"],
        z: ["t"],
        w: ["a"],
      },
      { "": "app", w: "workspace-w" },
    );
    const finder = new PathFinder(
      g,
      ["a", "b", "c", "d", "t", "x", "y", "z"].map((id) => pkg(id)),
    );
    const r = finder.find("t");
    // Three chains of the shortest length (3); the longer ones through c and d are never reached.
    expect(r.paths).toEqual([
      ["app", "a", "t"],
      ["workspace-w", "a", "t"],
      ["app", "b", "t"],
    ]);
    expect(r.direct).toBe(false);
  });

  it("a package a root depends on is direct; labels use the installed (alias) name", () => {
    const g = graph({ "": ["n"] }, { "": "app" });
    const finder = new PathFinder(g, [{ ...pkg("n", "string-width"), alias: "string-width-cjs" }]);
    expect(finder.find("n")).toEqual({ paths: [["app", "string-width-cjs"]], direct: true });
  });

  it("survives cycles and unreachable nodes", () => {
    const g = graph({ "": ["a"], a: ["b"], b: ["a"], lonely: [] }, { "": "app" });
    const finder = new PathFinder(g, [pkg("a"), pkg("b"), pkg("lonely")]);
    expect(finder.find("b").paths).toEqual([["app", "a", "b"]]);
    expect(finder.find("lonely")).toEqual({ paths: [], direct: false });
  });

  it("stays linear on a hostile fan-in of many thousands of edges into one node", () => {
    const edges: Record<string, string[]> = { "": [] };
    const ids: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      edges[""]?.push(`p${i}`);
      edges[`p${i}`] = ["t"];
      ids.push(`p${i}`);
    }
    const finder = new PathFinder(
      graph(edges, { "": "app" }),
      [...ids, "t"].map((id) => pkg(id)),
    );
    expect(finder.find("t").paths).toHaveLength(3);
  });
});
