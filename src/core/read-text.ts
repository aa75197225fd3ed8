// Turns file bytes into text for the parsers: UTF-8 with or without a BOM, UTF-16 (LE/BE, by BOM),
// and a clear refusal for bytes that are not text (NUL bytes), instead of a confusing parse error.

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export function decodeText(buf: Buffer): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return { ok: true, text: buf.subarray(2).toString("utf16le") };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return { ok: true, text: swapped.toString("utf16le") };
  }
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const nul = buf.indexOf(0, start);
  if (nul !== -1) {
    const line = countLines(buf, nul);
    return { ok: false, reason: `NUL byte at line ${line}: binary or corrupted file` };
  }
  return { ok: true, text: buf.toString("utf8", start) };
}

function countLines(buf: Buffer, end: number): number {
  let n = 1;
  let i = buf.indexOf(0x0a, 0);
  while (i !== -1 && i < end) {
    n++;
    i = buf.indexOf(0x0a, i + 1);
  }
  return n;
}

/** The 1-based line of a NUL error, when decodeText reported one. */
export function nulLine(reason: string): number | undefined {
  const m = /line (\d+)/.exec(reason);
  return m ? Number(m[1]) : undefined;
}
