// Finds the files to scan. The walk never follows a symlink out of the scan root, never loops,
// skips .git, and treats node_modules and Python environments as installed trees: skipped with an
// info diagnostic unless --installed, in which case their locations are handed back for the
// installed-tree readers. Every decision that leaves something unscanned becomes a diagnostic.
// File-system calls are synchronous on purpose: a walk is thousands of tiny readdir/realpath
// calls, and a thread-pool round trip for each one cost a 50,000-file monorepo several times the
// calls themselves (and nothing else runs while the walk does).

import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { type Diagnostic, diagnostic } from "./diagnostics.js";
import type { RegisteredParser } from "./types.js";

export interface WalkOptions {
  cwd: string;
  installed: boolean;
  /** Parser lookup by repo-relative path (the registry). */
  parserFor(path: string): RegisteredParser | undefined;
  /** Extra file kinds the walk collects (e.g. GitHub workflows), by repo-relative path. */
  extraKinds?: Array<{ kind: string; matches(path: string): boolean }>;
  /** Path globs (already compiled) to leave out. */
  exclude?: (relPath: string) => boolean;
}

export interface WalkTarget {
  abs: string;
  /** Relative to cwd, POSIX. */
  rel: string;
  /** The root this target was found under (for readRelated containment). */
  root: string;
  parser?: RegisteredParser;
  kind?: string;
  /** True when the user named this file on the command line. */
  explicit: boolean;
}

export interface InstalledTrees {
  nodeModules: string[];
  sitePackages: string[];
}

export interface WalkResult {
  targets: WalkTarget[];
  diagnostics: Diagnostic[];
  installed: InstalledTrees;
}

const SKIP_DIRS = new Set([".git", ".hg", ".svn"]);

/** POSIX path relative to cwd, for reports. */
export function toRel(cwd: string, abs: string): string {
  const r = relative(cwd, abs);
  return (r === "" ? "." : r).split(sep).join("/");
}

/** True when `p` is `root` or lies below it (both absolute, resolved). */
export function isInside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === "" || (!r.startsWith("..") && !r.startsWith(sep) && r !== ".." && !/^[A-Za-z]:/.test(r));
}

/** The scan root for a given path: the cwd when the path lies inside it, else the path itself (its folder for a file). */
export function rootFor(cwd: string, abs: string, isDir: boolean): string {
  if (isInside(cwd, abs)) return cwd;
  return isDir ? abs : resolve(abs, "..");
}

function isPythonEnv(dir: string, entries: Dirent[]): boolean {
  if (entries.some((e) => e.isFile() && e.name === "pyvenv.cfg")) return true;
  const lib = entries.find((e) => e.isDirectory() && (e.name === "lib" || e.name === "Lib"));
  if (!lib) return false;
  try {
    return readdirSync(join(dir, lib.name), { withFileTypes: true }).some(
      (e) => e.isDirectory() && (e.name === "site-packages" || /^python3/.test(e.name)),
    );
  } catch {
    return false;
  }
}

// site-packages folders inside a Python environment: lib/python3.X/site-packages, Lib/site-packages.
function sitePackagesOf(env: string): string[] {
  const out: string[] = [];
  for (const lib of ["lib", "Lib", "lib64"]) {
    const libDir = join(env, lib);
    let entries: Dirent[];
    try {
      entries = readdirSync(libDir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (e.name === "site-packages") out.push(join(libDir, e.name));
      else if (/^python3/.test(e.name)) out.push(join(libDir, e.name, "site-packages"));
    }
  }
  return out;
}

export async function walk(paths: string[], options: WalkOptions): Promise<WalkResult> {
  const { cwd } = options;
  const targets: WalkTarget[] = [];
  const diagnostics: Diagnostic[] = [];
  const installed: InstalledTrees = { nodeModules: [], sitePackages: [] };
  const seenReal = new Set<string>();

  function classify(rel: string): Pick<WalkTarget, "parser" | "kind"> | undefined {
    const parser = options.parserFor(rel);
    if (parser) return { parser };
    const extra = options.extraKinds?.find((k) => k.matches(rel));
    return extra ? { kind: extra.kind } : undefined;
  }

  function addFile(abs: string, root: string, explicit: boolean): void {
    const rel = toRel(cwd, abs);
    if (!explicit && options.exclude?.(rel)) return;
    const c = classify(rel);
    if (!c && !explicit) return;
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ELOOP") diagnostics.push(diagnostic("SYMLINK_LOOP", {}, { path: rel }, "error"));
      else if (code === "ENOENT") diagnostics.push(diagnostic("FILE_NOT_FOUND", {}, { path: rel }));
      else diagnostics.push(diagnostic("FILE_UNREADABLE", { reason: String(code ?? err) }, { path: rel }));
      return;
    }
    if (!isInside(root, real)) {
      // A lockfile we cannot read from inside the root is unscanned: the scan cannot vouch for it.
      diagnostics.push(diagnostic("SYMLINK_OUTSIDE_ROOT", { target: real }, { path: rel }, "error"));
      return;
    }
    if (seenReal.has(real)) return;
    seenReal.add(real);
    const t: WalkTarget = { abs, rel, root, explicit };
    if (c?.parser) t.parser = c.parser;
    if (c?.kind) t.kind = c.kind;
    targets.push(t);
  }

  function walkDir(dir: string, root: string): void {
    // Iterative, so a very deep tree cannot overflow the stack.
    const stack = [dir];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      let entries: Dirent[];
      try {
        entries = readdirSync(current, { withFileTypes: true });
      } catch (err) {
        diagnostics.push(
          diagnostic(
            "FILE_UNREADABLE",
            { reason: String((err as NodeJS.ErrnoException).code ?? err) },
            { path: toRel(cwd, current) },
          ),
        );
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (current !== dir && isPythonEnv(current, entries)) {
        const rel = toRel(cwd, current);
        if (!options.installed) {
          diagnostics.push(diagnostic("INSTALLED_TREE_SKIPPED", { tree: rel }, { path: rel }));
          continue;
        }
        const sites = sitePackagesOf(current);
        installed.sitePackages.push(...sites);
        for (const s of sites) walkSitePackages(s, root);
        continue;
      }
      const subdirs: string[] = [];
      for (const e of entries) {
        const abs = join(current, e.name);
        if (e.isSymbolicLink()) {
          handleSymlink(abs, root);
        } else if (e.isDirectory()) {
          if (SKIP_DIRS.has(e.name)) continue;
          const rel = toRel(cwd, abs);
          if (options.exclude?.(rel)) continue;
          if (e.name === "node_modules") {
            if (options.installed) installed.nodeModules.push(abs);
            else diagnostics.push(diagnostic("INSTALLED_TREE_SKIPPED", { tree: rel }, { path: rel }));
            continue;
          }
          subdirs.push(abs);
        } else if (e.isFile()) {
          addFile(abs, root, false);
        }
      }
      // Reverse so the stack pops in name order (deterministic output order is re-sorted later anyway).
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as string);
    }
  }

  /** With --installed: every dist-info METADATA / egg-info PKG-INFO in a site-packages folder. */
  function walkSitePackages(site: string, root: string): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(site, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (e.name.endsWith(".dist-info")) addFile(join(site, e.name, "METADATA"), root, false);
      else if (e.name.endsWith(".egg-info")) addFile(join(site, e.name, "PKG-INFO"), root, false);
    }
  }

  function handleSymlink(abs: string, root: string): void {
    const rel = toRel(cwd, abs);
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const claimed = classify(rel) !== undefined;
      if (code === "ELOOP")
        diagnostics.push(diagnostic("SYMLINK_LOOP", {}, { path: rel }, claimed ? "error" : "warning"));
      // A dangling link to something no parser claims is harmless; a dangling lockfile link is not.
      else if (claimed) diagnostics.push(diagnostic("FILE_NOT_FOUND", {}, { path: rel }));
      return;
    }
    let isDir = false;
    try {
      isDir = statSync(real).isDirectory();
    } catch {
      return;
    }
    if (!isInside(root, real)) {
      // An unreadable lockfile makes the scan incomplete; a folder outside the root is the user's to scan explicitly.
      const claimed = !isDir && classify(rel) !== undefined;
      diagnostics.push(
        diagnostic("SYMLINK_OUTSIDE_ROOT", { target: real }, { path: rel }, claimed ? "error" : "warning"),
      );
      return;
    }
    // Inside the root: a linked folder is walked through its real path already; a linked file is read once.
    if (!isDir) addFile(abs, root, false);
  }

  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ELOOP")
        diagnostics.push(diagnostic("SYMLINK_LOOP", {}, { path: toRel(cwd, abs) }, "error"));
      else diagnostics.push(diagnostic("FILE_NOT_FOUND", {}, { path: toRel(cwd, abs) }));
      continue;
    }
    const root = rootFor(cwd, abs, st.isDirectory());
    if (st.isDirectory()) {
      if (basename(abs) === "node_modules" && options.installed) installed.nodeModules.push(abs);
      else walkDir(abs, root);
    } else {
      addFile(abs, root, true);
    }
  }
  targets.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { targets, diagnostics, installed };
}
