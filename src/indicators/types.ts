// Indicators of compromise (IOCs): values that are not package versions — artifact hashes, files
// and paths, network endpoints, GitHub Action refs, container images, content markers. The data
// lives in advisories/ioc/*.json (format "lockwarden-ioc", see advisories/ioc/README.md and
// schemas/ioc.schema.json); this module describes it as loaded and validated by ./load.ts.

import type { Diagnostic } from "../core/diagnostics.js";

/**
 * What an indicator's `value` is. Matchers use only the kinds they understand; the rest are kept
 * as reference data (for people, and for network or log tooling) and counted.
 *
 * - `sha256` / `sha512` / `sha1`: an artifact's digest, lowercase hex (`file` names the artifact).
 * - `file-name`: a file's base name that is itself the indicator within `scope` (`litellm_init.pth`).
 * - `file-path`: `~/…`, `/…`, `%APPDATA%\…` (host), `<site-packages>/…`, `<node_modules>/<pkg>/…`;
 *   a `<placeholder>` segment stands for any one directory entry.
 * - `domain`, `url`, `ip`: network endpoints (reference only: lockwarden reads no traffic).
 * - `action-ref`: a GitHub Action reference: `action` plus a commit (`refType: "sha"`), a tag, or a
 *   tag range. `safe: true` marks a known-good ref that must never be reported.
 * - `commit`: a malicious commit in `repository` that is not an action release (still matched
 *   when a workflow `uses:` it).
 * - `image`: a container image tag (`aquasec/trivy:0.69.4`), valid in every repo of `repositories`.
 * - `image-digest`: a manifest digest `sha256:<hex>` (matches whatever repository names it).
 * - `string`: a content marker (function name, header, key prefix); `scope` says where it is searched.
 * - `user-agent`, `repo-name` (glob), `github-account`, `k8s-name`: reference only.
 */
export type IndicatorKind =
  | "sha256"
  | "sha512"
  | "sha1"
  | "file-name"
  | "file-path"
  | "domain"
  | "url"
  | "ip"
  | "action-ref"
  | "commit"
  | "image"
  | "image-digest"
  | "string"
  | "user-agent"
  | "repo-name"
  | "github-account"
  | "k8s-name";

export const INDICATOR_KINDS: readonly IndicatorKind[] = [
  "sha256",
  "sha512",
  "sha1",
  "file-name",
  "file-path",
  "domain",
  "url",
  "ip",
  "action-ref",
  "commit",
  "image",
  "image-digest",
  "string",
  "user-agent",
  "repo-name",
  "github-account",
  "k8s-name",
];

/**
 * How well a value is established (advisories/ioc/README.md maps the source wording):
 * `confirmed` = a primary advisory or two or more independent sources; `single` = one source;
 * `relayed` = a vendor value seen only through a third-party compilation; `conflict` = sources
 * disagree (every value is kept, each with a note).
 */
export type Confidence = "confirmed" | "single" | "relayed" | "conflict";

export const CONFIDENCES: readonly Confidence[] = ["confirmed", "single", "relayed", "conflict"];

/**
 * Where a file or content indicator is looked for: `site-packages` (installed Python trees and
 * unpacked wheels), `node-modules` (installed npm packages; for `string`: the file an install
 * script runs), `host` (persistence paths), `reference` (not searched by any file scanner).
 */
export type IndicatorScope = "site-packages" | "node-modules" | "host" | "reference";

export const SCOPES: readonly IndicatorScope[] = ["site-packages", "node-modules", "host", "reference"];

export type RefType = "sha" | "tag" | "tag-range";

/** Inclusive range of dotted-numeric tags written `${prefix}${x.y.z}`. */
export interface TagRange {
  prefix: string;
  from: string;
  to: string;
  /** Accept tags with fewer than three numbers (`v1`, `v2.1`), compared as if padded with zeros. */
  partial?: boolean;
}

/** A UTC period in which an indicator was live (ISO 8601, minute precision). */
export interface TimeWindow {
  start: string;
  end: string;
}

export interface Indicator {
  /** Stable id, e.g. `IOC-TEAMPCP-0001`; never renumbered or reused. */
  id: string;
  kind: IndicatorKind;
  value: string;
  /** Id of the related advisory (OSV record) when the indicator belongs to exactly one. */
  advisory?: string;
  summary: string;
  references: string[];
  confidence: Confidence;
  note?: string;
  /** Free-text campaign or stage, e.g. "litellm 1.82.8". */
  campaign?: string;
  /** A known-good value (a safe pin, a legitimate file's hash): documented, never reported. */
  safe?: boolean;
  /** Only meaningful together with a time (e.g. `latest` during the window): static scans skip it. */
  windowOnly?: boolean;
  windows?: TimeWindow[];
  /** file-name, file-path, string: where scanners look. */
  scope?: IndicatorScope;
  /** file-name, file-path: the file existing is itself the indicator (otherwise only a hash match counts). */
  matchExistence?: boolean;
  /** file-name, file-path: published sha256 digests of that file. */
  sha256?: string[];
  platform?: string;
  /** sha256/sha512/sha1: the artifact's file name. */
  file?: string;
  /** action-ref: `owner/repo`. */
  action?: string;
  /** action-ref: the tag or full commit SHA (absent for tag ranges). */
  ref?: string;
  refType?: RefType;
  range?: TagRange;
  /** action-ref (sha): the tag that pointed at it; image, image-digest: the image tag. */
  tag?: string;
  /** commit: `owner/repo`. */
  repository?: string;
  /** image, image-digest: every repository (registry/name) the tag or digest applies to. */
  repositories?: string[];
}

export interface IndicatorSet {
  /** Every valid indicator, in load order (safe and window-only ones included). */
  indicators: Indicator[];
  countsByKind: Record<string, number>;
  diagnostics: Diagnostic[];
  /** The IOC files read. */
  files: string[];
  /** Malicious (not safe) hash indicators whose value equals this lowercase hex digest. */
  byHash(hexLower: string): Indicator[];
  /** Safe hash indicators (known-good files) with this digest. */
  knownGoodHash(hexLower: string): Indicator[];
  byKind(kind: IndicatorKind): Indicator[];
  byId(id: string): Indicator | undefined;
  /** action-ref indicators (safe ones included) for a lowercase `owner/repo`. */
  actionRefs(actionLower: string): Indicator[];
  /** action-ref (sha) and commit indicators, safe ones included, for a lowercase 40-hex SHA. */
  bySha(shaLower: string): Indicator[];
  /** action-ref (sha) and commit indicators whose SHA starts with this lowercase hex prefix (≥ 7). */
  byShaPrefix(prefixLower: string): Indicator[];
}
