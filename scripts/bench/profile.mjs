// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time grouped by npm package or
// lockwarden module, then the top functions. Self time answers "where does the CPU go"; grouping
// by module shows at a glance whether start-up (module loading) or a parser dominates.

function groupOf(url) {
  if (!url) return "(native, GC, idle)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm:${pkg[1]}`;
  if (url.startsWith("node:")) return "node internals (module loading, fs)";
  const dist = /\/dist\/(.*)$/.exec(url);
  if (dist) return `dist/${dist[1]}`;
  return url.replace(/^file:\/\//, "");
}

/** A text summary: total sampled time, the top `groups` module groups and the top `fns` functions. */
export function summarizeProfile(profile, groups = 12, fns = 15) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byGroup = new Map();
  const byFn = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id).callFrame;
    total += us;
    const g = groupOf(frame.url);
    byGroup.set(g, (byGroup.get(g) ?? 0) + us);
    const key = `${frame.functionName || "(anonymous)"}  ${g}:${frame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const ms = (us) =>
    `${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / total).toFixed(0).padStart(3)}%`;
  const lines = [`  sampled ${(total / 1000).toFixed(0)} ms`, "  by module (self time):"];
  for (const [k, v] of top(byGroup, groups)) lines.push(`    ${ms(v)}  ${k}`);
  lines.push("  top functions (self time):");
  for (const [k, v] of top(byFn, fns)) lines.push(`    ${ms(v)}  ${k}`);
  return `${lines.join("\n")}\n`;
}
