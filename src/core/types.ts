// Core data shared by every phase: parsers produce PackageRefs and Diagnostics, the advisory
// database produces Advisories and Indicators, matchers produce Findings, and reporters read one
// ScanResult. Kept as plain data (no classes) so every phase stays a pure function.

import type { Diagnostic } from "./diagnostics.js";

/** OSV ecosystem spelling. */
export type Ecosystem = "npm" | "PyPI";

/** Where a locked package comes from. `path` and `workspace` never match registry advisories. */
export type PackageSource = "registry" | "git" | "url" | "path" | "workspace";

/** Dependency groups a lockfile records. `extra:<name>` and `group:<name>` carry Python names. */
export type PackageGroup = "dev" | "optional" | "peer" | "bundled" | `extra:${string}` | `group:${string}`;

export type Severity = "critical" | "high" | "moderate" | "low" | "unknown";

export type FindingKind = "malicious" | "vulnerability" | "indicator";

/** A place in a scanned file: repo-relative POSIX path (relative to the working directory) and 1-based lines. */
export interface Location {
  path: string;
  line?: number;
  endLine?: number;
}

export type HashAlgorithm = "sha1" | "sha256" | "sha384" | "sha512" | "md5";

/** An artifact hash recorded by a lockfile. `value` is lowercase hex, whatever the file wrote (npm SRI base64 is converted). */
export interface ArtifactHash {
  algorithm: HashAlgorithm;
  value: string;
  /** The artifact's file name when the lockfile names it (a wheel, an sdist). */
  file?: string;
}

export interface PackageRef {
  ecosystem: Ecosystem;
  /** The real package name, as written (display). */
  name: string;
  /** The installed name when it differs from the real name (npm aliases). */
  alias?: string;
  /** The locked version as written; absent for unversioned local sources. */
  version?: string;
  source: PackageSource;
  /** Resolved URL (tarball, git remote, file) where the lockfile gives one. */
  resolved?: string;
  hashes?: ArtifactHash[];
  /**
   * An npm Subresource Integrity string as the lockfile wrote it (`sha512-<base64>`). Kept raw and
   * compared in that form: decoding thousands of digests to hex cost a large lockfile more than the
   * rest of its entries, and only a hit needs the hex (indicators/match-hashes.ts).
   */
  integrity?: string;
  groups?: PackageGroup[];
  /** True when a root or workspace depends on it directly; absent when the format does not say. */
  direct?: boolean;
  /** Identifies this entry in the file's dependency graph (see ParseResult.graph). */
  nodeId?: string;
  location: Location;
}

/**
 * The dependency graph a lockfile records. Node ids are the parser's own (a package-lock key, a
 * pnpm snapshot key, …). Roots are the project and its workspaces; they need not be packages.
 */
export interface DependencyGraph {
  /** Root/workspace node ids mapped to a display label (the project or workspace name). */
  roots: Map<string, string>;
  /** Directed edges: node id → the node ids it depends on. */
  edges: Map<string, string[]>;
  /** Display label for non-root nodes (defaults to the package name). */
  labels?: Map<string, string>;
}

/** What a parser returns: never throws for bad content; problems become diagnostics. */
export interface ParseResult {
  packages: PackageRef[];
  diagnostics: Diagnostic[];
  /**
   * The dependency graph, or a function that builds it on first call: only files with findings
   * need dependency paths, so a large lockfile may defer resolving its edges.
   */
  graph?: DependencyGraph | (() => DependencyGraph);
  /**
   * Packages named by direct reference (a `name @ https://…/name-1.2.3.whl` requirement): matched
   * against advisories and artifact hashes, but a URL is not a lock, so they are not counted in the
   * locked inventory (`packages`, files[].packages). Each also has a diagnostic saying so.
   */
  unlocked?: PackageRef[];
  /** Files read through readRelated (requirements includes), repo-relative. */
  related?: string[];
  /** A short description of the detected variant, e.g. "lockfileVersion 3". */
  variant?: string;
}

/** The file fetched for a parser by the pipeline, which enforces root containment and size limits. */
export type RelatedFile = { ok: true; path: string; content: string } | { ok: false; diagnostic: Diagnostic };

export interface ParseContext {
  /** Repo-relative POSIX path of the file being parsed (used in every Location). */
  path: string;
  content: string;
  /**
   * Reads a file named relative to `from` (a repo-relative path), e.g. a `-r` include. The pipeline
   * refuses paths that leave the scan root. Synchronous so parsers stay simple.
   */
  readRelated(from: string, relative: string): RelatedFile;
  /** Whether a file named relative to `from` exists inside the root, without reading it (cheap sibling checks). */
  exists?(from: string, relative: string): boolean;
}

export interface LockfileParser {
  /** kebab-case id, equal to the folder name under src/parsers/. */
  id: string;
  ecosystem: Ecosystem;
  /** Human title for --help and the README, e.g. "package-lock.json / npm-shrinkwrap.json". */
  title: string;
  /** File name patterns for the docs table, e.g. ["package-lock.json", "npm-shrinkwrap.json"]. */
  patterns: string[];
  /** Versions of the format supported, for the docs table, e.g. "v1, v2, v3". */
  versions: string;
  /** Cheap test on the repo-relative POSIX path: does the walk hand this file to the parser? */
  matches(path: string): boolean;
  /** For a file given explicitly whose name no parser matches: does the content look like this format? */
  sniff?(content: string): boolean;
  parse(ctx: ParseContext): ParseResult | Promise<ParseResult>;
}

/** The cheap part of a parser: enough to route files and document formats without loading it. */
export type ParserMeta = Pick<
  LockfileParser,
  "id" | "ecosystem" | "title" | "patterns" | "versions" | "matches"
>;

/** A registry entry: the metadata, and the parser itself loaded on first use. */
export interface RegisteredParser extends ParserMeta {
  load(): Promise<LockfileParser>;
}

export interface AdvisoryRef {
  /** Canonical id of the alias group (MAL- first, then GHSA-, then the rest). */
  id: string;
  aliases: string[];
}

export interface Finding {
  id: string;
  aliases: string[];
  kind: FindingKind;
  severity: Severity;
  summary: string;
  package?: { ecosystem: Ecosystem; name: string; version: string; alias?: string };
  location: Location;
  fixed: string[];
  lastKnownGood?: string;
  /** Stable identity: hash(advisory group, file, ecosystem, name, version). Never depends on line numbers. */
  fingerprint: string;
  /** Up to 3 shortest dependency chains from a root, as display labels. */
  paths?: string[][];
  direct?: boolean;
  dev?: boolean;
  /** Only reachable through optional dependencies. */
  optional?: boolean;
  references?: string[];
  /** What matched, for indicator findings: the indicator kind and value. */
  indicator?: { kind: string; value: string; confidence: string };
  /** CVSS-derived score where the advisory has one (0..10). */
  score?: number;
  /** Set by the policy step. */
  suppressed?: { reason: string; expires?: string };
  baseline?: boolean;
  gating?: boolean;
}

export interface ScannedFile {
  path: string;
  parser: string;
  packages: number;
  variant?: string;
}

export interface DatabaseInfo {
  path: string;
  records: number;
  [key: string]: unknown;
}

export interface ScanResult {
  schemaVersion: 1;
  tool: { name: "lockwarden"; version: string };
  database: DatabaseInfo;
  files: ScannedFile[];
  findings: Finding[];
  diagnostics: Diagnostic[];
  packages?: PackageRef[];
}
