// --resolve against a real npm registry server (Verdaccio) on 127.0.0.1, started by the test with a
// storage folder of fixture packages published through the registry's own publish API.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, lineOf, run } from "./harness.js";

let server: Server;
let registry = "";

async function publish(name: string, version: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "lw-pkg-"));
  mkdirSync(join(dir, "package"));
  writeFileSync(join(dir, "package", "package.json"), JSON.stringify({ name, version }));
  execFileSync("tar", ["-czf", join(dir, "p.tgz"), "-C", dir, "package"]);
  const tgz = (await import("node:fs")).readFileSync(join(dir, "p.tgz"));
  const file = `${name.replace(/^@[^/]+\//, "")}-${version}.tgz`;
  const body = {
    _id: name,
    name,
    "dist-tags": { latest: version },
    versions: {
      [version]: {
        name,
        version,
        _id: `${name}@${version}`,
        dist: {
          tarball: `${registry}${name}/-/${file}`,
          shasum: createHash("sha1").update(tgz).digest("hex"),
          integrity: `sha512-${createHash("sha512").update(tgz).digest("base64")}`,
        },
      },
    },
    _attachments: {
      [file]: { content_type: "application/octet-stream", data: tgz.toString("base64"), length: tgz.length },
    },
  };
  const res = await fetch(`${registry}${name.replace("/", "%2f")}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`publish ${name}@${version}: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  const storage = mkdtempSync(join(tmpdir(), "lw-verdaccio-"));
  const { runServer } = (await import("verdaccio")) as unknown as {
    runServer(config: unknown): Promise<{ listen(port: number, host: string, cb: () => void): Server }>;
  };
  const app = await runServer({
    storage,
    self_path: storage,
    uplinks: {},
    packages: { "**": { access: "$all", publish: "$anonymous" } },
    log: { type: "stdout", format: "pretty", level: "fatal" },
    auth: {},
  });
  await new Promise<void>((done) => {
    server = app.listen(0, "127.0.0.1", done);
  });
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // Publishing 2.0.0 then 2.0.1 makes the worm release the one `^2.0.0` resolves to.
  await publish("left-pad", "1.3.0");
  await publish("react-leaflet-heatmap-layer", "2.0.0");
  await publish("react-leaflet-heatmap-layer", "2.0.1");
});

afterAll(() => {
  server?.close();
});

describe("package.json without a lockfile", () => {
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), "lw-nolock-"));
    writeFileSync(
      join(dir, "package.json"),
      `${JSON.stringify({ name: "maps", dependencies: { "left-pad": "^1.3.0", "react-leaflet-heatmap-layer": "^2.0.0" } }, null, 2)}\n`,
    );
    return dir;
  }

  it("offline: says the versions are not locked, lists the ranges, exits 0", async () => {
    const dir = project();
    const r = await run(["scan", ".", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(0);
    const report = json(r);
    expect(report.findings).toEqual([]);
    expect(report.diagnostics.map((d) => `${d.code} ${d.location?.line}`)).toEqual([
      "NO_LOCKFILE 1",
      "DECLARED_RANGE 4",
      "DECLARED_RANGE 5",
    ]);
  });

  it("--resolve: resolves through the registry and reports the CanisterWorm version the range picks", async () => {
    const dir = project();
    const env = { npm_config_registry: registry, npm_config_cache: join(dir, ".npm-cache"), HOME: dir };
    const r = await run(["scan", "package.json", "--resolve", "--format", "json"], { cwd: dir, env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const report = json(r);
    const text = (await import("node:fs")).readFileSync(join(dir, "package.json"), "utf8");
    expect(
      report.findings.map((f) => `${f.id} ${f.package?.name}@${f.package?.version} ${f.location.line}`),
    ).toEqual([
      `MAL-2026-2072 react-leaflet-heatmap-layer@2.0.1 ${lineOf(text, "react-leaflet-heatmap-layer")}`,
    ]);
    expect(report.files).toEqual([
      { path: "package.json", parser: "package-json", packages: 2, variant: "resolved through the registry" },
    ]);
  });

  it("--resolve with an unreachable registry exits 2 and names each unresolved range", async () => {
    const dir = project();
    const env = {
      npm_config_registry: "http://127.0.0.1:9/",
      npm_config_cache: join(dir, ".npm-cache"),
      npm_config_fetch_retries: "0",
      HOME: dir,
    };
    const r = await run(["scan", ".", "--resolve", "--format", "json"], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(
      json(r)
        .diagnostics.filter((d) => d.severity === "error")
        .map((d) => d.location?.line),
    ).toEqual([4, 5]);
  });
});
