// .lockwarden.yml: one config file, validated strictly. Unknown keys and bad values are usage
// errors (exit 2) that name the key path and line, because a typo in an ignore list must not
// silently change what gates a build. The JSON schema in schemas/lockwarden-config.schema.json
// documents the same shape for editors.

import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type YAMLMap } from "yaml";
import type { FailOn, IgnoreRule, OmitGroup } from "../core/policy.js";
import { yamlTooDeep } from "../core/yaml-guard.js";

export interface Config {
  failOn?: FailOn;
  ignore: IgnoreRule[];
  exclude: string[];
  omit: OmitGroup[];
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly key: string,
    reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${key}: ${reason}`);
    this.name = "ConfigError";
  }
}

const FAIL_ON: readonly FailOn[] = ["critical", "high", "moderate", "low", "none"];
const OMIT: readonly OmitGroup[] = ["dev", "optional"];
const TOP_KEYS = new Set(["failOn", "ignore", "exclude", "omit"]);
const IGNORE_KEYS = new Set(["id", "package", "version", "path", "reason", "expires"]);

/** Parses config text (YAML, or JSON, which is YAML). `file` is used in errors and rule locations. */
export function parseConfig(text: string, file: string): Config {
  const deep = yamlTooDeep(text);
  if (deep !== undefined)
    throw new ConfigError(file, deep, "(document)", "nested too deeply to be a lockwarden config");
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const lineOf = (n: Node | Pair | null | undefined): number | undefined => {
    const range = n && "range" in n ? n.range : n && "key" in n && isScalar(n.key) ? n.key.range : undefined;
    return range ? lc.linePos(range[0]).line : undefined;
  };
  const err = doc.errors[0];
  if (err)
    throw new ConfigError(
      file,
      lc.linePos(err.pos[0]).line,
      "(document)",
      err.message.split("\n")[0] ?? "invalid YAML",
    );
  const config: Config = { ignore: [], exclude: [], omit: [] };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) return config;
  if (!isMap(root)) throw new ConfigError(file, lineOf(root), "(document)", "must be a mapping of keys");

  for (const pair of (root as YAMLMap).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const line = lineOf(pair.key as Node);
    const value = pair.value as Node | null;
    if (!TOP_KEYS.has(key))
      throw new ConfigError(file, line, key, `unknown key (allowed: ${[...TOP_KEYS].join(", ")})`);
    if (key === "failOn") {
      const v = scalarString(value);
      if (v === undefined || !FAIL_ON.includes(v as FailOn)) {
        throw new ConfigError(file, lineOf(value) ?? line, "failOn", `must be one of ${FAIL_ON.join(", ")}`);
      }
      config.failOn = v as FailOn;
    } else if (key === "exclude" || key === "omit") {
      const items = stringList(value, file, key, line, lineOf);
      if (key === "omit") {
        for (const [i, it] of items.entries()) {
          if (!OMIT.includes(it as OmitGroup))
            throw new ConfigError(file, line, `omit[${i}]`, `must be dev or optional, not "${it}"`);
        }
        config.omit = items as OmitGroup[];
      } else config.exclude = items;
    } else {
      if (!isSeq(value))
        throw new ConfigError(file, lineOf(value) ?? line, "ignore", "must be a list of entries");
      value.items.forEach((item, i) => {
        config.ignore.push(ignoreEntry(item as Node, `ignore[${i}]`, file, lineOf));
      });
    }
  }
  return config;
}

function ignoreEntry(
  node: Node,
  at: string,
  file: string,
  lineOf: (n: Node | Pair | null | undefined) => number | undefined,
): IgnoreRule {
  if (!isMap(node)) throw new ConfigError(file, lineOf(node), at, "must be a mapping with id and reason");
  const fields: Record<string, string> = {};
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const line = lineOf(pair.key as Node);
    if (!IGNORE_KEYS.has(key)) {
      throw new ConfigError(
        file,
        line,
        `${at}.${key}`,
        `unknown key (allowed: ${[...IGNORE_KEYS].join(", ")})`,
      );
    }
    const v = scalarString(pair.value as Node | null);
    if (v === undefined || v === "")
      throw new ConfigError(file, line, `${at}.${key}`, "must be a non-empty string");
    fields[key] = v;
  }
  const line = lineOf(node);
  if (!fields["id"]) throw new ConfigError(file, line, `${at}.id`, "is required");
  if (!fields["reason"])
    throw new ConfigError(file, line, `${at}.reason`, "is required: say why this finding is accepted");
  const expires = fields["expires"];
  if (expires !== undefined && !isDate(expires)) {
    throw new ConfigError(file, line, `${at}.expires`, `must be a date YYYY-MM-DD, not "${expires}"`);
  }
  const rule: IgnoreRule = { id: fields["id"], reason: fields["reason"] };
  if (fields["package"]) rule.package = fields["package"];
  if (fields["version"]) rule.version = fields["version"];
  if (fields["path"]) rule.path = fields["path"];
  if (expires) rule.expires = expires;
  rule.source = line === undefined ? { path: file } : { path: file, line };
  return rule;
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

function scalarString(n: Node | null): string | undefined {
  if (!n || !isScalar(n)) return undefined;
  const v = n.value;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "string" || typeof v === "number") return String(v);
  return undefined;
}

function stringList(
  n: Node | null,
  file: string,
  key: string,
  line: number | undefined,
  lineOf: (n: Node | Pair | null | undefined) => number | undefined,
): string[] {
  if (!isSeq(n)) throw new ConfigError(file, lineOf(n) ?? line, key, "must be a list of strings");
  return n.items.map((it, i) => {
    const v = scalarString(it as Node);
    if (v === undefined || v === "")
      throw new ConfigError(file, lineOf(it as Node) ?? line, `${key}[${i}]`, "must be a string");
    return v;
  });
}
