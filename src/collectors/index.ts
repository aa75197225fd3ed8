// File-system collectors for the opt-in surfaces (--installed, --caches, --host). They only read
// (lstat, capped streaming reads), never execute, never follow links out of the scanned root.

export { type CacheOptions, defaultCacheDirs, type MaliciousLookup, scanCaches } from "./caches.js";
export { type HostOptions, scanHost } from "./host.js";
export { type CollectorResult, type InstalledOptions, scanInstalledFiles } from "./installed.js";
