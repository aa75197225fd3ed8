// Reads one YAML document of a pnpm-lock.yaml into packages, alias pairs and graph edges.
// One pass over each section of the parsed node tree; lines come from the key nodes' ranges.
// Order: packages (one PackageRef per key without its peer suffix) → v9 snapshots (graph and
// optional flags) → importers (roots, direct deps) → resolve every dependency reference once
// (edges, alias pairs, dangling references) → v9 dev group by reachability.

import { posix } from "node:path";
import { type Document, isMap, type LineCounter } from "yaml";
import { type Diagnostic, diagnostic } from "../../core/diagnostics.js";
import type { PackageGroup, PackageRef } from "../../core/types.js";
import { classify } from "./classify.js";
import { baseKey, guessStyle, type KeyStyle, parseKey, refToKey, styleOf } from "./dep-path.js";
import { reachable } from "./reach.js";
import {
  type DepKind,
  IMPORTER_DEP_FIELDS,
  importerRef,
  offsetOf,
  pairs,
  readEntry,
  text,
} from "./schema.js";

/** Accumulates the result over every document of one file. */
export interface FileState {
  path: string;
  lines: LineCounter;
  packages: PackageRef[];
  diagnostics: Diagnostic[];
  roots: Map<string, string>;
  edges: Map<string, Set<string>>;
  variants: string[];
}

export interface DocumentOptions {
  /** Prefix for node ids, so two documents of one file never share an id. */
  prefix: string;
  /** False for pnpm 11's env document (its root gets its own label). */
  main: boolean;
}

interface PkgNode {
  ref: PackageRef;
  /** v5/v6: every peer variant says `dev: true` / `optional: true`; v9: every snapshot `optional: true`. */
  allDev: boolean;
  allOptional: boolean;
  /** Some entry with flags (a v5/v6 variant, a v9 snapshot) was seen; dangling nodes have none. */
  flagged: boolean;
}

interface RawRef {
  from: string;
  /** Full key (peers included) of the referring snapshot or importer; v9 reachability only. */
  fromFull: string;
  /** Directory `link:` values are relative to (the importer, or the lockfile root). */
  base: string;
  name: string;
  ref: string;
  line: number;
  kind: DepKind;
  importer: boolean;
}

const MAX_SHOWN = 200;

function shown(s: string): string {
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
}

export function readDocument(doc: Document, state: FileState, opts: DocumentOptions): void {
  new DocumentReader(doc, state, opts).read();
}

class DocumentReader {
  readonly #doc: Document;
  readonly #s: FileState;
  readonly #prefix: string;
  readonly #main: boolean;
  #style: KeyStyle = "v9";
  /** Node id → its packages (one, unless peer variants disagree on name or version). */
  readonly #nodes = new Map<string, PkgNode[]>();
  readonly #byIdentity = new Map<string, PkgNode>();
  readonly #refs: RawRef[] = [];
  readonly #importers = new Set<string>();
  /** v9: full key → adjacency (importer ids included), for the dev group. */
  readonly #adjacency = new Map<string, string[]>();
  readonly #devIds = new Set<string>();
  #aliases: Array<{ alias: string; node: PkgNode; direct: boolean }> = [];

  constructor(doc: Document, state: FileState, opts: DocumentOptions) {
    this.#doc = doc;
    this.#s = state;
    this.#prefix = opts.prefix;
    this.#main = opts.main;
  }

  #line(node: unknown): number | undefined {
    const at = offsetOf(node);
    return at === undefined ? undefined : this.#s.lines.linePos(at).line;
  }

  /** A full key (peers kept) as a reachability node; drops the leading `/` pnpm 9 betas wrote. */
  #full(key: string): string {
    return this.#prefix + (this.#style === "v9" && key.startsWith("/") ? key.slice(1) : key);
  }

  #diag(d: Diagnostic): void {
    this.#s.diagnostics.push(d);
  }

  #at(line: number | undefined): { path: string; line?: number } {
    return line === undefined ? { path: this.#s.path } : { path: this.#s.path, line };
  }

  read(): void {
    const root = this.#doc.contents;
    if (root === null || root === undefined) return; // an empty document (`---` alone)
    if (!isMap(root)) {
      if (text(root) === "") return;
      this.#diag(
        diagnostic(
          "LOCKFILE_UNPARSABLE",
          { reason: "not a pnpm lockfile: the document is not a mapping" },
          this.#at(this.#line(root)),
        ),
      );
      return;
    }
    const top = pairs(root);
    let version: string | undefined;
    let versionLine: number | undefined;
    const packages: unknown[] = [];
    const snapshots: unknown[] = [];
    const importers: unknown[] = [];
    const topLevelDeps: Array<{ field: keyof typeof IMPORTER_DEP_FIELDS; node: unknown }> = [];
    for (const p of top) {
      const k = text(p.key);
      switch (k) {
        case "lockfileVersion":
          version = text(p.value);
          versionLine = this.#line(p.key);
          break;
        case "packages":
          packages.push(p.value);
          break;
        case "snapshots":
          snapshots.push(p.value);
          break;
        case "importers":
          importers.push(p.value);
          break;
        case "dependencies":
        case "devDependencies":
        case "optionalDependencies":
          topLevelDeps.push({ field: k, node: p.value });
          break;
      }
    }
    if (!this.#chooseStyle(version, versionLine, packages, importers.length > 0)) return;

    for (const section of packages) this.#readPackages(section, snapshots.length > 0);
    for (const section of snapshots) this.#readSnapshots(section);
    if (importers.length > 0) for (const section of importers) this.#readImporters(section);
    else if (topLevelDeps.length > 0 || packages.length > 0) this.#readImporter(".", topLevelDeps);
    this.#resolveRefs();
    this.#finish();
  }

  #chooseStyle(
    version: string | undefined,
    versionLine: number | undefined,
    packages: unknown[],
    hasImporters: boolean,
  ): boolean {
    const parsed = version === undefined ? undefined : styleOf(version);
    if (parsed) {
      this.#style = parsed.style;
      this.#s.variants.push(`lockfileVersion ${version}`);
      if (parsed.major < 5 || parsed.major > 9) {
        this.#diag(
          diagnostic(
            "LOCKFILE_UNSUPPORTED",
            { reason: `lockfileVersion ${version} (supported: 5.x, 6.x, 9.x); read as ${parsed.style}` },
            this.#at(versionLine),
          ),
        );
      }
      return true;
    }
    const firstKey = packages.flatMap((s) => pairs(s).slice(0, 1)).map((p) => text(p.key))[0];
    if (firstKey === undefined && !hasImporters) {
      this.#diag(
        diagnostic(
          "LOCKFILE_UNPARSABLE",
          { reason: "not a pnpm lockfile: no lockfileVersion, importers or packages" },
          this.#at(this.#line(this.#doc.contents)),
        ),
      );
      return false;
    }
    this.#style = firstKey === undefined ? "v9" : guessStyle(firstKey);
    this.#s.variants.push(`lockfileVersion ${version ?? "missing"}`);
    this.#diag(
      diagnostic(
        "LOCKFILE_UNPARSABLE",
        {
          reason: `lockfileVersion ${version === undefined ? "is missing" : `"${shown(version)}" is not a version`}; read as ${this.#style}`,
        },
        this.#at(versionLine ?? this.#line(this.#doc.contents)),
      ),
    );
    return true;
  }

  #skip(entry: string, reason: string, line: number | undefined, severity?: "warning"): void {
    this.#diag(diagnostic("ENTRY_SKIPPED", { entry: shown(entry), reason }, this.#at(line), severity));
  }

  /** Checks a section's keys are unique (the YAML parser's own check is quadratic, so it is off). */
  *#keys(section: unknown, what: string): Generator<{ key: string; line: number; value: unknown }> {
    const seen = new Set<string>();
    for (const p of pairs(section)) {
      const line = this.#line(p.key) ?? 0;
      const key = text(p.key);
      if (key === undefined) {
        this.#skip(
          `at line ${line} of ${what}`,
          "the key is not a plain string (an alias or a collection)",
          line,
        );
        continue;
      }
      if (seen.has(key)) {
        this.#diag(
          diagnostic(
            "LOCKFILE_INCONSISTENT",
            { entry: shown(key), reason: `duplicate key in ${what}; every copy is read` },
            this.#at(line),
          ),
        );
      }
      seen.add(key);
      yield { key, line, value: p.value };
    }
  }

  #readPackages(section: unknown, withSnapshots: boolean): void {
    for (const { key, line, value } of this.#keys(section, "packages")) {
      const parsed = parseKey(key, this.#style);
      if (!isMap(value) && text(value) !== "") {
        this.#skip(key, "the entry is not a mapping; name and version taken from the key", line, "warning");
      }
      const fields = readEntry(value);
      const name = fields.name ?? parsed.name;
      // A local key's "version" is its path; only an explicit version field is a version.
      const version = fields.version ?? (parsed.kind === "local" ? undefined : parsed.version);
      if (parsed.kind === "invalid" && !(fields.name && fields.version)) {
        this.#skip(key, `not a pnpm ${this.#style} package key`, line);
        continue;
      }
      if (!name) {
        this.#skip(key, "no package name in the key or a name field", line);
        continue;
      }
      const origin = classify(parsed.kind, fields.resolution, parsed.version);
      if (version === undefined && origin.source !== "path") {
        this.#skip(key, "no version in the key or a version field", line);
        continue;
      }
      const id = this.#prefix + parsed.base;
      const node = this.#node(id, name, version, line, origin);
      // v5/v6 keep flags and dependencies here; so does a v9-style file without snapshots.
      if (this.#style !== "v9" || !withSnapshots) {
        node.allDev &&= fields.dev === true;
        node.allOptional &&= fields.optional === true;
        node.flagged = true;
        this.#entryRefs(id, this.#full(key), fields.dependencies, fields.optionalDependencies);
      }
    }
  }

  /** The node for (id, name, version): peer variants of one package collapse into one PackageRef. */
  #node(
    id: string,
    name: string,
    version: string | undefined,
    line: number,
    origin: ReturnType<typeof classify>,
  ): PkgNode {
    const identity = `${id}\0${name}\0${version ?? "\0"}`;
    const same = this.#byIdentity.get(identity);
    if (same) return same;
    const ref: PackageRef = {
      ecosystem: "npm",
      name,
      source: origin.source,
      location: { path: this.#s.path, line },
    };
    if (version !== undefined) ref.version = version;
    if (origin.resolved !== undefined) ref.resolved = origin.resolved;
    if (origin.hashes) ref.hashes = origin.hashes;
    ref.nodeId = id;
    const node: PkgNode = { ref, allDev: true, allOptional: true, flagged: false };
    this.#byIdentity.set(identity, node);
    const list = this.#nodes.get(id);
    if (list) list.push(node);
    else this.#nodes.set(id, [node]);
    return node;
  }

  #entryRefs(from: string, fromFull: string, deps: unknown, optionalDeps: unknown): void {
    this.#mapRefs(from, fromFull, ".", deps, "prod", false);
    this.#mapRefs(from, fromFull, ".", optionalDeps, "optional", false);
  }

  #mapRefs(
    from: string,
    fromFull: string,
    base: string,
    map: unknown,
    kind: DepKind,
    importer: boolean,
  ): void {
    for (const p of pairs(map)) {
      const name = text(p.key);
      const ref = importer ? importerRef(p.value) : text(p.value);
      const line = this.#line(p.key) ?? 0;
      if (name === undefined || ref === undefined || ref === "") {
        this.#skip(
          name === undefined ? `at line ${line}` : name,
          "dependency reference is not a plain string; its edge is not recorded",
          line,
          "warning",
        );
        continue;
      }
      this.#refs.push({ from, fromFull, base, name, ref, line, kind, importer });
    }
  }

  #readSnapshots(section: unknown): void {
    for (const { key, line, value } of this.#keys(section, "snapshots")) {
      const full = this.#full(key);
      const parsed = parseKey(key, this.#style);
      const id = this.#prefix + parsed.base;
      const fields = readEntry(value);
      let nodes = this.#nodes.get(id);
      if (!nodes) {
        // A snapshot with no packages entry: pnpm could not install it, but it names a package.
        const created = this.#dangling(key, line, "snapshot without a packages entry");
        if (!created) continue;
        nodes = [created];
      }
      for (const n of nodes) {
        n.allOptional &&= fields.optional === true;
        n.flagged = true;
      }
      this.#entryRefs(id, full, fields.dependencies, fields.optionalDependencies);
    }
  }

  /** Reports a package that is only referenced, from its key; undefined when the key names none. */
  #dangling(key: string, line: number, why: string): PkgNode | undefined {
    const parsed = parseKey(key, this.#style);
    if (!parsed.name || parsed.version === undefined || parsed.kind === "invalid") {
      this.#skip(key, `${why}, and the key names no package`, line);
      return undefined;
    }
    this.#diag(
      diagnostic(
        "LOCKFILE_INCONSISTENT",
        { entry: shown(key), reason: `${why}; reported from the key` },
        this.#at(line),
      ),
    );
    const origin = classify(parsed.kind, undefined, parsed.version);
    const version = parsed.kind === "local" ? undefined : parsed.version;
    return this.#node(this.#prefix + parsed.base, parsed.name, version, line, origin);
  }

  #readImporters(section: unknown): void {
    for (const { key, value } of this.#keys(section, "importers")) {
      const fields: Array<{ field: keyof typeof IMPORTER_DEP_FIELDS; node: unknown }> = [];
      for (const p of pairs(value)) {
        const k = text(p.key);
        if (k !== undefined && Object.hasOwn(IMPORTER_DEP_FIELDS, k))
          fields.push({ field: k as keyof typeof IMPORTER_DEP_FIELDS, node: p.value });
      }
      this.#readImporter(key, fields);
    }
  }

  #importerId(path: string): string {
    return `${this.#prefix}importer:${path}`;
  }

  #readImporter(
    path: string,
    fields: Array<{ field: keyof typeof IMPORTER_DEP_FIELDS; node: unknown }>,
  ): void {
    const id = this.#importerId(path);
    this.#importers.add(path);
    this.#s.roots.set(id, path === "." ? (this.#main ? "(root)" : "(pnpm env)") : path);
    for (const { field, node } of fields) this.#mapRefs(id, id, path, node, IMPORTER_DEP_FIELDS[field], true);
  }

  #edge(from: string, to: string): void {
    const set = this.#s.edges.get(from);
    if (set) set.add(to);
    else this.#s.edges.set(from, new Set([to]));
  }

  #resolveRefs(): void {
    const aliases = new Map<string, { alias: string; node: PkgNode; direct: boolean }>();
    const direct = new Set<PkgNode>();
    const v9 = this.#style === "v9";
    for (const r of this.#refs) {
      const target = refToKey(r.ref, r.name, this.#style);
      if ("link" in target) {
        const to = posix.normalize(posix.join(r.base, target.link)).replace(/\/+$/, "") || ".";
        if (this.#importers.has(to)) this.#edge(r.from, this.#importerId(to));
        continue;
      }
      const id = this.#prefix + baseKey(target.key, this.#style);
      let nodes = this.#nodes.get(id);
      if (!nodes) {
        const created = this.#dangling(
          target.key,
          r.line,
          `no packages entry (referenced as ${shown(r.name)}: ${shown(r.ref)})`,
        );
        if (!created) continue;
        nodes = [created];
      }
      this.#edge(r.from, id);
      if (v9) {
        const adj = this.#adjacency.get(r.fromFull);
        const to = this.#full(target.key);
        if (adj) adj.push(to);
        else this.#adjacency.set(r.fromFull, [to]);
      }
      // Peer variants that disagree on name/version are separate nodes; the key names the first.
      const node = nodes[0] as PkgNode;
      if (node.ref.name !== r.name) {
        const k = `${r.name}\0${id}`;
        const seen = aliases.get(k);
        if (seen) seen.direct ||= r.importer;
        else aliases.set(k, { alias: r.name, node, direct: r.importer });
      } else if (r.importer) direct.add(node);
    }
    for (const list of this.#nodes.values()) for (const n of list) n.ref.direct = direct.has(n);
    this.#aliases = [...aliases.values()];
    if (v9) this.#devByReachability();
  }

  /** v9 has no dev flags: a package is dev when only importers' devDependencies reach it. */
  #devByReachability(): void {
    const prod: string[] = [];
    const dev: string[] = [];
    for (const r of this.#refs) {
      if (!r.importer || r.ref.startsWith("link:")) continue;
      const target = refToKey(r.ref, r.name, "v9");
      if ("link" in target) continue;
      (r.kind === "dev" ? dev : prod).push(this.#full(target.key));
    }
    // Per package: some snapshot reached from dev roots, none from prod roots.
    const prodIds = new Set<string>();
    for (const full of reachable(this.#adjacency, prod)) prodIds.add(this.#idOfFull(full));
    for (const full of reachable(this.#adjacency, dev)) {
      const id = this.#idOfFull(full);
      if (!prodIds.has(id)) this.#devIds.add(id);
    }
  }

  #idOfFull(full: string): string {
    return this.#prefix + baseKey(full.slice(this.#prefix.length), "v9");
  }

  #finish(): void {
    const out = this.#s.packages;
    const v9 = this.#style === "v9";
    const withGroups = (n: PkgNode): PackageGroup[] => {
      const groups: PackageGroup[] = [];
      const dev = v9 ? this.#devIds.has(n.ref.nodeId ?? "") : n.allDev && n.flagged;
      if (dev) groups.push("dev");
      if (n.allOptional && n.flagged) groups.push("optional");
      return groups;
    };
    for (const list of this.#nodes.values()) {
      for (const n of list) {
        const groups = withGroups(n);
        if (groups.length > 0) n.ref.groups = groups;
        out.push(n.ref);
      }
    }
    for (const a of this.#aliases) {
      const ref: PackageRef = {
        ...a.node.ref,
        alias: a.alias,
        direct: a.direct,
        location: { ...a.node.ref.location },
      };
      if (a.node.ref.groups) ref.groups = [...a.node.ref.groups];
      out.push(ref);
    }
  }
}
