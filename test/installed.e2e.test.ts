// Installed trees, caches and host checks through the real CLI: a virtualenv holding
// litellm-1.82.8.dist-info and a (harmless placeholder) litellm_init.pth, a node_modules tree with
// a CanisterWorm release, a pip cache with a wheel named like the malicious one, and a fake home
// with the campaign's persistence file. Nothing here is real malware: names and versions only.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { json, run } from "./harness.js";

function write(root: string, rel: string, text: string): void {
  mkdirSync(join(root, rel, ".."), { recursive: true });
  writeFileSync(join(root, rel), text);
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "lw-installed-"));
  write(dir, ".venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.12.1\n");
  const site = ".venv/lib/python3.12/site-packages";
  write(
    dir,
    `${site}/litellm-1.82.8.dist-info/METADATA`,
    "Metadata-Version: 2.1\nName: litellm\nVersion: 1.82.8\nSummary: placeholder\n",
  );
  write(
    dir,
    `${site}/requests-2.32.3.dist-info/METADATA`,
    "Metadata-Version: 2.1\nName: requests\nVersion: 2.32.3\n",
  );
  write(
    dir,
    `${site}/litellm_init.pth`,
    "# harmless placeholder standing in for the malicious startup hook\n",
  );
  write(
    dir,
    "package.json",
    JSON.stringify({ name: "web", dependencies: { "react-leaflet-marker-layer": "0.1.5" } }),
  );
  write(
    dir,
    "node_modules/react-leaflet-marker-layer/package.json",
    JSON.stringify({ name: "react-leaflet-marker-layer", version: "0.1.5" }),
  );
  write(dir, "node_modules/left-pad/package.json", JSON.stringify({ name: "left-pad", version: "1.3.0" }));
  return dir;
}

describe("--installed", () => {
  it("without it, environments and node_modules are skipped with one note each and nothing is reported", async () => {
    const dir = project();
    const r = await run(["scan", ".", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(0);
    const report = json(r);
    expect(report.findings).toEqual([]);
    expect(
      report.diagnostics.filter((d) => d.code === "INSTALLED_TREE_SKIPPED").map((d) => d.message),
    ).toEqual([
      "installed environment .venv not scanned; use --installed",
      "installed environment node_modules not scanned; use --installed",
    ]);
  });

  it("with it, the dist-info, the .pth hook and the worm package in node_modules are reported", async () => {
    const dir = project();
    const r = await run(["scan", ".", "--installed", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const report = json(r);
    const rows = report.findings.map((f) => `${f.id} ${f.kind} ${f.location.path}:${f.location.line ?? "-"}`);
    expect(rows).toContain(
      "MAL-2026-2144 malicious .venv/lib/python3.12/site-packages/litellm-1.82.8.dist-info/METADATA:2",
    );
    expect(rows).toContain("MAL-2026-2215 malicious node_modules/react-leaflet-marker-layer/package.json:1");
    expect(
      report.findings.some(
        (f) => f.kind === "indicator" && f.location.path.endsWith("site-packages/litellm_init.pth"),
      ),
    ).toBe(true);
    expect(report.findings.find((f) => f.package?.name === "react-leaflet-marker-layer")).toMatchObject({
      direct: true,
      paths: [["web", "react-leaflet-marker-layer"]],
    });
    expect(report.diagnostics.filter((d) => d.code === "INSTALLED_TREE_SKIPPED")).toEqual([]);
  });
});

describe("--host and --caches", () => {
  it("a fake home with the sysmon persistence file is reported through --home", async () => {
    const home = mkdtempSync(join(tmpdir(), "lw-home-"));
    write(home, ".config/sysmon/sysmon.py", "# placeholder\n");
    const empty = mkdtempSync(join(tmpdir(), "lw-empty-"));
    const r = await run(["scan", ".", "--host", "--home", home, "--format", "json"], { cwd: empty });
    expect(r.code).toBe(1);
    const hit = json(r).findings.find((f) => f.location.path.endsWith(".config/sysmon/sysmon.py"));
    expect(hit).toMatchObject({ kind: "indicator", location: { path: "~/.config/sysmon/sysmon.py" } });
    const clean = mkdtempSync(join(tmpdir(), "lw-home-clean-"));
    const r2 = await run(["scan", ".", "--host", "--home", clean, "--format", "json"], { cwd: empty });
    expect(json(r2).findings.filter((f) => f.location.path.startsWith("~"))).toEqual([]);
  });

  it("a pip cache holding a wheel named like the malicious release is reported", async () => {
    const cache = mkdtempSync(join(tmpdir(), "lw-pipcache-"));
    write(cache, "wheels/ab/cd/litellm-1.82.8-py3-none-any.whl", "");
    write(cache, "wheels/ab/ce/litellm-1.82.6-py3-none-any.whl", "");
    const empty = mkdtempSync(join(tmpdir(), "lw-empty-"));
    const npmCache = mkdtempSync(join(tmpdir(), "lw-npmcache-"));
    const uvCache = mkdtempSync(join(tmpdir(), "lw-uvcache-"));
    const r = await run(
      [
        "scan",
        ".",
        "--caches",
        "--pip-cache",
        cache,
        "--npm-cache",
        npmCache,
        "--uv-cache",
        uvCache,
        "--format",
        "json",
      ],
      { cwd: empty },
    );
    expect(r.code).toBe(1);
    const hits = json(r).findings.filter((f) => f.location.path.includes("litellm-"));
    expect(hits.map((f) => `${f.id} ${f.location.path.split("/").pop()}`)).toEqual([
      "MAL-2026-2144 litellm-1.82.8-py3-none-any.whl",
    ]);
  });
});
