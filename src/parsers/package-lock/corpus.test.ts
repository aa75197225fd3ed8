import { graphOf } from "../../core/dependency-paths.js";
// The real-world corpus (../shared/corpus): every package-lock / npm-shrinkwrap there must give
// exactly the (real name, version, installed alias) set of its .expected.json, with a correct line
// for every package. The expected lists leave out path and workspace sources and keep v1
// tarball-URL versions verbatim; a version read from such a registry URL is accepted.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { PackageRef } from "../../core/types.js";
import { parseText } from "../test-kit.js";
import { NodeModulesResolver } from "./graph.js";
import { packageLockParser } from "./index.js";
import { isObject, type JsonObject, ROOT_DEP_FIELDS, workspacePatterns } from "./schema.js";
import { workspaceMatcher } from "./workspaces.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const corpus = resolve(repoRoot, "../shared/corpus");
const present = existsSync(corpus);
const FORMATS = ["package-lock-v1", "package-lock-v2", "package-lock-v3", "npm-shrinkwrap"];

interface Expected {
  name: string;
  version: string;
  alias_of?: string;
}

const cases: Array<[string, string]> = present
  ? FORMATS.flatMap((format) =>
      readdirSync(join(corpus, format))
        .filter((f) => f.endsWith(".expected.json"))
        .map((f) => {
          const dir = join(format, f.replace(/\.expected\.json$/, ""));
          const file = ["package-lock.json", "npm-shrinkwrap.json"].find((n) =>
            existsSync(join(corpus, dir, n)),
          );
          return [dir, join(dir, file ?? "missing")] as [string, string];
        }),
    )
  : [];

/** The registry-tarball-URL versions the expected lists keep verbatim (…/-/eslint-7.9.0.tgz → 7.9.0). */
function expectedVersion(v: string): string {
  const m = /^https?:\/\/[^/]+\/.*\/-\/.+?-(\d+\.\d+\.\d+(?:[-+][^/]*)?)\.tgz$/.exec(v);
  return m?.[1] ?? v;
}

function key(name: string, version: string | undefined, alias: string | undefined): string {
  return `${name}@${version ?? "-"}${alias ? ` as ${alias}` : ""}`;
}

async function parseCorpus(rel: string) {
  return parseText(packageLockParser, rel.replaceAll("\\", "/"), readFileSync(join(corpus, rel), "utf8"));
}

describe.skipIf(!present)(`package-lock corpus (${present ? corpus : "corpus not found: skipped"})`, () => {
  it("has the eleven corpus lockfiles", () => {
    expect(cases.length).toBe(11);
  });

  it.each(cases)("%s matches its .expected.json", async (dir, rel) => {
    const result = await parseCorpus(rel);
    expect(result.diagnostics).toEqual([]);
    const counted = result.packages.filter((p) => p.source !== "path" && p.source !== "workspace");
    const got = [...new Set(counted.map((p) => key(p.name, p.version, p.alias)))].sort();
    const expected = JSON.parse(readFileSync(join(corpus, `${dir}.expected.json`), "utf8")) as Expected[];
    const want = [
      ...new Set(
        expected.map((e) => key(e.alias_of ?? e.name, expectedVersion(e.version), e.alias_of && e.name)),
      ),
    ].sort();
    expect(got).toEqual(want);
  });

  it.each(cases)("%s: every package's line holds its key", async (_dir, rel) => {
    const result = await parseCorpus(rel);
    const lines = readFileSync(join(corpus, rel), "utf8").split("\n");
    const v1 = !/"lockfileVersion":\s*[23]/.test(lines.slice(0, 10).join("\n"));
    const wrong: string[] = [];
    for (const p of result.packages) {
      const text = lines[(p.location.line ?? 0) - 1] ?? "";
      const written = v1 ? (p.alias ?? p.name) : (p.nodeId as string);
      if (!text.includes(`${JSON.stringify(written)}: {`)) wrong.push(`${written} @ ${p.location.line}`);
    }
    expect(wrong).toEqual([]);
  });

  it("socket.io-2020 (v1): registry tarball URLs in `version` become registry versions", async () => {
    const result = await parseCorpus("package-lock-v1/socket.io-2020/package-lock.json");
    const fromUrl = result.packages.filter(
      (p) =>
        p.resolved === `https://registry.npmjs.org/${p.name}/-/${p.name}-${p.version}.tgz` &&
        p.name === "eslint",
    );
    expect(fromUrl.map((p) => `${p.name}@${p.version} ${p.source}`)).toContain("eslint@7.9.0 registry");
  });

  it("insomnia-2017 (v1): bundled entries and a git dependency", async () => {
    const result = await parseCorpus("package-lock-v1/insomnia-2017/package-lock.json");
    expect(result.packages.filter((p) => p.groups?.includes("bundled")).length).toBe(119);
    const git = result.packages.filter((p) => p.source === "git");
    expect(git.map((p) => `${p.name}@${p.version}`)).toEqual([
      "node-libcurl@git://github.com/getinsomnia/node-libcurl.git#3fc2afea435f3548eedbef9c68d3fee642dfcddb",
    ]);
  });

  it("npm-cli (v3): workspaces, links, bundled entries and aliases", async () => {
    const result = await parseCorpus("package-lock-v3/npm-cli/package-lock.json");
    const bySource = (s: PackageRef["source"]) => result.packages.filter((p) => p.source === s);
    // 16 workspace folders plus the 16 links to them; nothing else is local.
    expect(bySource("workspace").length).toBe(32);
    expect(bySource("path").length).toBe(0);
    expect(result.packages.filter((p) => p.groups?.includes("bundled")).length).toBe(356);
    const aliases = result.packages
      .filter((p) => p.alias && p.source === "registry")
      .map((p) => `${p.alias}=${p.name}`);
    expect(aliases.sort()).toEqual([
      "string-width-cjs=string-width",
      "strip-ansi-cjs=strip-ansi",
      "wrap-ansi-cjs=wrap-ansi",
    ]);
    // The graph: the project plus 16 workspaces as roots; a workspace's link resolves to its folder.
    const graph = graphOf(result);
    expect(graph?.roots.size).toBe(17);
    expect(graph?.roots.get("workspaces/arborist")).toBe("@npmcli/arborist");
    expect(graph?.edges.get("")).toContain("workspaces/arborist");
    expect(graph?.edges.get("workspaces/libnpmdiff")).toContain("workspaces/arborist");
  });

  it("aws-toolkit-vscode (v3): file: tarballs and non-workspace folders are path sources", async () => {
    const result = await parseCorpus("package-lock-v3/aws-toolkit-vscode/package-lock.json");
    const local = result.packages.filter((p) => p.source === "path").map((p) => p.nodeId);
    expect(local.sort()).toEqual([
      "node_modules/@amzn/amazon-q-developer-streaming-client",
      "node_modules/@amzn/codewhisperer-streaming",
      "node_modules/@amzn/datazone-custom-client",
      "node_modules/@amzn/glue-catalog-client",
      "node_modules/@amzn/sagemaker-client",
      "node_modules/@amzn/sql-workbench-client",
      "src.gen/@amzn/amazon-q-developer-streaming-client",
      "src.gen/@amzn/codewhisperer-streaming",
    ]);
  });

  it("etcher-v1-2021 (shrinkwrap v1): github: shorthands are git sources kept verbatim", async () => {
    const result = await parseCorpus("npm-shrinkwrap/etcher-v1-2021/npm-shrinkwrap.json");
    const git = result.packages.filter((p) => p.source === "git").map((p) => `${p.name}@${p.version}`);
    expect([...new Set(git)].sort()).toEqual([
      "sudo-prompt@github:zvin/sudo-prompt#7cdede2f0da28fbcc2db48402d7d935f3a825c91",
      "unbzip2-stream@github:balena-io-modules/unbzip2-stream#4a54f56a25b58950f9e4277c56db2912d62242e7",
    ]);
  });
});

/**
 * The direct dependencies by NodeModulesResolver over every key: what the parser computed before it
 * looked the roots' dependencies up straight in the section (it builds the resolver only for the graph).
 */
function directByResolver(text: string): string[] {
  const section = (JSON.parse(text) as { packages: JsonObject }).packages;
  const keys = Object.keys(section).filter((k) => isObject(section[k]));
  const resolver = new NodeModulesResolver(keys);
  const isWorkspace = workspaceMatcher(workspacePatterns(section[""] as JsonObject | undefined));
  const out = new Set<string>();
  for (const key of keys) {
    if (key !== "" && (key.includes("node_modules/") || !isWorkspace(key))) continue;
    const entry = section[key] as JsonObject;
    for (const field of ROOT_DEP_FIELDS) {
      const deps = entry[field];
      if (!isObject(deps)) continue;
      for (const name of Object.keys(deps)) {
        const found = resolver.resolve(resolver.idOf(key), name);
        if (found === undefined) continue;
        out.add(found);
        const target = section[found] as JsonObject;
        if (
          target["link"] === true &&
          typeof target["resolved"] === "string" &&
          isObject(section[target["resolved"]])
        )
          out.add(target["resolved"]);
      }
    }
  }
  return [...out].sort();
}

describe.skipIf(!present)("package-lock corpus: direct dependencies", () => {
  it.each(cases.filter(([dir]) => !dir.startsWith("package-lock-v1")))(
    "%s: the roots' lookups agree with Node's lookup over every key",
    async (_dir, rel) => {
      const text = readFileSync(join(corpus, rel), "utf8");
      if (!isObject((JSON.parse(text) as JsonObject)["packages"])) return;
      const result = await parseCorpus(rel);
      const direct = [
        ...new Set(result.packages.filter((p) => p.direct).map((p) => p.nodeId as string)),
      ].sort();
      expect(direct.length).toBeGreaterThan(0);
      expect(direct).toEqual(directByResolver(text));
    },
  );
});
