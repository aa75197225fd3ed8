// Positioned reads through one reusable window. Archives and packs are read front to back in
// ranges that mostly sit next to each other, so one 8 MiB read serves thousands of records instead
// of one system call each.

import { readSync } from "node:fs";

export const WINDOW_BYTES = 8 * 1024 * 1024;

/** The file ends before a requested range. */
export class ShortReadError extends Error {
  override name = "ShortReadError";
}

/**
 * Returns `read(pos, len)`. A returned buffer is only valid until the next call (copy what you
 * keep); ranges larger than the window get a buffer of their own.
 */
export function windowReader(fd: number, fileSize: number): (pos: number, len: number) => Buffer {
  const backing = Buffer.allocUnsafe(Math.min(WINDOW_BYTES, Math.max(fileSize, 1)));
  let buf = backing.subarray(0, 0);
  let start = 0;
  return (pos, len) => {
    if (pos < 0 || len < 0 || pos + len > fileSize) {
      throw new ShortReadError(`bytes ${pos}–${pos + len} lie past the end of the file (${fileSize} bytes)`);
    }
    if (pos >= start && pos + len <= start + buf.length) return buf.subarray(pos - start, pos - start + len);
    const size = Math.min(Math.max(len, backing.length), fileSize - pos);
    const target = size <= backing.length ? backing : Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, target, got, size - got, pos + got);
      if (n === 0) throw new ShortReadError(`unexpected end of file at byte ${pos + got}`);
      got += n;
    }
    buf = target.subarray(0, size);
    start = pos;
    return buf.subarray(0, len);
  };
}
