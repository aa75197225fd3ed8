#!/usr/bin/env node
// Regenerates advisories/ioc/teampcp.json from the shared TeamPCP indicator sheet
// (teampcp/indicators.json) plus the GitHub Action tag rules of the fact sheet (FACTS.md §2.2,
// §5.4), which exist only as prose there and are therefore written out in ACTION_TAG_RULES below.
//
//   node scripts/seed-indicators.mjs [indicators.json] [--out file] [--check]
//
// Deterministic: the output depends only on the source file and on the ids already present in the
// output file (an indicator keeps its id across regenerations; new ones get the next free number).
// --check exits 1 when the output file is not what the source produces. Plain Node, no deps.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const check = args.includes("--check");
const outIdx = args.indexOf("--out");
const out = outIdx >= 0 ? args[outIdx + 1] : join(ROOT, "advisories", "ioc", "teampcp.json");
const positional = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--out");
const sourcePath = positional[0] ?? process.env.TEAMPCP_INDICATORS ?? "/work/shared/teampcp/indicators.json";

const ID_PREFIX = "IOC-TEAMPCP-";

const ADV = {
  litellm: "MAL-2026-2144",
  telnyx: "MAL-2026-2254",
  trivy: "GHSA-69fq-xp46-6x23",
  kics: "LOCAL-TEAMPCP-0001",
  ast: "LOCAL-TEAMPCP-0002",
  astResults: "LOCAL-TEAMPCP-0003",
  cxDevAssist: "LOCAL-TEAMPCP-0004",
};

// ---------------------------------------------------------------------------------------------
// Confidence: the source words it freely; this maps it onto confirmed/single/relayed/conflict.
// Only the first clause counts (text before a top-level ";": "path confirmed; hash single-source"
// describes the path first). Rules, in order:
//   1. "conflict"/"disputed" outside parentheses         → conflict
//   2. "confirmed" or "primary" in the clause            → confirmed
//   3. "relayed" anywhere in the clause                  → relayed
//   4. "single" in the clause                            → single
// Anything else is an error, so new wording is mapped on purpose rather than guessed.

function topLevelClauses(text) {
  const parts = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (ch === ";" && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim());
}

function withoutParens(text) {
  let depth = 0;
  let outText = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0) outText += ch;
  }
  return outText;
}

function mapConfidence(text, clause = 0) {
  const c = (topLevelClauses(String(text))[clause] ?? "").toLowerCase();
  if (/conflict|disputed/.test(withoutParens(c))) return "conflict";
  if (/confirmed|primary/.test(c)) return "confirmed";
  if (/relayed/.test(c)) return "relayed";
  if (/single/.test(c)) return "single";
  throw new Error(`unmapped confidence wording: ${JSON.stringify(text)}`);
}

/** Entries without a confidence: a primary advisory among the sources → confirmed, else single. */
function confidenceFromSources(sources) {
  return sources.some(isPrimarySource) ? "confirmed" : "single";
}

function isPrimarySource(s) {
  return /osv\.dev\/vulnerability\/|\/security\/advisories\/GHSA-|github\.com\/advisories\/GHSA-/.test(s);
}

// ---------------------------------------------------------------------------------------------
// Advisory links: keywords of a campaign text (parentheticals ignored); exactly one distinct
// campaign → its advisory, several (or one without an advisory, e.g. CanisterWorm) → none.

const CAMPAIGN_KEYWORDS = [
  [/litellm/i, "litellm"],
  [/telnyx/i, "telnyx"],
  [/trivy|aquasecurtiy/i, "trivy"],
  [/kics/i, "kics"],
  [/\bast\b|ast-github-action/i, "ast"],
  [/canisterworm|kamikaze/i, "canisterworm"],
  [/checkmarx\.zone|openvsx/i, "checkmarx-multi"],
];

function advisoryForCampaign(text) {
  const t = withoutParens(String(text ?? ""));
  const found = new Set();
  for (const [re, name] of CAMPAIGN_KEYWORDS) if (re.test(t)) found.add(name);
  if (found.size !== 1) return undefined;
  const [only] = found;
  return ADV[only];
}

function advisoryFromSources(sources) {
  const ids = new Set();
  for (const s of sources) {
    if (/MAL-2026-2144|PYSEC-2026-2\b/.test(s)) ids.add(ADV.litellm);
    if (/GHSA-955r-262c-33jc|MAL-2026-2254/.test(s)) ids.add(ADV.telnyx);
    if (/GHSA-69fq-xp46-6x23/.test(s)) ids.add(ADV.trivy);
  }
  return ids.size === 1 ? [...ids][0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Sources: URLs become references; any other text (a vendor name, "(prefix 1885610c)") is kept
// in the note so nothing the sheet says is lost.

function splitSources(sources) {
  const refs = [];
  const notes = [];
  for (const raw of sources ?? []) {
    const s = String(raw);
    const m = /https?:\/\/\S+/.exec(s);
    if (m) {
      refs.push(m[0].replace(/[),.;]+$/, ""));
      const rest = s.replace(m[0], "").trim();
      if (rest) notes.push(`source ${m[0]} ${rest}`);
    } else notes.push(`source: ${s}`);
  }
  return { refs, notes };
}

// ---------------------------------------------------------------------------------------------
// The GitHub Action tag rules (FACTS.md §2.2 and §5.4, OSV GHSA-69fq / LOCAL-TEAMPCP-0001/0002).

const TRIVY_ACTION_WINDOW = [{ start: "2026-03-19T17:43Z", end: "2026-03-20T05:40Z" }];
const SETUP_TRIVY_WINDOW = [{ start: "2026-03-19T17:43Z", end: "2026-03-19T21:44Z" }];
const KICS_WINDOW = [{ start: "2026-03-23T12:58Z", end: "2026-03-23T16:50Z" }];
const GHSA_69FQ = "https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23";

const ACTION_TAG_RULES = [
  {
    action: "aquasecurity/trivy-action",
    refType: "tag-range",
    range: { prefix: "", from: "0.0.1", to: "0.34.2" },
    advisory: ADV.trivy,
    confidence: "confirmed",
    windows: TRIVY_ACTION_WINDOW,
    summary:
      "aquasecurity/trivy-action un-prefixed tag 0.0.1–0.34.2: 76 of 77 tags were force-pushed to a credential stealer (malicious entrypoint.sh)",
    note: "Workflows run 2026-03-19 17:43 → 2026-03-20 05:40 UTC executed the stealer; the original tags were deleted afterwards, so the ref is at least broken. The v-prefixed tags v0.0.1–v0.34.2 are legitimate re-creations. Pin 0.35.0 / 57a97c7e7821a5776cebc9bb87c984fa69cba8f1.",
    references: [GHSA_69FQ, "https://github.com/aquasecurity/trivy-action/issues/541"],
  },
  {
    action: "aquasecurity/trivy-action",
    refType: "tag",
    ref: "0.35.0",
    safe: true,
    confidence: "confirmed",
    summary: "aquasecurity/trivy-action 0.35.0: the only tag never touched (known good)",
    references: [GHSA_69FQ, "https://github.com/aquasecurity/trivy-action/issues/541"],
  },
  {
    action: "aquasecurity/setup-trivy",
    refType: "tag-range",
    range: { prefix: "v", from: "0.2.0", to: "0.2.5" },
    advisory: ADV.trivy,
    confidence: "confirmed",
    windows: SETUP_TRIVY_WINDOW,
    summary:
      "aquasecurity/setup-trivy tag v0.2.0–v0.2.5: force-pushed to a malicious 'Setup environment' step and never restored",
    note: "Runs 2026-03-19 17:43 → 21:44 UTC executed the stealer; the tags no longer exist. Pin v0.2.6 / 3fb12ec12f41e471780db15c232d5dd185dcb514.",
    references: [GHSA_69FQ],
  },
  {
    action: "aquasecurity/setup-trivy",
    refType: "tag",
    ref: "v0.2.6",
    safe: true,
    confidence: "confirmed",
    windows: SETUP_TRIVY_WINDOW,
    summary:
      "aquasecurity/setup-trivy v0.2.6: re-created with safe content (3fb12ec12f41e471780db15c232d5dd185dcb514); not reported",
    note: "v0.2.6 was also force-pushed during 2026-03-19 17:43 → 21:44 UTC and later re-created; today it resolves to the known-good commit, so the tag is not flagged. Runs inside that window were exposed, and a tag stays mutable: pin the SHA.",
    references: [GHSA_69FQ],
  },
  {
    action: "Checkmarx/kics-github-action",
    refType: "tag-range",
    range: { prefix: "v", from: "0", to: "2.1.19", partial: true },
    advisory: ADV.kics,
    confidence: "confirmed",
    windows: KICS_WINDOW,
    summary:
      "Checkmarx/kics-github-action tag (v1 … v2.1.19): all release tags were hijacked on 2026-03-23 12:58–16:50 UTC",
    note: "Only runs inside the window executed the stealer (exfiltration to checkmarx.zone); per-tag malicious SHAs are not confirmed. Pin a full commit SHA.",
    references: [
      "https://www.wiz.io/blog/teampcp-attack-kics-github-action",
      "https://checkmarx.com/blog/checkmarx-security-update/",
    ],
  },
  {
    action: "Checkmarx/kics-github-action",
    refType: "tag",
    ref: "v2.1.20",
    advisory: ADV.kics,
    confidence: "conflict",
    windows: KICS_WINDOW,
    summary: "Checkmarx/kics-github-action v2.1.20: reported both as hijacked and as the safe version",
    note: "Sources disagree; treat tag-pinned use during 2026-03-23 12:58–16:50 UTC as exposed.",
    references: [
      "https://www.wiz.io/blog/teampcp-attack-kics-github-action",
      "https://checkmarx.com/blog/checkmarx-security-update/",
    ],
  },
  ...["2.3.28", "v2.3.28"].map((ref) => ({
    action: "Checkmarx/ast-github-action",
    refType: "tag",
    ref,
    advisory: ADV.ast,
    confidence: "confirmed",
    summary: `Checkmarx/ast-github-action ${ref}: weaponised on 2026-03-23 (setup.sh stealer, exfiltration to checkmarx.zone)`,
    references: [
      "https://www.endorlabs.com/learn/teampcp-isnt-done",
      "https://checkmarx.com/blog/ongoing-security-updates/",
    ],
  })),
  ...["2.3.35", "2.3.36"].map((ref) => ({
    action: "Checkmarx/ast-github-action",
    refType: "tag",
    ref,
    advisory: ADV.ast,
    confidence: "single",
    summary: `Checkmarx/ast-github-action ${ref}: reported as part of a second wave on 2026-04-22 (unverified)`,
    note: "One secondary source; 2.3.33 is named safe by another.",
    references: ["https://checkmarx.com/blog/ongoing-security-updates/"],
  })),
];

// ---------------------------------------------------------------------------------------------

const src = JSON.parse(readFileSync(sourcePath, "utf8"));
const emitted = [];
const byKey = new Map();

function key(kind, value) {
  return `${kind}\u0000${value}`;
}

/** Adds an indicator; a repeated (kind, value) merges references and notes into the first one. */
function emit(ind) {
  for (const k of Object.keys(ind)) if (ind[k] === undefined) delete ind[k];
  const k = key(ind.kind, ind.value);
  const prev = byKey.get(k);
  if (prev) {
    prev.references = [...new Set([...prev.references, ...ind.references])];
    if (ind.note && ind.note !== prev.note) prev.note = prev.note ? `${prev.note} ${ind.note}` : ind.note;
    return prev;
  }
  ind.references = [...new Set(ind.references)];
  byKey.set(k, ind);
  emitted.push(ind);
  return ind;
}

function joinNotes(...parts) {
  const s = parts.filter(Boolean).join(" ");
  return s || undefined;
}

// --- files --------------------------------------------------------------------------------------

function filePathIndicator(f) {
  const { refs, notes } = splitSources(f.sources);
  const confidence = mapConfidence(f.confidence);
  const hashes = [
    ...(f.sha256 ? [f.sha256] : []),
    ...Object.keys(f.sha256_by_version ?? {})
      .sort()
      .map((v) => f.sha256_by_version[v]),
  ];
  const base = {
    references: refs,
    confidence,
    campaign: f.campaign,
    platform: f.platform,
    advisory: advisoryForCampaign(f.campaign),
    sha256: hashes.length ? hashes : undefined,
  };
  let path = String(f.path);
  let extraNote;
  const paren = /^(.*?)\s+\((.*)\)$/.exec(path);
  if (paren) {
    path = paren[1];
    extraNote = `(${paren[2]})`;
  }
  const size = f.size_bytes ? `${f.size_bytes} bytes` : undefined;
  const summary = `${f.role} (${f.campaign})`;
  const note = joinNotes(
    extraNote,
    size ? `Original size ${size}.` : undefined,
    ...notes,
    `Confidence: ${f.confidence}.`,
  );
  if (path.startsWith("<site-packages>/") && !path.slice(16).includes("/")) {
    // A file name whose mere presence in a site-packages directory is the compromise.
    emit({
      id: "",
      kind: "file-name",
      value: path.slice(16),
      scope: "site-packages",
      matchExistence: true,
      summary,
      note,
      ...base,
    });
    return;
  }
  if (path === "tpcp.tar.gz" || /^tpcp\.tar\.gz$/.test(path)) {
    const where = "Written to the temporary directory (the sheet says: temp dir / /tmp).";
    emit({
      id: "",
      kind: "file-path",
      value: "/tmp/tpcp.tar.gz",
      scope: "host",
      matchExistence: true,
      summary,
      note: joinNotes(where, ...notes, `Confidence: ${f.confidence}.`),
      ...base,
    });
    return;
  }
  const scope = path.startsWith("<site-packages>/")
    ? "site-packages"
    : path.startsWith("<node_modules>/")
      ? "node-modules"
      : "host";
  // Paths inside a package (site-packages, node_modules, a runner's action cache) also exist
  // legitimately: only a hash match counts there. Persistence paths count on existence.
  const inPackage = scope !== "host" || path.includes("/_actions/");
  emit({ id: "", kind: "file-path", value: path, scope, matchExistence: !inPackage, summary, note, ...base });

  const conflictAlt = /instead writes (\S+)/.exec(String(f.confidence));
  if (conflictAlt) {
    emit({
      id: "",
      kind: "file-path",
      value: conflictAlt[1],
      scope: "host",
      matchExistence: true,
      summary: `${f.role} — alternative location reported by one compilation (${f.campaign})`,
      note: `Conflicts with ${path} (the primary advisory's path, preferred). Confidence: ${f.confidence}.`,
      references: refs,
      confidence: "conflict",
      campaign: f.campaign,
      platform: f.platform,
      advisory: advisoryForCampaign(f.campaign),
    });
  }
}

for (const f of src.files) filePathIndicator(f);

// --- hashes -------------------------------------------------------------------------------------

const HASH_GROUPS = {
  "trivy_v0.69.4_release_artifacts_sha256": {
    advisory: ADV.trivy,
    what: "trivy v0.69.4 release artifact",
    campaign: "trivy v0.69.4",
  },
  "trivy_v0.69.4_raw_binaries_sha256_wiz": {
    advisory: ADV.trivy,
    what: "trivy v0.69.4 raw binary",
    campaign: "trivy v0.69.4",
    noteKey: "trivy_v0.69.4_raw_binaries_note",
  },
  litellm: { advisory: ADV.litellm, what: "litellm 1.82.7/1.82.8 artifact", campaign: "litellm" },
  telnyx: { advisory: ADV.telnyx, what: "telnyx 4.87.1/4.87.2 artifact", campaign: "telnyx" },
  canisterworm_npm_files: {
    advisory: undefined,
    what: "CanisterWorm npm payload",
    campaign: "CanisterWorm",
    noteKey: "canisterworm_npm_files_note",
  },
  checkmarx: {
    advisory: undefined,
    what: "Checkmarx OpenVSX extension artifact",
    campaign: "Checkmarx OpenVSX",
  },
};

/** Confidence for hash entries with no wording of their own, from the group's note (FACTS.md §3.2/§3.3). */
function groupConfidence(group) {
  const noteKey = HASH_GROUPS[group]?.noteKey;
  const note = String((noteKey && src.hashes[noteKey]) ?? "").toLowerCase();
  if (/two independent/.test(note)) return "confirmed";
  if (note) return mapConfidence(note.replace(/^source:[^;]*;\s*/, ""));
  return undefined;
}

function hashAdvisory(group, entry) {
  const file = String(entry.file);
  if (group === "checkmarx") {
    if (/ast-results/.test(file)) return ADV.astResults;
    if (/cx-dev-assist/.test(file)) return ADV.cxDevAssist;
    return undefined;
  }
  if (/litellm/i.test(file) && /telnyx/i.test(file)) return undefined;
  return HASH_GROUPS[group]?.advisory;
}

for (const [group, list] of Object.entries(src.hashes)) {
  if (!Array.isArray(list)) {
    if (!Object.values(HASH_GROUPS).some((x) => x.noteKey === group))
      throw new Error(`unknown hashes key ${group}`);
    continue;
  }
  const g = HASH_GROUPS[group];
  if (!g) throw new Error(`unknown hash group ${group}: add it to HASH_GROUPS`);
  const gConf = groupConfidence(group);
  const groupNote = g.noteKey ? src.hashes[g.noteKey] : undefined;
  for (const h of list) {
    const { refs, notes } = splitSources(h.source ? [h.source] : []);
    const confidence = h.confidence ? mapConfidence(h.confidence) : (gConf ?? confidenceFromSources(refs));
    emit({
      id: "",
      kind: "sha256",
      value: h.sha256.toLowerCase(),
      file: h.file,
      summary: `${g.what}: ${h.file}`,
      note: joinNotes(
        ...notes,
        h.confidence ? `Confidence: ${h.confidence}.` : undefined,
        !h.confidence && groupNote ? groupNote : undefined,
      ),
      references: refs.length ? refs : splitSources([groupNote ?? ""]).refs,
      confidence,
      campaign: g.campaign,
      advisory: hashAdvisory(group, h),
    });
  }
}

// Hashes that the sheet gives only on a file entry (the malicious and the legitimate entrypoint.sh).
for (const f of src.files) {
  const { refs } = splitSources(f.sources);
  const name = String(f.path).split("/").pop();
  for (const [field, safe] of [
    ["sha256", false],
    ["legit_sha256", true],
  ]) {
    const v = f[field];
    if (!v || byKey.has(key("sha256", v))) continue;
    const clause = topLevelClauses(String(f.confidence)).findIndex((c) =>
      (safe ? /legit/i : /malicious|^confirmed|^primary/i).test(c),
    );
    emit({
      id: "",
      kind: "sha256",
      value: v.toLowerCase(),
      file: name,
      summary: safe
        ? `Legitimate ${name} (${f.campaign}); known good, not reported`
        : `Malicious ${name}: ${f.role} (${f.campaign})`,
      note: `Confidence: ${f.confidence}.`,
      references: refs,
      confidence: mapConfidence(f.confidence, Math.max(0, clause)),
      campaign: f.campaign,
      advisory: advisoryForCampaign(f.campaign),
      safe: safe || undefined,
    });
  }
}

// --- container images ---------------------------------------------------------------------------

const ci = src.container_images;
const repositories = ci.repositories.map((r) => String(r).replace(/\s*\(.*\)$/, ""));
const imgRefs = splitSources([ci.digests_ghsa_source]).refs;
for (const d of ci.digests_ghsa) {
  emit({
    id: "",
    kind: "image-digest",
    value: d.digest.toLowerCase(),
    tag: d.tag,
    repositories,
    summary: `Malicious trivy image ${d.tag}`,
    references: imgRefs,
    confidence: "confirmed",
    campaign: "trivy images",
    advisory: ADV.trivy,
  });
}
{
  const x = ci["extra_digest_0.69.5"];
  const { refs } = splitSources([x.reported_as]);
  emit({
    id: "",
    kind: "image-digest",
    value: x.digest.toLowerCase(),
    tag: "0.69.5",
    repositories,
    summary: "Reported digest of the malicious trivy image 0.69.5 (absent from the GHSA table)",
    note: joinNotes(x.note, `Reported as: ${x.reported_as}.`, `Confidence: ${x.confidence}.`),
    references: refs,
    confidence: mapConfidence(x.confidence),
    campaign: "trivy images",
    advisory: ADV.trivy,
  });
}
for (const t of ci.tags_affected) {
  const m = /^(\S+)\s*(.*)$/.exec(String(t));
  const tag = m[1];
  const detail = m[2].replace(/^\((.*)\)$/, "$1");
  const windows = [
    ...detail.matchAll(
      /(\d{4}-\d{2}-\d{2})\s+~?(\d{2}:\d{2})\s+to\s+(?:(\d{4}-\d{2}-\d{2})\s+)?~?(\d{2}:\d{2})/g,
    ),
  ].map((w) => ({ start: `${w[1]}T${w[2]}Z`, end: `${w[3] ?? w[1]}T${w[4]}Z` }));
  const windowOnly = !/^\d/.test(tag);
  emit({
    id: "",
    kind: "image",
    value: `aquasec/trivy:${tag}`,
    tag,
    repositories,
    summary: windowOnly
      ? `trivy image tag ${tag} pointed at a malicious build during the exposure windows (restored since)`
      : `Malicious trivy image tag ${tag} (${detail})`,
    note: windowOnly
      ? `${detail}. Not reported by static scans: only a pull inside a window got the malicious image.`
      : /only/i.test(detail)
        ? `Pushed to ${detail.replace(/\s*only$/i, "")} only; no legitimate ${tag} exists in any repository, so a reference elsewhere is a copy of the malicious image or broken.`
        : undefined,
    references: imgRefs,
    confidence: "confirmed",
    campaign: "trivy images",
    advisory: ADV.trivy,
    windowOnly: windowOnly || undefined,
    windows: windows.length ? windows : undefined,
  });
}

// --- network ------------------------------------------------------------------------------------

const net = src.network;
for (const d of net.domains) {
  const { refs, notes } = splitSources(d.sources);
  emit({
    id: "",
    kind: "domain",
    value: d.value.toLowerCase(),
    summary: `Domain used by ${d.campaign}`,
    note: joinNotes(...notes, `Confidence: ${d.confidence}.`),
    references: refs,
    confidence: mapConfidence(d.confidence),
    campaign: d.campaign,
    advisory: advisoryForCampaign(d.campaign),
  });
}
for (const ip of net.ips) {
  const { refs, notes } = splitSources(ip.sources);
  emit({
    id: "",
    kind: "ip",
    value: ip.value,
    summary: `IP address: ${ip.context}`,
    note: joinNotes(...notes, `Confidence: ${ip.confidence}.`),
    references: refs,
    confidence: mapConfidence(ip.confidence),
    campaign: ip.context,
    advisory: advisoryForCampaign(ip.context),
  });
}
for (const u of net.urls) {
  const { refs, notes } = splitSources(u.sources);
  emit({
    id: "",
    kind: "url",
    value: u.value,
    summary: `URL contacted by the payload${u.method ? ` (${u.method})` : ""}${u.header ? `, header ${u.header}` : ""}`,
    note: joinNotes(...notes),
    references: refs,
    confidence: confidenceFromSources(refs),
    advisory: advisoryFromSources(refs),
  });
}
for (const c of net.icp_canisters) {
  const { refs } = splitSources(c.sources);
  emit({
    id: "",
    kind: "string",
    value: c.id,
    scope: "reference",
    summary: `ICP canister id used as a dead drop (gateway ${c.gateway})`,
    references: refs,
    confidence: mapConfidence(c.confidence),
    campaign: "CanisterWorm, trivy-action persistence",
  });
}
for (const h of net.http.headers) {
  emit({
    id: "",
    kind: "string",
    value: h,
    scope: "reference",
    summary: "HTTP header of the exfiltration request",
    references: [],
    confidence: "confirmed",
    campaign: "TeamPCP stealers",
  });
}
for (const ua of net.http.user_agents) {
  if (/not captured/i.test(ua.context)) continue; // no value to match: "spoofed browser User-Agent"
  const { refs, notes } = splitSources([ua.source]);
  emit({
    id: "",
    kind: "user-agent",
    value: ua.value,
    summary: `User-Agent: ${ua.context}`,
    note: joinNotes(...notes),
    references: refs,
    confidence: /relayed/i.test(`${ua.source} ${ua.context}`) ? "relayed" : "single",
    campaign: ua.context,
  });
}

// --- GitHub ---------------------------------------------------------------------------------------

const gh = src.github;
for (const r of gh.exfil_repo_names) {
  const { refs, notes } = splitSources(r.sources);
  for (const part of String(r.pattern).split(" / ")) {
    const value = part.trim().replace(/<[^>]+>/g, "*");
    emit({
      id: "",
      kind: "repo-name",
      value,
      summary: `Exfiltration repository name: ${r.context}`,
      note: joinNotes(...notes, `Confidence: ${r.confidence}.`),
      references: refs,
      confidence: mapConfidence(r.confidence),
    });
  }
}
for (const a of gh.accounts) {
  const { refs, notes } = splitSources(a.sources);
  for (const login of String(a.login).split(" / ")) {
    emit({
      id: "",
      kind: "github-account",
      value: login.trim(),
      summary: `GitHub account: ${a.role}`,
      note: joinNotes(
        a.github_id ? `GitHub id ${a.github_id}.` : undefined,
        ...notes,
        a.confidence ? `Confidence: ${a.confidence}.` : undefined,
      ),
      references: refs,
      confidence: a.confidence ? mapConfidence(a.confidence) : confidenceFromSources(refs),
    });
  }
}

const mc = gh.malicious_commits;
const ACTION_REPOS = new Set([
  "aquasecurity/trivy-action",
  "aquasecurity/setup-trivy",
  "Checkmarx/kics-github-action",
]);
for (const [repoKey, list] of Object.entries(mc)) {
  if (!Array.isArray(list)) continue;
  const imposter = /imposter/.test(repoKey);
  const repo = repoKey.replace(/\s*\(.*\)$/, "");
  const groupSource = mc[`${repoKey}_source`];
  for (const item of list) {
    const entry = typeof item === "string" ? { sha: item } : item;
    // Per-entry sources keep their wording in the note; a group's source only contributes its URL.
    const { refs, notes } = entry.sources
      ? splitSources(entry.sources)
      : { refs: splitSources([groupSource ?? ""]).refs, notes: [] };
    const conf = entry.confidence ? mapConfidence(entry.confidence) : "confirmed";
    const advisory = /^aquasecurity\/|^actions\/checkout/.test(repo)
      ? ADV.trivy
      : /kics/i.test(repo)
        ? ADV.kics
        : undefined;
    const sha = entry.sha.toLowerCase();
    if (ACTION_REPOS.has(repo) || imposter) {
      emit({
        id: "",
        kind: "action-ref",
        value: `${repo}@${sha}`,
        action: repo,
        ref: sha,
        refType: "sha",
        tag: entry.tag ?? undefined,
        summary: imposter
          ? `Imposter ${repo} commit (fork network) used in the malicious trivy v0.69.4 release`
          : `Malicious ${repo} commit${entry.tag ? ` (hijacked tag ${entry.tag})` : ""}`,
        note: joinNotes(
          entry.replaced_legit ? `Replaced the legitimate pin ${entry.replaced_legit}.` : undefined,
          ...notes,
          entry.confidence ? `Confidence: ${entry.confidence}.` : undefined,
        ),
        references: refs,
        confidence: conf,
        advisory,
      });
      if (entry.replaced_legit) {
        const legit = /^([0-9a-f]{40})\s*(.*)$/.exec(entry.replaced_legit);
        emit({
          id: "",
          kind: "action-ref",
          value: `${repo}@${legit[1]}`,
          action: repo,
          ref: legit[1],
          refType: "sha",
          tag: legit[2].replace(/^\(#\s*|\)$/g, "") || undefined,
          safe: true,
          summary: `Legitimate ${repo} commit that the imposter commit replaced (known good)`,
          references: refs,
          confidence: conf,
        });
      }
    } else {
      emit({
        id: "",
        kind: "commit",
        value: sha,
        repository: repo,
        summary: `Malicious commit in ${repo}${entry.role ? `: ${entry.role}` : ""}`,
        note: joinNotes(...notes, entry.confidence ? `Confidence: ${entry.confidence}.` : undefined),
        references: refs,
        confidence: conf,
        advisory: repo === "aquasecurity/trivy" ? ADV.trivy : undefined,
      });
    }
  }
  const extra = mc[`${repoKey}_extra_single_source`];
  if (extra) {
    const m = /^([0-9a-f]{40})\s*(.*)$/.exec(extra);
    const { refs } = splitSources([m[2]]);
    emit({
      id: "",
      kind: "action-ref",
      value: `${repo}@${m[1]}`,
      action: repo,
      ref: m[1],
      refType: "sha",
      summary: `${repo} commit flagged as compromised by one source`,
      note: m[2].replace(/^\(|\)$/g, ""),
      references: refs,
      confidence: "single",
      advisory: ADV.trivy,
    });
  }
}
{
  const kg = gh.known_good_commits;
  const { refs } = splitSources(kg.sources);
  for (const [label, sha] of Object.entries(kg)) {
    if (label === "sources") continue;
    const m = /^([^@]+)@(\S+)\s*(.*)$/.exec(label);
    emit({
      id: "",
      kind: "action-ref",
      value: `${m[1]}@${sha}`,
      action: m[1],
      ref: sha,
      refType: "sha",
      tag: m[2],
      safe: true,
      summary: `${m[1]} ${m[2]}${m[3] ? ` ${m[3]}` : ""}: known-good commit; not reported`,
      references: refs,
      confidence: "confirmed",
    });
  }
}
for (const r of ACTION_TAG_RULES) {
  const ref =
    r.refType === "tag-range" ? `${r.range.prefix}${r.range.from}..${r.range.prefix}${r.range.to}` : r.ref;
  emit({
    id: "",
    kind: "action-ref",
    value: `${r.action}@${ref}`,
    action: r.action,
    ref: r.refType === "tag-range" ? undefined : r.ref,
    refType: r.refType,
    range: r.range,
    safe: r.safe,
    summary: r.summary,
    note: r.note,
    references: r.references,
    confidence: r.confidence,
    advisory: r.advisory,
    windows: r.windows,
  });
}

// --- Kubernetes -----------------------------------------------------------------------------------

const k8s = src.kubernetes;
{
  const l = k8s.litellm;
  const { refs } = splitSources(l.sources);
  emit({
    id: "",
    kind: "k8s-name",
    value: l.pod_name_pattern.replace(/<[^>]+>/g, "*"),
    summary: `Pod in ${l.namespace}: ${l.spec} (image ${l.image})`,
    references: refs,
    confidence: confidenceFromSources(refs),
    campaign: "litellm",
    advisory: ADV.litellm,
  });
  const c = k8s.canisterworm;
  const cr = splitSources(c.sources).refs;
  for (const ds of c.daemonsets) {
    const m = /^(\S+)\s*\((.*)\)$/.exec(ds);
    emit({
      id: "",
      kind: "k8s-name",
      value: m[1],
      summary: `DaemonSet in ${c.namespace}: ${m[2]}`,
      references: cr,
      confidence: mapConfidence(c.confidence),
      campaign: "CanisterWorm",
    });
    const container = /container '([^']+)'/.exec(m[2]);
    if (container)
      emit({
        id: "",
        kind: "k8s-name",
        value: container[1],
        summary: `Container of DaemonSet ${m[1]} (image ${c.image}, host ${c.hostPath})`,
        references: cr,
        confidence: mapConfidence(c.confidence),
        campaign: "CanisterWorm",
      });
  }
}

// --- strings ---------------------------------------------------------------------------------------

// The CanisterWorm functions and payload variable (FACTS.md §6.1): searched in the file an npm
// install script runs. The other markers are too generic for a content search (a detection tool
// contains them too) and stay reference data.
const NODE_MARKERS = new Set([
  "findNpmTokens",
  "getOwnedPackages",
  "bumpPatch",
  "deployWithToken",
  "BASE64_PAYLOAD",
]);
{
  const s = src.strings;
  const { refs } = splitSources(s.rsa_public_key_prefix_sources);
  emit({
    id: "",
    kind: "string",
    value: s.rsa_public_key_prefix,
    scope: "reference",
    summary: "Prefix of the RSA-4096 public key shared by the TeamPCP stealers",
    references: refs,
    confidence: confidenceFromSources(refs),
  });
  for (const raw of s.markers) {
    const m = /^(.*?)\s+\(([^()]*)\)$/.exec(raw);
    const value = m ? m[1] : raw;
    const qualifier = m ? m[2] : undefined;
    const node = NODE_MARKERS.has(value);
    emit({
      id: "",
      kind: "string",
      value,
      scope: node ? "node-modules" : "reference",
      summary: node
        ? `CanisterWorm installer/propagation marker ${value}`
        : `TeamPCP marker string${qualifier ? ` (${qualifier})` : ""}`,
      note: qualifier && !/relayed/.test(qualifier) ? qualifier : undefined,
      references: [],
      confidence: qualifier && /relayed/.test(qualifier) ? "relayed" : "confirmed",
      campaign: node ? "CanisterWorm" : undefined,
      advisory: value === "System Telemetry Service" ? ADV.litellm : undefined,
    });
  }
}

// --- later activity (IPs listed in the FBI FLASH, relayed) -----------------------------------------

for (const item of src.later_activity_not_verified_in_depth) {
  const { refs } = splitSources(item.sources);
  for (const ip of String(item.what).match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? []) {
    emit({
      id: "",
      kind: "ip",
      value: ip,
      summary: `IP address listed as a TeamPCP IOC (${item.when})`,
      note: `${item.what}`,
      references: refs,
      confidence: "relayed",
    });
  }
}

// --- ids and output ----------------------------------------------------------------------------------

const existing = new Map();
let maxId = 0;
if (existsSync(out)) {
  try {
    const prev = JSON.parse(readFileSync(out, "utf8"));
    for (const i of prev.indicators ?? []) {
      existing.set(key(i.kind, i.value), i.id);
      const n = Number(String(i.id).slice(ID_PREFIX.length));
      if (String(i.id).startsWith(ID_PREFIX) && n > maxId) maxId = n;
    }
  } catch {
    // an unreadable previous file: ids are assigned afresh in emission order
  }
}
for (const ind of emitted) {
  const prevId = existing.get(key(ind.kind, ind.value));
  ind.id = prevId ?? `${ID_PREFIX}${String(++maxId).padStart(4, "0")}`;
}

const ORDER = [
  "id",
  "kind",
  "value",
  "advisory",
  "summary",
  "confidence",
  "safe",
  "windowOnly",
  "scope",
  "matchExistence",
  "sha256",
  "file",
  "action",
  "ref",
  "refType",
  "range",
  "tag",
  "repository",
  "repositories",
  "platform",
  "campaign",
  "windows",
  "references",
  "note",
];
function ordered(ind) {
  const o = {};
  for (const k of ORDER) if (ind[k] !== undefined) o[k] = ind[k];
  for (const k of Object.keys(ind)) if (!(k in o)) throw new Error(`field ${k} missing from ORDER`);
  return o;
}

const doc = {
  $schema: "../../schemas/ioc.schema.json",
  format: "lockwarden-ioc",
  version: 1,
  source: {
    name: "TeamPCP campaign (March 2026) fact sheet",
    file: "teampcp/indicators.json",
    generated: src._meta.generated,
    scope: src._meta.scope,
    caveat: src._meta.caveat,
    generator: "scripts/seed-indicators.mjs",
  },
  indicators: emitted.map(ordered),
};
const text = `${JSON.stringify(doc, null, 2)}\n`;

if (check) {
  const cur = existsSync(out) ? readFileSync(out, "utf8") : "";
  if (cur !== text) {
    console.error(`${out} is out of date; run: node scripts/seed-indicators.mjs`);
    process.exit(1);
  }
  console.log(`${out} is up to date (${emitted.length} indicators)`);
} else {
  writeFileSync(out, text);
  const counts = {};
  for (const i of emitted) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
  console.log(`wrote ${out}: ${emitted.length} indicators ${JSON.stringify(counts)}`);
}
