// `lockwarden db update` against a real HTTP server on 127.0.0.1 (node:http, started here) that
// serves osv.dev-style `<Ecosystem>/all.zip` exports built with fflate: plain success, a 503 with
// Retry-After before success, a connection dropped mid-body that resumes with a Range request, a
// server that ignores Range, and failures. No mocked fetch.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolVersion } from "../src/cli/version.js";
import { run } from "./harness.js";

const temp = mkdtempSync(join(tmpdir(), "lockwarden-db-update-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function osv(id: string, ecosystem: string, name: string): Record<string, unknown> {
  return {
    id,
    modified: "2026-02-01T00:00:00Z",
    summary: `Test advisory ${id}`,
    details: "x".repeat(4000), // large enough that a dropped connection leaves a real partial file
    affected: [
      {
        package: { ecosystem, name },
        ranges: [
          {
            type: ecosystem === "npm" ? "SEMVER" : "ECOSYSTEM",
            events: [{ introduced: "0" }, { fixed: "2.0.0" }],
          },
        ],
      },
    ],
  };
}

function exportZip(ecosystem: string, count: number): Buffer {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < count; i++) {
    const id = `${ecosystem === "npm" ? "GHSA" : "PYSEC"}-test-${i}`;
    files[`${id}.json`] = strToU8(JSON.stringify(osv(id, ecosystem, `pkg-${i}`), null, 2));
  }
  // Stored, not deflated: the body stays big enough to cut in half.
  return Buffer.from(zipSync(files, { level: 0 }));
}

const ZIPS: Record<string, Buffer> = { npm: exportZip("npm", 20), PyPI: exportZip("PyPI", 30) };

interface Seen {
  url: string;
  range?: string;
  ifRange?: string;
  userAgent?: string;
  at: number;
}

/** Per-test behaviour: given the request number for a path, answer it (or return false for the default). */
type Script = (req: IncomingMessage, res: ServerResponse, nth: number) => boolean;

let server: Server;
let base = "";
let script: Script = () => false;
let seen: Seen[] = [];
const counts = new Map<string, number>();

/** Each test sets its own script; requests are counted per test. */
function resetAll(): void {
  counts.clear();
  seen = [];
  script = () => false;
}

function serveZip(req: IncomingMessage, res: ServerResponse, body: Buffer, honourRange = true): void {
  const etag = `"${body.length}-v1"`;
  const range = req.headers["range"];
  const m = typeof range === "string" ? /^bytes=(\d+)-$/.exec(range) : null;
  if (honourRange && m && (req.headers["if-range"] === undefined || req.headers["if-range"] === etag)) {
    const start = Number(m[1]);
    if (start >= body.length) {
      res.writeHead(416, { "Content-Range": `bytes */${body.length}` });
      res.end();
      return;
    }
    res.writeHead(206, {
      "Content-Range": `bytes ${start}-${body.length - 1}/${body.length}`,
      "Content-Length": body.length - start,
      ETag: etag,
      "Accept-Ranges": "bytes",
    });
    res.end(body.subarray(start));
    return;
  }
  res.writeHead(200, {
    "Content-Length": body.length,
    ETag: etag,
    "Accept-Ranges": "bytes",
    "Content-Type": "application/zip",
  });
  res.end(body);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? "";
    const nth = (counts.get(url) ?? 0) + 1;
    counts.set(url, nth);
    const s: Seen = { url, at: Date.now() };
    if (typeof req.headers["range"] === "string") s.range = req.headers["range"];
    if (typeof req.headers["if-range"] === "string") s.ifRange = req.headers["if-range"];
    if (typeof req.headers["user-agent"] === "string") s.userAgent = req.headers["user-agent"];
    seen.push(s);
    if (script(req, res, nth)) return;
    const eco = /^\/([^/]+)\/all\.zip$/.exec(url)?.[1];
    const body = eco ? ZIPS[decodeURIComponent(eco)] : undefined;
    if (!body) {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    serveZip(req, res, body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
});

function dbDir(name: string): string {
  return join(temp, name);
}

async function stats(db: string): Promise<{ ecosystems: Record<string, number>; records: number }> {
  const r = await run(["db", "stats", "--db", db, "--json"]);
  return JSON.parse(r.stdout) as { ecosystems: Record<string, number>; records: number };
}

describe("db update", () => {
  it("downloads npm and PyPI exports (the default) with a lockwarden User-Agent, and imports them", async () => {
    resetAll();
    const db = dbDir("plain");
    const r = await run(["db", "update", "--source-url", base, "--db-dir", db]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(seen.map((s) => s.url)).toEqual(["/npm/all.zip", "/PyPI/all.zip"]);
    expect(new Set(seen.map((s) => s.userAgent))).toEqual(new Set([`lockwarden/${toolVersion()}`]));
    expect(r.stdout).toContain(`imported ${base}/npm/all.zip (zip): 20 records read: 20 added`);
    expect(r.stdout).toContain(`imported ${base}/PyPI/all.zip (zip): 30 records read: 30 added`);
    expect((await stats(db)).ecosystems).toEqual({ PyPI: 30, npm: 20 });
    // The downloads do not stay behind.
    expect(readdirSync(join(db, "tmp"))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(db, "manifest.json"), "utf8")) as {
      sources: Array<{ source: string }>;
    };
    expect(manifest.sources.map((s) => s.source)).toEqual([`${base}/npm/all.zip`, `${base}/PyPI/all.zip`]);
  });

  it("retries a 503, waiting as long as Retry-After says, then succeeds", async () => {
    resetAll();
    script = (req, res, nth) => {
      if (req.url === "/PyPI/all.zip" && nth === 1) {
        res.writeHead(503, { "Retry-After": "1" });
        res.end("busy");
        return true;
      }
      return false;
    };
    const db = dbDir("retry");
    const r = await run(["db", "update", "--ecosystem", "PyPI", "--source-url", base, "--db-dir", db]);
    expect(r.code).toBe(0);
    expect(seen.map((s) => s.url)).toEqual(["/PyPI/all.zip", "/PyPI/all.zip"]);
    const [first, second] = seen as [Seen, Seen];
    expect(second.at - first.at).toBeGreaterThanOrEqual(900);
    expect(r.stderr).toBe(
      `lockwarden: ${base}/PyPI/all.zip: HTTP 503 Service Unavailable; retrying in 1.0 s (attempt 2)\n`,
    );
    expect((await stats(db)).ecosystems).toEqual({ PyPI: 30 });
  });

  it("resumes a download whose connection dropped mid-body with a Range request", async () => {
    resetAll();
    const body = ZIPS["PyPI"] as Buffer;
    const half = Math.floor(body.length / 2);
    script = (req, res, nth) => {
      if (req.url === "/PyPI/all.zip" && nth === 1) {
        res.writeHead(200, {
          "Content-Length": body.length,
          ETag: `"${body.length}-v1"`,
          "Accept-Ranges": "bytes",
        });
        res.write(body.subarray(0, half), () => setTimeout(() => res.socket?.destroy(), 20));
        return true;
      }
      return false;
    };
    const db = dbDir("resume");
    const r = await run([
      "db",
      "update",
      "--ecosystem",
      "PyPI",
      "--source-url",
      base,
      "--db-dir",
      db,
      "--verbose",
    ]);
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(2);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(seen[1]?.range ?? "")?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(half);
    expect(seen[1]?.ifRange).toBe(`"${body.length}-v1"`);
    expect(r.stderr).toMatch(/connection lost after \d+ bytes/);
    expect(r.stderr).toContain("resumed");
    expect((await stats(db)).ecosystems).toEqual({ PyPI: 30 });
    expect((await run(["db", "verify", "--db-dir", db])).code).toBe(0);
  });

  it("starts again from zero when the server ignores the Range request", async () => {
    resetAll();
    const body = ZIPS["npm"] as Buffer;
    script = (req, res, nth) => {
      if (req.url !== "/npm/all.zip") return false;
      if (nth === 1) {
        res.writeHead(200, { "Content-Length": body.length, ETag: '"x"' });
        res.write(body.subarray(0, 1000), () => setTimeout(() => res.socket?.destroy(), 20));
        return true;
      }
      serveZip(req, res, body, false);
      return true;
    };
    const db = dbDir("norange");
    const r = await run(["db", "update", "--ecosystem", "npm", "--source-url", base, "--db-dir", db]);
    expect(r.code).toBe(0);
    expect(seen[1]?.range).toBe("bytes=1000-");
    expect((await stats(db)).ecosystems).toEqual({ npm: 20 });
  });

  it("a download failure exits 2 with one line; what did arrive is still imported", async () => {
    resetAll();
    const db = dbDir("fail");
    const r = await run([
      "db",
      "update",
      "--ecosystem",
      "npm",
      "--ecosystem",
      "Nope",
      "--source-url",
      base,
      "--db-dir",
      db,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`lockwarden: cannot download ${base}/Nope/all.zip: HTTP 404 Not Found\n`);
    expect((await stats(db)).ecosystems).toEqual({ npm: 20 });
  });

  it("gives up after five 5xx answers in a row", async () => {
    resetAll();
    script = (req, res) => {
      if (req.url !== "/PyPI/all.zip") return false;
      res.writeHead(500, { "Retry-After": "0" });
      res.end();
      return true;
    };
    const db = dbDir("giveup");
    const r = await run(["db", "update", "--ecosystem", "PyPI", "--source-url", base, "--db-dir", db]);
    expect(r.code).toBe(2);
    expect(seen).toHaveLength(5);
    expect(r.stderr.trim().split("\n").at(-1)).toBe(
      `lockwarden: cannot download ${base}/PyPI/all.zip: HTTP 500 Internal Server Error (after 5 attempts)`,
    );
    expect(existsSync(join(db, "manifest.json"))).toBe(false);
  });

  it("resumes a partial download a previous run left in the database's tmp/", async () => {
    resetAll();
    const body = ZIPS["PyPI"] as Buffer;
    const db = dbDir("later");
    mkdirSync(join(db, "tmp"), { recursive: true });
    writeFileSync(join(db, "tmp", "PyPI-all.zip.part"), body.subarray(0, 5000));
    writeFileSync(
      join(db, "tmp", "PyPI-all.zip.part.json"),
      JSON.stringify({ url: `${base}/PyPI/all.zip`, etag: `"${body.length}-v1"`, total: body.length }),
    );
    const r = await run(["db", "update", "--ecosystem", "PyPI", "--source-url", base, "--db-dir", db]);
    expect(r.code).toBe(0);
    expect(seen.map((s) => [s.url, s.range, s.ifRange])).toEqual([
      ["/PyPI/all.zip", "bytes=5000-", `"${body.length}-v1"`],
    ]);
    expect((await stats(db)).ecosystems).toEqual({ PyPI: 30 });
  });

  it("refuses a --source-url that is not http(s)", async () => {
    const r = await run(["db", "update", "--source-url", "file:///etc", "--db-dir", dbDir("bad-url")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lockwarden: --source-url must be an http(s) URL, not "file:///etc"\n');
  });
});
