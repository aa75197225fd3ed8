// GitHub Actions workflow and composite-action files × action-ref / commit / image indicators.
//
// Reads `uses:` in jobs.*.steps[*] and jobs.* (reusable workflows) of .github/workflows/*.yml and
// runs.steps[*] of action.yml (composite actions), plus container images in jobs.*.container,
// jobs.*.services.*, `docker://` steps and runs.image. Walks the YAML syntax tree (never toJS, so
// an alias bomb costs nothing; aliases are followed within a visit budget) and reports the line of
// the `uses:` / `image:` key. A parse error becomes LOCKFILE_UNPARSABLE with its line; whatever
// parsed is still scanned (a runner would reject the file, but its history may have run).
//
// Third-party actions (not actions/* or github/*) pinned to anything but a full commit SHA get an
// ACTION_UNPINNED info diagnostic, or with strictActions a moderate LOCKWARDEN-ACTION-UNPINNED
// finding; local `./…` and `docker://` references are not tags. Pure.

import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  visit,
  type YAMLMap,
} from "yaml";
import { type Diagnostic, diagnostic } from "../core/diagnostics.js";
import { errorReason } from "../core/text.js";
import type { Finding } from "../core/types.js";
import { YAML_MAX_DEPTH, yamlTooDeep } from "../core/yaml-guard.js";
import { FULL_SHA, isFirstParty, matchActionRef, parseUses } from "./action-ref.js";
import { indicatorFinding, RULE_ACTION_UNPINNED, ruleFinding, safeText } from "./finding.js";
import { matchImageRef, parseImageRef } from "./image-ref.js";
import type { IndicatorSet } from "./types.js";
import { isWorkflowPath } from "./workflow-path.js";

/** Node visits allowed per file, aliases included: bounds the work a hostile file can cause. */
const VISIT_BUDGET = 1_000_000;
const HARDENING_URL =
  "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions";

export { isWorkflowPath };

export interface WorkflowScan {
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** `uses:` references examined (actions, reusable workflows, local and docker:// steps). */
  refs: number;
}

export interface WorkflowOptions {
  /** Report unpinned third-party actions as findings instead of info diagnostics. */
  strictActions: boolean;
  /** Node visits allowed (default 1,000,000); tests lower it. */
  visitBudget?: number;
}

export function scanWorkflow(
  path: string,
  content: string,
  set: IndicatorSet,
  options: WorkflowOptions,
): WorkflowScan {
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  let refs = 0;
  let budget = options.visitBudget ?? VISIT_BUDGET;

  const deep = yamlTooDeep(content);
  if (deep !== undefined) {
    diagnostics.push(
      diagnostic(
        "LOCKFILE_UNPARSABLE",
        { reason: `nested more than ${YAML_MAX_DEPTH} levels deep; not read` },
        { path, line: deep },
      ),
    );
    return { findings, diagnostics, refs };
  }
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    // No maxAliasCount here: yaml applies it in toJS(), which this module never calls (an alias
    // bomb is only dangerous when expanded); deref() below follows aliases on a visit budget.
    doc = parseDocument(content, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: false,
      keepSourceTokens: false,
    });
  } catch (err) {
    diagnostics.push(diagnostic("LOCKFILE_UNPARSABLE", { reason: errorReason(err) }, { path }));
    return { findings, diagnostics, refs };
  }
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    diagnostics.push(diagnostic("LOCKFILE_UNPARSABLE", { reason: errorReason(firstError) }, { path, line }));
  }

  const lineOf = (node: { range?: [number, number, number] | null | undefined } | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const loc = (line: number | undefined) => (line === undefined ? { path } : { path, line });

  // Anchors indexed once: yaml's Alias.resolve() searches the whole document on every call,
  // which a file with thousands of aliases turns into minutes. An alias names the closest
  // preceding anchor of that name (anchors may be redefined).
  const anchors = new Map<string, Array<{ at: number; node: unknown }>>();
  visit(doc, {
    Node(_key, node) {
      if (node.anchor) {
        const list = anchors.get(node.anchor) ?? [];
        list.push({ at: node.range?.[0] ?? 0, node });
        anchors.set(node.anchor, list);
      }
    },
  });

  function resolveAlias(source: string, at: number): unknown {
    let found: unknown;
    for (const a of anchors.get(source) ?? []) if (a.at < at) found = a.node;
    return found;
  }

  /** Follows aliases (within the budget); undefined once the budget is spent. */
  function deref(node: unknown): unknown {
    let n = node;
    for (let hops = 0; isAlias(n) && hops < 16; hops++) {
      if (--budget < 0) return undefined;
      n = resolveAlias(n.source, n.range?.[0] ?? Number.MAX_SAFE_INTEGER);
    }
    return isAlias(n) ? undefined : n;
  }

  function mapOf(node: unknown): YAMLMap | undefined {
    const n = deref(node);
    return isMap(n) ? n : undefined;
  }

  // Each map's keys are indexed once; an aliased map or sequence is then walked only once (its
  // findings carry the anchor's lines, so a second walk could add nothing).
  const keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
  const walked = new WeakSet<object>();

  function pairs(map: YAMLMap): Pair[] {
    budget -= map.items.length;
    return budget < 0 ? [] : map.items.filter(isPair);
  }

  function get(map: YAMLMap, key: string): Pair | undefined {
    let index = keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const p of pairs(map)) {
        const k = deref(p.key);
        if (isScalar(k) && typeof k.value === "string" && !index.has(k.value)) index.set(k.value, p);
      }
      keyIndex.set(map, index);
    }
    budget--;
    return budget < 0 ? undefined : index.get(key);
  }

  /** True the first time a node is seen. */
  function firstVisit(node: unknown): boolean {
    if (typeof node !== "object" || node === null || walked.has(node)) return false;
    walked.add(node);
    return true;
  }

  function scalarString(node: unknown): string | undefined {
    const n = deref(node);
    return isScalar(n) && typeof n.value === "string" ? n.value : undefined;
  }

  function add(f: Finding): void {
    const k = `${f.id}\u0000${f.fingerprint}\u0000${f.location.line ?? ""}`;
    if (seen.has(k)) return;
    seen.add(k);
    findings.push(f);
  }

  function checkImage(raw: string, line: number | undefined): void {
    const ref = parseImageRef(raw);
    if (!ref) return;
    const shown = ref.digest ? `${ref.repository}@${ref.digest}` : `${ref.repository}:${ref.tag ?? "latest"}`;
    for (const ind of matchImageRef(ref, set)) {
      add(
        indicatorFinding(ind, loc(line), {
          what: `container image ${safeText(raw.trim(), 160)}`,
          value: shown,
        }),
      );
    }
  }

  function checkUses(pair: Pair): void {
    const raw = scalarString(pair.value);
    if (raw === undefined) return;
    refs++;
    const line = lineOf(deref(pair.key) as Node);
    const u = parseUses(raw);
    if (u.type === "docker") {
      checkImage(u.image, line);
      return;
    }
    if (u.type !== "action") return;
    const written = `${u.action}${u.subpath ? `/${u.subpath}` : ""}@${u.ref}`;
    const value = `${u.action.toLowerCase()}@${u.ref}`;
    const hits = matchActionRef(u.action, u.ref, set);
    for (const { indicator: ind, how } of hits) {
      let detail = "";
      if (how === "sha-prefix") detail = ` (short SHA, prefix of malicious commit ${ind.ref ?? ind.value})`;
      const owner = (ind.action ?? ind.repository ?? "").toLowerCase();
      if ((how === "sha" || how === "sha-prefix") && owner && owner !== u.action.toLowerCase())
        detail += ` (a commit of ${ind.action ?? ind.repository})`;
      const f = indicatorFinding(ind, loc(line), { what: `uses: ${safeText(written, 200)}${detail}`, value });
      // The fix for a hijacked ref is a known-good ref of the same action (a tag, and its commit SHA to pin).
      f.fixed = safeRefsOf(u.action, set);
      add(f);
    }
    if (hits.length > 0 || isFirstParty(u.owner) || FULL_SHA.test(u.ref)) return;
    const ref = u.ref === "" ? "(no ref)" : u.ref;
    if (options.strictActions) {
      add(
        ruleFinding(RULE_ACTION_UNPINNED, loc(line), {
          summary: `${safeText(u.action, 120)}@${safeText(ref, 80)} is pinned to a mutable tag or branch; pin third-party actions to a full commit SHA (a re-pointed tag is how trivy-action, setup-trivy and kics-github-action were hijacked)`,
          kind: "action-ref",
          value: `${u.action.toLowerCase()}@${ref}`,
          severity: "moderate",
          references: [HARDENING_URL],
        }),
      );
    } else {
      diagnostics.push(
        diagnostic("ACTION_UNPINNED", { action: safeText(u.action, 120), ref: safeText(ref, 80) }, loc(line)),
      );
    }
  }

  function checkSteps(node: unknown): void {
    const seq = deref(node);
    if (!isSeq(seq) || !firstVisit(seq)) return;
    budget -= seq.items.length;
    if (budget < 0) return;
    for (const item of seq.items) {
      const step = mapOf(item);
      const uses = step && get(step, "uses");
      if (uses) checkUses(uses);
    }
  }

  /** `container:` / a service: a string, or a map with `image:`. */
  function checkContainer(pair: Pair): void {
    const direct = scalarString(pair.value);
    if (direct !== undefined) {
      checkImage(direct, lineOf(deref(pair.key) as Node));
      return;
    }
    const m = mapOf(pair.value);
    const image = m && get(m, "image");
    const raw = image && scalarString(image.value);
    if (image && raw !== undefined) checkImage(raw, lineOf(deref(image.key) as Node));
  }

  const root = mapOf(doc.contents);
  if (root) {
    const jobs = get(root, "jobs");
    const jobsMap = jobs && mapOf(jobs.value);
    for (const job of jobsMap ? pairs(jobsMap) : []) {
      const j = mapOf(job.value);
      if (!j || !firstVisit(j)) continue;
      const uses = get(j, "uses");
      if (uses) checkUses(uses);
      const steps = get(j, "steps");
      if (steps) checkSteps(steps.value);
      const container = get(j, "container");
      if (container) checkContainer(container);
      const services = get(j, "services");
      const sm = services && mapOf(services.value);
      for (const svc of sm ? pairs(sm) : []) checkContainer(svc);
    }
    const runs = get(root, "runs");
    const r = runs && mapOf(runs.value);
    if (r) {
      const steps = get(r, "steps");
      if (steps) checkSteps(steps.value);
      const image = get(r, "image");
      const raw = image && scalarString(image.value);
      // runs.image is either "Dockerfile" (a path) or "docker://image".
      if (image && raw?.startsWith("docker://")) checkImage(raw, lineOf(deref(image.key) as Node));
    }
  }
  if (budget < 0) {
    diagnostics.push(
      diagnostic(
        "LOCKFILE_UNPARSABLE",
        { reason: "too many nodes or alias expansions; the rest of the file was not scanned" },
        { path },
      ),
    );
  }
  const byLine = (a: { location?: { line?: number } }, b: { location?: { line?: number } }) =>
    (a.location?.line ?? 0) - (b.location?.line ?? 0);
  findings.sort((a, b) => byLine(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  diagnostics.sort(byLine);
  return { findings, diagnostics, refs };
}

/** Known-good refs of an action from the IOC data (tags first, then commit SHAs), for the fix line. */
function safeRefsOf(action: string, set: IndicatorSet): string[] {
  const want = action.toLowerCase();
  const refs = set.indicators
    .filter(
      (i) => i.kind === "action-ref" && i.safe === true && (i.action ?? "").toLowerCase() === want && i.ref,
    )
    .map((i) => i.ref as string);
  return [...new Set(refs)].sort(
    (a, b) => Number(FULL_SHA.test(a)) - Number(FULL_SHA.test(b)) || (a < b ? -1 : 1),
  );
}
