// Deterministic synthetic inputs for the benchmark: a large package-lock v3, a pnpm-lock v9, a
// monorepo of small mixed lockfiles among many ordinary files, and an OSV database. Shapes follow
// what npm, pnpm, yarn, uv, poetry and pipenv really write (field order, indentation, quoting), so
// the parsers do the same work they do on real files; contents are random but seeded.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { integrity, npmNames, pythonNames, Rng, semverLike } from "./prng.mjs";

const LICENSES = ["MIT", "ISC", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause", "MIT", "MIT"];

function registryUrl(name, version) {
  const base = name.startsWith("@") ? name.slice(name.indexOf("/") + 1) : name;
  return `https://registry.npmjs.org/${name}/-/${base}-${version}.tgz`;
}

function depsFrom(rng, names, versions, max) {
  const n = Math.round((rng.float() + rng.float()) * max * 0.4);
  if (n === 0) return undefined;
  const deps = {};
  for (let i = 0; i < n; i++) {
    const d = rng.pick(names);
    deps[d] = `^${versions.get(d)}`;
  }
  return deps;
}

/**
 * package-lock.json v3: `entries` registry packages (about 70% top-level, the rest nested one or
 * two levels under another package, as npm does for conflicting versions), plus `workspaces`
 * workspace folders with their `link` entries. Returns the text and the number of registry entries.
 */
export function packageLockV3(seed, entries, workspaces = 5) {
  const rng = new Rng(seed);
  const topCount = Math.round(entries * 0.7);
  const names = npmNames(rng, topCount);
  const versions = new Map(names.map((n) => [n, semverLike(rng)]));
  const packages = {};
  const wsNames = Array.from({ length: workspaces }, (_, i) => `@bench/app-${i}`);
  packages[""] = {
    name: "bench-monorepo",
    version: "1.0.0",
    license: "MIT",
    workspaces: ["packages/*"],
    dependencies: depsFrom(rng, names, versions, 40) ?? {},
    devDependencies: depsFrom(rng, names, versions, 40) ?? {},
  };
  for (let i = 0; i < workspaces; i++) {
    packages[`node_modules/${wsNames[i]}`] = { resolved: `packages/app-${i}`, link: true };
  }
  const fill = (key, name, version, nested) => {
    const e = { version, resolved: registryUrl(name, version), integrity: integrity(rng) };
    if (rng.chance(0.35)) e.dev = true;
    else if (rng.chance(0.05)) e.optional = true;
    else if (rng.chance(0.03)) e.peer = true;
    e.license = rng.pick(LICENSES);
    // Real lockfiles average four to six dependencies per entry, which is most of their bytes.
    const deps = depsFrom(rng, names, versions, nested ? 14 : 26);
    if (deps) e.dependencies = deps;
    if (rng.chance(0.05)) e.peerDependencies = depsFrom(rng, names, versions, 2) ?? { react: "*" };
    if (rng.chance(0.03)) e.optionalDependencies = depsFrom(rng, names, versions, 2) ?? {};
    if (rng.chance(0.05)) e.bin = { [name.replace(/^@[^/]+\//, "")]: "bin/cli.js" };
    if (rng.chance(0.4)) e.engines = { node: `>=${rng.int(6, 20)}` };
    if (rng.chance(0.1)) e.funding = { url: `https://github.com/sponsors/${name.replace(/[@/]/g, "")}` };
    packages[key] = e;
  };
  for (const name of names) fill(`node_modules/${name}`, name, versions.get(name), false);
  let nested = 0;
  while (nested < entries - topCount) {
    const parent = rng.pick(names);
    const child = rng.pick(names);
    if (child === parent) continue;
    let key = `node_modules/${parent}/node_modules/${child}`;
    if (rng.chance(0.15)) key += `/node_modules/${rng.pick(names)}`;
    if (packages[key]) continue;
    const child2 = key.slice(key.lastIndexOf("node_modules/") + 13);
    fill(key, child2, semverLike(rng), true);
    nested++;
  }
  for (let i = 0; i < workspaces; i++) {
    packages[`packages/app-${i}`] = {
      name: wsNames[i],
      version: `0.${i}.0`,
      dependencies: depsFrom(rng, names, versions, 20) ?? {},
    };
  }
  const doc = { name: "bench-monorepo", version: "1.0.0", lockfileVersion: 3, requires: true, packages };
  return { text: `${JSON.stringify(doc, null, 2)}\n`, registryEntries: entries };
}

function yamlKey(k) {
  return k.startsWith("@") ? `'${k}'` : k;
}

/** pnpm-lock.yaml v9 with `count` packages, importers for a root and a few workspaces, and snapshots. */
export function pnpmLockV9(seed, count) {
  const rng = new Rng(seed);
  const names = npmNames(rng, count);
  const versions = new Map(names.map((n) => [n, semverLike(rng)]));
  const out = [
    "lockfileVersion: '9.0'",
    "",
    "settings:",
    "  autoInstallPeers: true",
    "  excludeLinksFromLockfile: false",
    "",
    "importers:",
    "",
  ];
  for (const importer of [".", "packages/a", "packages/b", "packages/c"]) {
    out.push(`  ${importer}:`);
    for (const group of ["dependencies", "devDependencies"]) {
      out.push(`    ${group}:`);
      // YAML refuses duplicate keys, so each dependency is listed once.
      for (const d of new Set(Array.from({ length: 30 }, () => rng.pick(names)))) {
        out.push(
          `      ${yamlKey(d)}:`,
          `        specifier: ^${versions.get(d)}`,
          `        version: ${versions.get(d)}`,
        );
      }
    }
    out.push("");
  }
  out.push("packages:", "");
  for (const n of names) {
    out.push(`  ${yamlKey(`${n}@${versions.get(n)}`)}:`);
    out.push(`    resolution: {integrity: ${integrity(rng)}}`);
    if (rng.chance(0.4)) out.push(`    engines: {node: '>=${rng.int(6, 20)}'}`);
    if (rng.chance(0.05)) out.push("    hasBin: true");
    if (rng.chance(0.05)) out.push("    peerDependencies:", `      react: ^${rng.int(16, 19)}.0.0`);
    out.push("");
  }
  out.push("snapshots:", "");
  for (const n of names) {
    const body = [];
    const k = rng.skewed(0, 8);
    if (k > 0) {
      body.push("    dependencies:");
      for (const d of new Set(Array.from({ length: k }, () => rng.pick(names)))) {
        body.push(`      ${yamlKey(d)}: ${versions.get(d)}`);
      }
    }
    if (rng.chance(0.05)) body.push("    optional: true");
    // pnpm writes an entry with no fields as `key: {}`.
    const key = `  ${yamlKey(`${n}@${versions.get(n)}`)}:`;
    out.push(body.length > 0 ? key : `${key} {}`, ...body, "");
  }
  return { text: `${out.join("\n")}`, packages: count };
}

// ---------------------------------------------------------------------------------------------
// Small lockfiles of every common format, for the monorepo tree.

function smallNpmLock(rng, names) {
  const packages = { "": { name: "svc", version: "1.0.0", dependencies: {} } };
  for (const n of names) {
    const v = semverLike(rng);
    packages[""].dependencies[n] = `^${v}`;
    packages[`node_modules/${n}`] = { version: v, resolved: registryUrl(n, v), integrity: integrity(rng) };
  }
  return JSON.stringify(
    { name: "svc", version: "1.0.0", lockfileVersion: 3, requires: true, packages },
    null,
    2,
  );
}

function smallYarnV1(rng, names) {
  const out = ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", ""];
  for (const n of names) {
    const v = semverLike(rng);
    const key = n.startsWith("@") ? `"${n}@^${v}"` : `${n}@^${v}`;
    out.push(
      "",
      `${key}:`,
      `  version "${v}"`,
      `  resolved "${registryUrl(n, v)}#${rng.hex(40)}"`,
      `  integrity ${integrity(rng)}`,
    );
  }
  return `${out.join("\n")}\n`;
}

function smallPnpm(rng, names) {
  const vs = names.map(() => semverLike(rng));
  const out = ["lockfileVersion: '9.0'", "", "importers:", "", "  .:", "    dependencies:"];
  names.forEach((n, i) => {
    out.push(`      ${yamlKey(n)}:`, `        specifier: ^${vs[i]}`, `        version: ${vs[i]}`);
  });
  out.push("", "packages:", "");
  names.forEach((n, i) => {
    out.push(`  ${yamlKey(`${n}@${vs[i]}`)}:`, `    resolution: {integrity: ${integrity(rng)}}`, "");
  });
  out.push("snapshots:", "");
  names.forEach((n, i) => {
    out.push(`  ${yamlKey(`${n}@${vs[i]}`)}: {}`, "");
  });
  return out.join("\n");
}

function pyVersion(rng) {
  return `${rng.int(0, 9)}.${rng.int(0, 30)}.${rng.int(0, 15)}`;
}

function smallRequirements(rng, names) {
  const lines = ["# generated by pip-compile", ""];
  for (const n of names) {
    lines.push(`${n}==${pyVersion(rng)} \\`, `    --hash=sha256:${rng.hex(64)}`);
    if (rng.chance(0.3)) lines.push(`    # via ${rng.pick(names)}`);
  }
  return `${lines.join("\n")}\n`;
}

function smallPoetry(rng, names) {
  const out = [];
  for (const n of names) {
    const v = pyVersion(rng);
    out.push(
      "[[package]]",
      `name = "${n}"`,
      `version = "${v}"`,
      `description = "synthetic package"`,
      `optional = false`,
      `python-versions = ">=3.8"`,
      "files = [",
      `    {file = "${n.replace(/-/g, "_")}-${v}-py3-none-any.whl", hash = "sha256:${rng.hex(64)}"},`,
      "]",
      "",
    );
  }
  out.push(
    "[metadata]",
    'lock-version = "2.0"',
    'python-versions = "^3.10"',
    `content-hash = "${rng.hex(64)}"`,
    "",
  );
  return out.join("\n");
}

function smallUv(rng, names) {
  const out = ["version = 1", "revision = 3", 'requires-python = ">=3.10"', ""];
  for (const n of names) {
    const v = pyVersion(rng);
    const file = `${n.replace(/-/g, "_")}-${v}`;
    out.push(
      "[[package]]",
      `name = "${n}"`,
      `version = "${v}"`,
      'source = { registry = "https://pypi.org/simple" }',
      `sdist = { url = "https://files.pythonhosted.org/packages/${rng.hex(2)}/${rng.hex(2)}/${file}.tar.gz", hash = "sha256:${rng.hex(64)}", size = ${rng.int(1000, 900000)} }`,
      "wheels = [",
      `    { url = "https://files.pythonhosted.org/packages/${rng.hex(2)}/${rng.hex(2)}/${file}-py3-none-any.whl", hash = "sha256:${rng.hex(64)}", size = ${rng.int(1000, 900000)} },`,
      "]",
      "",
    );
  }
  return out.join("\n");
}

function smallPipfileLock(rng, names) {
  const def = {};
  for (const n of names)
    def[n] = { hashes: [`sha256:${rng.hex(64)}`], index: "pypi", version: `==${pyVersion(rng)}` };
  const doc = {
    _meta: {
      hash: { sha256: rng.hex(64) },
      "pipfile-spec": 6,
      requires: { python_version: "3.11" },
      sources: [{ name: "pypi", url: "https://pypi.org/simple", verify_ssl: true }],
    },
    default: def,
    develop: {},
  };
  return JSON.stringify(doc, null, 4);
}

const SMALL_FORMATS = [
  { file: "package-lock.json", weight: 30, make: smallNpmLock, npm: true },
  { file: "yarn.lock", weight: 10, make: smallYarnV1, npm: true },
  { file: "pnpm-lock.yaml", weight: 15, make: smallPnpm, npm: true },
  { file: "requirements.txt", weight: 20, make: smallRequirements, npm: false },
  { file: "poetry.lock", weight: 10, make: smallPoetry, npm: false },
  { file: "uv.lock", weight: 10, make: smallUv, npm: false },
  { file: "Pipfile.lock", weight: 5, make: smallPipfileLock, npm: false },
];

const SOURCE_FILES = [
  ["index.js", "export const answer = 42;\n"],
  ["util.ts", "export function id<T>(x: T): T {\n  return x;\n}\n"],
  ["main.py", "def main():\n    return 0\n"],
  ["README.md", "# service\n\nSynthetic benchmark project.\n"],
  ["tsconfig.json", '{ "compilerOptions": { "strict": true } }\n'],
  ["setup.cfg", "[metadata]\nname = svc\n"],
  ["data.csv", "a,b,c\n1,2,3\n"],
  ["style.css", "body { margin: 0; }\n"],
  ["Makefile", "all:\n\ttrue\n"],
];
const SUBDIRS = ["src", "src/lib", "src/lib/internal", "test", "docs", "src/components/widgets"];

/**
 * A tree of `projects` projects (one lockfile each, format mixed by weight) with `perProject - 1`
 * ordinary files each in nested folders: 5,000 × 10 = 50,000 files by default. Returns counts.
 */
export function monorepo(root, seed, projects = 5000, perProject = 10) {
  const rng = new Rng(seed);
  const npmPool = npmNames(rng, 3000);
  const pyPool = pythonNames(rng, 2000);
  const totalWeight = SMALL_FORMATS.reduce((s, f) => s + f.weight, 0);
  let files = 0;
  const byFormat = {};
  const groups = Math.ceil(projects / 100);
  for (let p = 0; p < projects; p++) {
    const dir = join(
      root,
      `group-${String(p % groups).padStart(2, "0")}`,
      `project-${String(p).padStart(4, "0")}`,
    );
    let w = rng.int(1, totalWeight);
    let fmt = SMALL_FORMATS[0];
    for (const f of SMALL_FORMATS) {
      w -= f.weight;
      if (w <= 0) {
        fmt = f;
        break;
      }
    }
    // A third of the lockfiles sit one folder down (services/api), like a real monorepo.
    const lockDir = rng.chance(0.33) ? join(dir, rng.pick(["services/api", "apps/web", "tools"])) : dir;
    mkdirSync(lockDir, { recursive: true });
    const count = rng.int(5, 30);
    const pool = fmt.npm ? npmPool : pyPool;
    const names = [...new Set(Array.from({ length: count }, () => rng.pick(pool)))];
    writeFileSync(join(lockDir, fmt.file), fmt.make(rng, names));
    byFormat[fmt.file] = (byFormat[fmt.file] ?? 0) + 1;
    files++;
    for (let i = 1; i < perProject; i++) {
      const sub = join(dir, rng.pick(SUBDIRS));
      mkdirSync(sub, { recursive: true });
      const [name, body] = SOURCE_FILES[(i - 1) % SOURCE_FILES.length];
      writeFileSync(join(sub, `${i}-${name}`), body);
      files++;
    }
  }
  return { files, lockfiles: projects, byFormat };
}

// ---------------------------------------------------------------------------------------------
// OSV database

const GHSA_CHARS = "23456789cfghjmpqrvwx";
function ghsaId(rng) {
  const part = () => Array.from({ length: 4 }, () => rng.pick(GHSA_CHARS)).join("");
  return `GHSA-${part()}-${part()}-${part()}`;
}

/** The names the synthetic database covers, so a lockfile can be built that hits it. */
export function osvNamePools(seed) {
  const rng = new Rng(seed ^ 0x5eed);
  return { npm: npmNames(rng, 40000, 0.2), pypi: pythonNames(rng, 20000) };
}

/**
 * Writes `records` OSV records under `<dir>/osv/<Ecosystem>/<ID>.json` (two thirds npm, one third
 * PyPI) with realistic ranges: introduced/fixed pairs, several ranges, last_affected, explicit
 * version lists for PyPI, a few withdrawn records and aliases. Returns the name pools used.
 */
export function osvDatabase(dir, seed, records) {
  const rng = new Rng(seed);
  const pools = osvNamePools(seed);
  mkdirSync(join(dir, "osv", "npm"), { recursive: true });
  mkdirSync(join(dir, "osv", "PyPI"), { recursive: true });
  const seen = new Set();
  for (let i = 0; i < records; i++) {
    const npm = i % 3 !== 2;
    const ecosystem = npm ? "npm" : "PyPI";
    const name = rng.pick(npm ? pools.npm : pools.pypi);
    let id = npm ? ghsaId(rng) : `PYSEC-${rng.int(2014, 2026)}-${i}`;
    while (seen.has(id)) id = ghsaId(rng);
    seen.add(id);
    const ranges = [];
    const nRanges = rng.skewed(1, 3);
    const firstMajor = rng.int(0, 4);
    let major = firstMajor;
    for (let r = 0; r < nRanges; r++) {
      const introduced = r === 0 && rng.chance(0.4) ? "0" : `${major}.${rng.int(0, 9)}.0`;
      const end = rng.chance(0.85)
        ? { fixed: `${major}.${rng.int(10, 20)}.${rng.int(0, 9)}` }
        : { last_affected: `${major}.9.9` };
      ranges.push({ type: npm ? "SEMVER" : "ECOSYSTEM", events: [{ introduced }, end] });
      major += rng.int(1, 3);
    }
    const affected = { package: { ecosystem, name, purl: `pkg:${npm ? "npm" : "pypi"}/${name}` }, ranges };
    // PyPI records usually also list the affected versions; these lie inside the first range.
    if (!npm && rng.chance(0.6))
      affected.versions = Array.from({ length: rng.int(1, 9) }, (_, k) => `${firstMajor}.${k + 1}.0`);
    const cve = `CVE-${rng.int(2014, 2026)}-${rng.int(1000, 99999)}`;
    const rec = {
      schema_version: "1.6.0",
      id,
      modified: `2026-0${rng.int(1, 9)}-1${rng.int(0, 9)}T12:00:00Z`,
      published: `202${rng.int(0, 5)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}T08:00:00Z`,
      aliases: [cve],
      summary: `Synthetic ${rng.pick(["prototype pollution", "ReDoS", "path traversal", "SSRF", "command injection"])} in ${name}`,
      details:
        "Synthetic advisory generated by scripts/bench.mjs for load testing; not a real vulnerability.",
      affected: [affected],
      references: [{ type: "ADVISORY", url: `https://github.com/advisories/${id}` }],
      database_specific: { severity: rng.pick(["LOW", "MODERATE", "HIGH", "CRITICAL"]) },
    };
    if (rng.chance(0.01)) rec.withdrawn = "2026-01-01T00:00:00Z";
    writeFileSync(join(dir, "osv", ecosystem, `${id}.json`), JSON.stringify(rec));
  }
  return pools;
}

/**
 * A package-lock v3 with `count` packages; a share `hitShare` of the names is drawn from the
 * database's npm names (so their records are read and matched), the rest are names it has no
 * record for, as in a real project where a minority of dependencies ever had an advisory.
 */
export function packageLockFromNames(seed, names, count, hitShare = 0.1) {
  const rng = new Rng(seed);
  const inDb = new Set(names);
  const others = npmNames(rng, count * 2).filter((n) => !inDb.has(n));
  const packages = { "": { name: "db-bench", version: "1.0.0", dependencies: {} } };
  const used = new Set();
  while (used.size < count) {
    const n = rng.chance(hitShare) ? rng.pick(names) : rng.pick(others);
    if (used.has(n)) continue;
    used.add(n);
    const v = `${rng.int(0, 6)}.${rng.int(0, 20)}.${rng.int(0, 9)}`;
    packages[""].dependencies[n] = `^${v}`;
    packages[`node_modules/${n}`] = { version: v, resolved: registryUrl(n, v), integrity: integrity(rng) };
  }
  return JSON.stringify(
    { name: "db-bench", version: "1.0.0", lockfileVersion: 3, requires: true, packages },
    null,
    2,
  );
}
