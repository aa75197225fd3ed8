// Wording shared by the `db` commands: counts with thousands separators, sizes in KiB/MiB, ages.

/** 12345 → "12,345" (a regex, not toLocaleString: ICU costs ~50 ms to wake up). */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

/** Whole days between an RFC 3339 time and now (floor), or undefined for an unparsable time. */
export function ageDays(ts: string | undefined, now: Date = new Date()): number | undefined {
  if (ts === undefined) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : Math.floor((now.getTime() - t) / 86_400_000);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
