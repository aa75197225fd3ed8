// Where the advisory databases live: the bundled one inside the package, and the user one in the
// per-user cache folder of each OS (LOCKWARDEN_DB_DIR overrides it).

import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { bundledDbDir } from "./version.js";

export function userDbDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const override = env["LOCKWARDEN_DB_DIR"];
  if (override) return override;
  const home = env["HOME"] ?? homedir();
  if (platform === "win32")
    return join(env["LOCALAPPDATA"] ?? join(home, "AppData", "Local"), "lockwarden", "db");
  if (platform === "darwin") return join(home, "Library", "Caches", "lockwarden", "db");
  return join(env["XDG_CACHE_HOME"] || join(home, ".cache"), "lockwarden", "db");
}

/** The bundled database plus the user database when one has been imported. */
export function defaultDbDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const user = userDbDir(env, platform);
  return existsSync(join(user, "manifest.json")) ? [bundledDbDir(), user] : [bundledDbDir()];
}

/** Age of the user database from its manifest (the bundled database is exempt), when over the limit. */
export function staleness(
  dirs: readonly string[],
  maxDays: number,
  now: Date = new Date(),
): { age: number; max: number; newest: string } | undefined {
  for (const dir of dirs) {
    if (dir === bundledDbDir()) continue;
    const file = join(dir, "manifest.json");
    if (!existsSync(file)) continue;
    try {
      const m = JSON.parse(readFileSync(file, "utf8")) as { builtAt?: string; newestModified?: string };
      const ref = m.builtAt ?? m.newestModified;
      if (!ref) continue;
      const age = Math.floor((now.getTime() - Date.parse(ref)) / 86_400_000);
      if (age > maxDays) return { age, max: maxDays, newest: m.newestModified ?? ref };
    } catch {
      // An unreadable manifest is reported by `db verify`; staleness cannot be judged from it.
    }
  }
  return undefined;
}
