// Container image references (`aquasec/trivy:0.69.4`, `ghcr.io/aquasecurity/trivy:0.69.5`,
// `docker://…`, `name@sha256:…`) and how they meet image / image-digest indicators. Pure, and
// usable for Dockerfiles, compose files and manifests as well as workflows.
//
// Normalisation follows the Docker reference grammar: the first component is a registry when it
// contains "." or ":" or is "localhost"; otherwise the image is on Docker Hub (docker.io, with
// "library/" for one-component names); index.docker.io and registry-1.docker.io mean docker.io.
// A digest pins content: when one is present only the digest is compared (an image pinned by a
// good digest is not affected whatever its tag says). No tag means "latest".

import type { Indicator, IndicatorSet } from "./types.js";

export interface ImageRef {
  /** registry/name, lower case, e.g. "docker.io/aquasec/trivy". */
  repository: string;
  tag?: string;
  /** "sha256:<hex>", lower case. */
  digest?: string;
}

const DOCKER_HUB = new Set([
  "docker.io",
  "index.docker.io",
  "registry-1.docker.io",
  "registry.hub.docker.com",
]);

/** Normalises "registry/name" (no tag) the way Docker does. */
export function normalizeRepository(name: string): string {
  const parts = name.toLowerCase().split("/");
  const first = parts[0] ?? "";
  let registry = "docker.io";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    registry = parts.shift() ?? registry;
  }
  if (DOCKER_HUB.has(registry)) {
    registry = "docker.io";
    if (parts.length === 1) parts.unshift("library");
  }
  return `${registry}/${parts.join("/")}`;
}

/** Parses an image reference; undefined for empty text or a template expression. */
export function parseImageRef(raw: string): ImageRef | undefined {
  let s = raw.trim();
  if (s.startsWith("docker://")) s = s.slice("docker://".length);
  if (!s || /[\s${}]/.test(s)) return undefined;
  let digest: string | undefined;
  const at = s.indexOf("@");
  if (at !== -1) {
    digest = s.slice(at + 1).toLowerCase();
    s = s.slice(0, at);
  }
  let tag: string | undefined;
  const slash = s.lastIndexOf("/");
  const colon = s.lastIndexOf(":");
  if (colon > slash) {
    tag = s.slice(colon + 1);
    s = s.slice(0, colon);
  }
  if (!s || !/^[a-z0-9._\-/:]+$/i.test(s)) return undefined;
  const ref: ImageRef = { repository: normalizeRepository(s) };
  if (tag) ref.tag = tag;
  if (digest) ref.digest = digest;
  return ref;
}

/** Malicious image / image-digest indicators matching a parsed reference (window-only ones skipped). */
export function matchImageRef(ref: ImageRef, set: IndicatorSet): Indicator[] {
  if (ref.digest !== undefined) {
    return set.byKind("image-digest").filter((i) => !i.safe && !i.windowOnly && i.value === ref.digest);
  }
  const tag = ref.tag ?? "latest";
  return set.byKind("image").filter((i) => {
    const colon = i.value.lastIndexOf(":");
    if (i.safe || i.windowOnly || (i.tag ?? i.value.slice(colon + 1)) !== tag) return false;
    const repos = (i.repositories ?? []).map(normalizeRepository);
    return repos.includes(ref.repository) || normalizeRepository(i.value.slice(0, colon)) === ref.repository;
  });
}
