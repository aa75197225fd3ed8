// Where `db update` downloads from, in a module with no imports so `--help` can show it cheaply.

/** osv.dev's per-ecosystem exports: <base>/<Ecosystem>/all.zip. */
export const OSV_EXPORT_BASE = "https://osv-vulnerabilities.storage.googleapis.com";
export const DEFAULT_ECOSYSTEMS = ["npm", "PyPI"];
