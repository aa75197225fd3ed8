// Berry's `resolutions` (root package.json) replace descriptors before they are resolved: the
// lockfile keeps the dependency's original range (`lru-cache: "npm:^10.2.0"`) but has no entry with
// that key, only the replacement's (`lru-cache@patch:lru-cache@npm:10.4.3#…`). Read here only to
// connect such dependencies in the graph; which packages are locked never depends on them.

import { parseResolution } from "@yarnpkg/parsers";
import { isMap, type YamlMap } from "./schema.js";

export interface Override {
  /** The range the override applies to; undefined for every range. */
  range?: string;
  /** The replacement range (`18.x`, `patch:…`, `workspace:*`). */
  target: string;
}

/** name → overrides, from the manifest's `resolutions`. Parent selectors (`a/b`) are applied everywhere. */
export function readResolutions(manifest: YamlMap | undefined): Map<string, Override[]> {
  const out = new Map<string, Override[]>();
  const resolutions = manifest?.["resolutions"];
  if (!isMap(resolutions)) return out;
  for (const key of Object.keys(resolutions)) {
    const target = resolutions[key];
    if (typeof target !== "string") continue;
    let selector: ReturnType<typeof parseResolution>;
    try {
      selector = parseResolution(key);
    } catch {
      continue; // yarn rejects it too (e.g. a `**/` glob)
    }
    const { fullName, description } = selector.descriptor;
    const override: Override = description === undefined ? { target } : { range: description, target };
    const list = out.get(fullName);
    if (list) list.push(override);
    else out.set(fullName, [override]);
  }
  return out;
}
