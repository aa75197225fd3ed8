// Careful file-system reads for the collectors. Everything scanned is hostile: files are opened
// with O_NOFOLLOW|O_NONBLOCK after an lstat says "regular file" (no symlink swap, no FIFO that
// blocks forever), hashed in chunks up to a size cap, and never executed or printed. Symbolic
// links are followed only when their real path stays inside the root being scanned.

import { createHash } from "node:crypto";
import { constants, type Dirent, type Stats } from "node:fs";
import { lstat, open, readdir, realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { type Diagnostic, diagnostic } from "../core/diagnostics.js";
import { safeText } from "../indicators/finding.js";

/** Per-file cap for installed trees and host files. */
export const INSTALLED_FILE_LIMIT = 8 * 1024 * 1024;
/** Per-file cap for caches, which hold whole wheels and tarballs (hashing streams, memory stays flat). */
export const CACHE_FILE_LIMIT = 64 * 1024 * 1024;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const CHUNK = 1024 * 1024;

function toPosix(p: string): string {
  return sep === "\\" ? p.replaceAll("\\", "/") : p;
}

/** True when `abs` is `root` or lies below it (both absolute). */
export function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * How a collected file is shown: relative to cwd (POSIX) when inside it, else absolute with `~`
 * for the home folder. Control characters in names are escaped so a hostile file name cannot
 * drive the terminal.
 */
export function displayPath(abs: string, cwd: string, home?: string): string {
  const a = resolve(abs);
  let shown: string;
  if (isInside(resolve(cwd), a)) shown = toPosix(relative(resolve(cwd), a)) || ".";
  else if (home && isInside(resolve(home), a)) {
    const rel = toPosix(relative(resolve(home), a));
    shown = rel ? `~/${rel}` : "~";
  } else shown = toPosix(a);
  return safeText(shown, 4096);
}

export async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await lstat(p);
  } catch {
    return undefined;
  }
}

/** Directory entries sorted by name; undefined when the directory cannot be read. */
export async function listDir(dir: string): Promise<Dirent[] | undefined> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return undefined;
  }
}

export type Resolved = { ok: true; path: string; stats: Stats } | { ok: false; diagnostic?: Diagnostic };

/**
 * lstat `p`; a symbolic link is followed only when its real path stays inside `root` (else a
 * SYMLINK_OUTSIDE_ROOT or SYMLINK_LOOP warning located at `shown`). Missing → ok: false, no diagnostic.
 */
export async function resolveInside(root: string, p: string, shown: string): Promise<Resolved> {
  const st = await lstatOrUndefined(p);
  if (!st) return { ok: false };
  if (!st.isSymbolicLink()) return { ok: true, path: p, stats: st };
  let real: string;
  try {
    real = await realpath(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return { ok: false, diagnostic: diagnostic("SYMLINK_LOOP", {}, { path: shown }) };
    return { ok: false }; // dangling link: nothing to read
  }
  let realRoot = root;
  try {
    realRoot = await realpath(root);
  } catch {
    // keep the given root
  }
  if (!isInside(realRoot, real)) {
    return {
      ok: false,
      diagnostic: diagnostic(
        "SYMLINK_OUTSIDE_ROOT",
        { target: safeText(toPosix(real), 300) },
        { path: shown },
      ),
    };
  }
  const target = await lstatOrUndefined(real);
  return target ? { ok: true, path: real, stats: target } : { ok: false };
}

export type HashResult =
  | { ok: true; sha256: string; size: number }
  | { ok: false; reason: "too-large"; size: number }
  | { ok: false; reason: "not-a-file" }
  | { ok: false; reason: "unreadable"; error: string };

async function withFile<T>(
  p: string,
  limit: number,
  each: (chunk: Buffer) => void,
  done: (size: number) => T,
): Promise<T | Exclude<HashResult, { ok: true }>> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    const pre = await lstat(p);
    if (!pre.isFile()) return { ok: false, reason: "not-a-file" };
    if (pre.size > limit) return { ok: false, reason: "too-large", size: pre.size };
    handle = await open(p, OPEN_FLAGS);
    const st = await handle.stat();
    if (!st.isFile()) return { ok: false, reason: "not-a-file" };
    if (st.size > limit) return { ok: false, reason: "too-large", size: st.size };
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(st.size, 1)));
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      // The file may grow after the stat: the cap holds on what is actually read.
      if (total > limit) return { ok: false, reason: "too-large", size: total };
      each(buf.subarray(0, bytesRead));
    }
    return done(total);
  } catch (err) {
    return { ok: false, reason: "unreadable", error: (err as Error).message.split("\n")[0] ?? "error" };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** sha256 of a regular file (symlinks refused), streaming, up to `limit` bytes. */
export async function hashFile(p: string, limit: number): Promise<HashResult> {
  const h = createHash("sha256");
  return withFile<HashResult>(
    p,
    limit,
    (c) => h.update(c),
    (size) => ({ ok: true, sha256: h.digest("hex"), size }),
  );
}

export type TextResult = { ok: true; text: string; sha256: string } | Exclude<HashResult, { ok: true }>;

/** A regular file's text (UTF-8, invalid bytes replaced) and sha256, up to `limit` bytes. */
export async function readTextAndHash(p: string, limit: number): Promise<TextResult> {
  const h = createHash("sha256");
  const chunks: Buffer[] = [];
  return withFile<TextResult>(
    p,
    limit,
    (c) => {
      h.update(c);
      chunks.push(Buffer.from(c));
    },
    () => ({ ok: true, text: Buffer.concat(chunks).toString("utf8"), sha256: h.digest("hex") }),
  );
}

/** The diagnostic for a failed read, or undefined when the failure is not worth one. */
export function readDiagnostic(
  r: Exclude<HashResult, { ok: true }>,
  shown: string,
  limit: number,
): Diagnostic | undefined {
  if (r.reason === "too-large") return diagnostic("FILE_TOO_LARGE", { size: r.size, limit }, { path: shown });
  if (r.reason === "unreadable")
    return diagnostic("FILE_UNREADABLE", { reason: safeText(r.error, 200) }, { path: shown });
  return undefined;
}
