// Loaded with `node --import` into every measured process (lockwarden and the floors alike, so
// the cost cancels out). On exit it writes the process's own peak RSS and CPU time to the file
// named by LW_BENCH_RUSAGE: a child's peak RSS is not visible to the parent otherwise, and
// /usr/bin/time is not on every machine.

import { writeFileSync } from "node:fs";

const out = process.env.LW_BENCH_RUSAGE;
if (out) {
  process.on("exit", () => {
    const r = process.resourceUsage();
    // maxRSS is in KiB; CPU times are in microseconds.
    writeFileSync(out, JSON.stringify({ maxRssKb: r.maxRSS, cpuUs: r.userCPUTime + r.systemCPUTime }));
  });
}
