// A baseline is a previous lockwarden JSON report or SARIF log: only the fingerprints matter, so
// a finding survives unrelated edits to the lockfile and still counts as known.

import { readFileSync } from "node:fs";

export type BaselineRead = { ok: true; fingerprints: Set<string> } | { ok: false; reason: string };

export function readBaseline(file: string): BaselineRead {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    return {
      ok: false,
      reason: err instanceof Error ? (err.message.split("\n")[0] ?? "unreadable") : "unreadable",
    };
  }
  const fingerprints = new Set<string>();
  if (isObject(doc) && Array.isArray(doc["findings"])) {
    for (const f of doc["findings"])
      if (isObject(f) && typeof f["fingerprint"] === "string") fingerprints.add(f["fingerprint"]);
    return { ok: true, fingerprints };
  }
  if (isObject(doc) && Array.isArray(doc["runs"])) {
    for (const run of doc["runs"]) {
      if (!isObject(run) || !Array.isArray(run["results"])) continue;
      for (const r of run["results"]) {
        const fp =
          isObject(r) && isObject(r["partialFingerprints"])
            ? r["partialFingerprints"]["lockwarden/v1"]
            : undefined;
        if (typeof fp === "string") fingerprints.add(fp);
      }
    }
    return { ok: true, fingerprints };
  }
  return { ok: false, reason: "not a lockwarden JSON report or SARIF log" };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
