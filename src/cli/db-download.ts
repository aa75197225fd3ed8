// Downloads one file politely and resumably, for `db update`:
// - `User-Agent: lockwarden/<version>`;
// - retries network errors, 408, 429 and 5xx with exponential backoff (1 s, 2 s, 4 s, …), honouring
//   `Retry-After` (seconds or an HTTP date, up to MAX_RETRY_AFTER_MS); other statuses fail at once;
// - the body goes to `<dest>.part`, with the validator it came with (ETag, else Last-Modified) in
//   `<dest>.part.json`; after a dropped connection, and in a later run, the download resumes with
//   `Range` + `If-Range`, so a changed file is sent whole rather than spliced;
// - an attempt that received bytes is not held against the retry budget (a flaky link still
//   finishes), but the total number of attempts is bounded;
// - a body shorter than its Content-Length is a failed attempt, never a finished download.

import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export class DownloadError extends Error {
  override name = "DownloadError";
}

export interface DownloadOptions {
  url: string;
  /** Final path; `<dest>.part` and `<dest>.part.json` hold a partial download. */
  dest: string;
  userAgent: string;
  onProgress?: (received: number, total: number | undefined) => void;
  /** A retry is about to happen (for a one-line note). */
  onRetry?: (reason: string, delayMs: number, attempt: number) => void;
  /** Consecutive failed attempts without progress before giving up. */
  maxFailures?: number;
  baseDelayMs?: number;
  /** Abort an attempt after this long without a byte. */
  idleTimeoutMs?: number;
}

export interface DownloadResult {
  bytes: number;
  attempts: number;
  /** True when some attempt continued a partial file with a Range request. */
  resumed: boolean;
}

const MAX_ATTEMPTS = 30;
const MAX_RETRY_AFTER_MS = 120_000;
const MAX_BACKOFF_MS = 30_000;

interface PartMeta {
  url: string;
  etag?: string;
  lastModified?: string;
  total?: number;
}

class Retryable extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

function readMeta(path: string, url: string): PartMeta | undefined {
  try {
    const m = JSON.parse(readFileSync(path, "utf8")) as PartMeta;
    return m.url === url ? m : undefined;
  } catch {
    return undefined;
  }
}

function validatorOf(m: PartMeta | undefined): string | undefined {
  if (!m) return undefined;
  // If-Range needs a strong validator; a weak ETag falls back to the date.
  if (m.etag && !m.etag.startsWith("W/")) return m.etag;
  return m.lastModified;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? cause.message : undefined;
    return detail && detail !== err.message ? `${err.message} (${detail})` : err.message;
  }
  return String(err);
}

/** Downloads `url` to `dest`, resuming `<dest>.part` when it can. Throws DownloadError with one line. */
export async function download(opts: DownloadOptions): Promise<DownloadResult> {
  const part = `${opts.dest}.part`;
  const metaPath = `${opts.dest}.part.json`;
  const maxFailures = opts.maxFailures ?? 5;
  const base = opts.baseDelayMs ?? 1000;
  let failures = 0;
  let attempts = 0;
  let resumed = false;
  for (;;) {
    attempts++;
    let received = 0;
    try {
      await attempt();
      rmSync(metaPath, { force: true });
      renameSync(part, opts.dest);
      return { bytes: statSync(opts.dest).size, attempts, resumed };
    } catch (err) {
      if (!(err instanceof Retryable)) throw err;
      failures = received > 0 ? 0 : failures + 1;
      if (failures >= maxFailures || attempts >= MAX_ATTEMPTS) {
        throw new DownloadError(`${err.message} (after ${attempts} attempt${attempts === 1 ? "" : "s"})`);
      }
      let delay = received > 0 ? Math.min(base, 250) : Math.min(MAX_BACKOFF_MS, base * 2 ** (failures - 1));
      if (err.retryAfterMs !== undefined) {
        if (err.retryAfterMs > MAX_RETRY_AFTER_MS) {
          throw new DownloadError(
            `${err.message}; the server asks to retry after ${Math.ceil(err.retryAfterMs / 1000)} s`,
          );
        }
        delay = err.retryAfterMs;
      }
      opts.onRetry?.(err.message, delay, attempts + 1);
      await sleep(delay);
    }

    async function attempt(): Promise<void> {
      let meta = readMeta(metaPath, opts.url);
      let offset = existsSync(part) ? statSync(part).size : 0;
      if (offset > 0 && !validatorOf(meta)) offset = 0; // nothing proves the server still has the same file
      if (offset > 0 && meta?.total !== undefined) {
        if (offset === meta.total) return; // complete: the last run stopped just before the rename
        if (offset > meta.total) offset = 0;
      }
      const headers: Record<string, string> = { "User-Agent": opts.userAgent, "Accept-Encoding": "identity" };
      if (offset > 0) {
        headers["Range"] = `bytes=${offset}-`;
        headers["If-Range"] = validatorOf(meta) as string;
      }
      const controller = new AbortController();
      const idle = opts.idleTimeoutMs ?? 60_000;
      let timer = setTimeout(() => controller.abort(), idle);
      const touch = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(), idle);
      };
      let res: Response;
      try {
        res = await fetch(opts.url, { headers, signal: controller.signal, redirect: "follow" });
      } catch (err) {
        clearTimeout(timer);
        throw new Retryable(controller.signal.aborted ? "no response (timed out)" : describe(err));
      }
      try {
        const status = res.status;
        if (status === 416 && offset > 0) {
          // Our partial file is as long as (or longer than) the file: finished earlier, or changed.
          await res.body?.cancel();
          const total = /\/(\d+)$/.exec(res.headers.get("content-range") ?? "")?.[1];
          if (total !== undefined && Number(total) === offset) return;
          rmSync(part, { force: true });
          throw new Retryable("the partial download does not fit the file on the server; starting again");
        }
        if (status === 408 || status === 429 || status >= 500) {
          await res.body?.cancel();
          throw new Retryable(
            `HTTP ${status} ${res.statusText}`.trim(),
            retryAfterMs(res.headers.get("retry-after")),
          );
        }
        if (status !== 200 && status !== 206) {
          await res.body?.cancel();
          throw new DownloadError(`HTTP ${status} ${res.statusText}`.trim());
        }
        let start = 0;
        let total: number | undefined;
        if (status === 206) {
          const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
          if (!m || Number(m[1]) !== offset) {
            await res.body?.cancel();
            rmSync(part, { force: true });
            throw new Retryable("the server answered the resume with another range; starting again");
          }
          start = offset;
          resumed = true;
          total = m[3] === "*" ? meta?.total : Number(m[3]);
        } else {
          // A full body: a fresh download, or the file changed since the partial one (If-Range).
          const length = res.headers.get("content-length");
          total = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
          meta = { url: opts.url };
          const etag = res.headers.get("etag");
          const lastModified = res.headers.get("last-modified");
          if (etag) meta.etag = etag;
          if (lastModified) meta.lastModified = lastModified;
          if (total !== undefined) meta.total = total;
          writeFileSync(metaPath, JSON.stringify(meta));
        }
        const fd = openSync(part, start === 0 ? "w" : "a");
        try {
          if (!res.body) throw new Retryable("empty response");
          opts.onProgress?.(start, total);
          for await (const chunk of res.body) {
            touch();
            const buf = chunk as Uint8Array;
            for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
            received += buf.length;
            opts.onProgress?.(start + received, total);
          }
        } catch (err) {
          if (err instanceof Retryable) throw err;
          throw new Retryable(
            controller.signal.aborted
              ? `no data for ${Math.round(idle / 1000)} s`
              : `connection lost after ${start + received} bytes: ${describe(err)}`,
          );
        } finally {
          closeSync(fd);
        }
        if (total !== undefined && start + received !== total) {
          throw new Retryable(`connection lost after ${start + received} of ${total} bytes`);
        }
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
