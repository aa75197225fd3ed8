#!/usr/bin/env node
// `npm run fuzz`: property-based fuzzing of every parser in the registry (dist/parsers/index.js)
// with fast-check. Seeds are each parser's __fixtures__ and the ../shared/corpus files it claims;
// cases mutate them (truncation, byte flips, inserted special text, duplicated/dropped/swapped
// lines, repeated slices, deep nesting, CRLF, BOM, huge lines). See scripts/fuzz/properties.mjs
// for the properties.
//
//   node scripts/fuzz.mjs [--cases N] [--parser id,…] [--seed N] [--path P] [--large-cases N]
//                         [--time-bound MS] [--hang MS] [--max-seed-bytes N] [--jobs N]
//
// Each parser is fuzzed in a child process, which writes every input to a file before parsing
// it: a parse that never returns (an infinite loop, catastrophic backtracking) or that kills the
// process (V8 aborts on some stack overflows) is then reported with the input that did it,
// instead of taking the fuzzer down. Exit status 1 when any property failed, 2 on a usage error.

import { fork } from "node:child_process";
import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO = resolve(import.meta.dirname, "..");
const CORPUS = resolve(REPO, "..", "shared", "corpus");
const PROGRESS_EVERY = 250;
/**
 * A case may take this many times its seed's own parse (CPU), when that is more than --time-bound:
 * a large real lockfile can need more than the fixed bound by itself (pnpm-v5/novu's 2.4 MB
 * pnpm-lock.yaml spends about 1.5 s of CPU in the yaml library alone on a loaded 2-core machine),
 * and the property is about mutations that make a parse pathologically slow, not a seed's own cost.
 */
const SEED_FACTOR = 3;

function parseArgs(argv) {
  const o = {
    cases: 100_000,
    parsers: undefined,
    seed: undefined,
    path: undefined,
    largeCases: undefined,
    timeBoundMs: 2000,
    hangMs: 60_000,
    maxSeedBytes: 64 * 1024,
    jobs: 1,
  };
  const num = (v, flag) => {
    const n = Number(v);
    if (!Number.isInteger(n) || (n < 0 && flag !== "--seed")) usage(`${flag} takes a whole number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === "--cases") o.cases = num(v(), a);
    else if (a === "--parser") o.parsers = v().split(",");
    else if (a === "--seed") o.seed = num(v(), a);
    else if (a === "--path") o.path = v();
    else if (a === "--large-cases") o.largeCases = num(v(), a);
    else if (a === "--time-bound") o.timeBoundMs = num(v(), a);
    else if (a === "--hang") o.hangMs = num(v(), a);
    else if (a === "--max-seed-bytes") o.maxSeedBytes = num(v(), a);
    else if (a === "--jobs") o.jobs = Math.max(1, num(v(), a));
    else if (a === "--help" || a === "-h") usage();
    else usage(`unknown option ${a}`);
  }
  return o;
}

function usage(problem) {
  const text =
    "usage: node scripts/fuzz.mjs [--cases N] [--parser id,…] [--seed N] [--path P] [--large-cases N]\n" +
    "                             [--time-bound MS] [--hang MS] [--max-seed-bytes N] [--jobs N]\n" +
    "  --cases N         mutated small-seed cases per parser (default 100000)\n" +
    "  --seed N --path P replay a reported failure (with --parser)\n" +
    "  --large-cases N   cases on seeds over --max-seed-bytes (default 4 per large seed, at most 60)\n" +
    "  --time-bound MS   CPU per input per 3 MB (default 2000), or 3x the seed's own parse if more\n" +
    "  --jobs N          parsers fuzzed at once, one process each (default 1)\n";
  if (problem) {
    process.stderr.write(`fuzz: ${problem}\n${text}`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Child: fuzz one parser

async function childMain({ parserId, opts, inputFile }) {
  const fc = (await import("fast-check")).default;
  const { PARSERS } = await import(join(REPO, "dist", "parsers", "index.js"));
  const { applyCase, canonicalPath, caseArbitrary, judge, loadSeeds } = await import("./fuzz/properties.mjs");
  const entry = PARSERS.find((p) => p.id === parserId);
  // Registry entries are metadata plus load(); the parser module is imported on first use.
  const parser = typeof entry.load === "function" ? await entry.load() : entry;
  const seeds = loadSeeds([entry], {
    repo: REPO,
    corpus: CORPUS,
    maxBytes: opts.maxSeedBytes,
    all: PARSERS,
  }).get(parserId);
  const path = canonicalPath(parser);
  // Every input goes to this file before it is parsed (rewritten in place: a truncate and a write).
  const fd = openSync(inputFile, "w");
  let sent = performance.now();
  const record = (input) => {
    ftruncateSync(fd, 0);
    writeSync(fd, input, 0, "utf8");
  };

  const runPhase = async (name, seedList, numRuns, arbOpts) => {
    if (numRuns === 0 || seedList.length === 0)
      return { name, cases: 0, ms: 0, silentSeen: 0, silentExamples: [] };
    const arb = caseArbitrary(fc, seedList.length, arbOpts);
    let silentSeen = 0;
    let cases = 0;
    // The shortest distinct silent inputs seen, to show the kinds of silence beside the shrunk one.
    const silentExamples = [];
    const noteSilent = (input) => {
      if (silentExamples.includes(input)) return;
      silentExamples.push(input);
      silentExamples.sort((a, b) => a.length - b.length);
      if (silentExamples.length > 6) silentExamples.pop();
    };
    const params = { numRuns, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) };
    if (opts.path !== undefined) params.path = opts.path;
    const check = async (input, timeBoundMs) => {
      record(input);
      cases++;
      if (cases % PROGRESS_EVERY === 0 || performance.now() - sent > 1000) {
        process.send({ type: "progress", phase: name, cases });
        sent = performance.now();
      }
      return judge(parser, path, input, { timeBoundMs });
    };
    // Each seed's own parse time, measured on first use (the faster of two runs, not counted as
    // cases), for the per-seed time bound (see SEED_FACTOR).
    const baselines = new Map();
    const boundFor = async (seed, timeBoundMs) => {
      if (seed < 0) return timeBoundMs;
      let base = baselines.get(seed);
      if (base === undefined) {
        base = Number.POSITIVE_INFINITY;
        for (let i = 0; i < 2; i++) {
          record(seedList[seed].text);
          const v = await judge(parser, path, seedList[seed].text, { timeBoundMs: Number.MAX_SAFE_INTEGER });
          base = Math.min(base, v.cpuMs ?? 0);
        }
        baselines.set(seed, base);
      }
      return Math.max(timeBoundMs, SEED_FACTOR * base);
    };
    const t0 = performance.now();
    const robust = await fc.check(
      fc.asyncProperty(arb, async (c) => {
        const input = applyCase(seedList, c);
        const v = await check(input, await boundFor(c.seed, opts.timeBoundMs));
        if (v.heard) {
          silentSeen++;
          noteSilent(input);
        }
        if (v.robust) throw new Error(v.robust);
      }),
      params,
    );
    const ms = performance.now() - t0;
    const mainCases = cases;
    const out = { name, cases: mainCases, ms, seeds: seedList.length, silentSeen, silentExamples };
    if (robust.failed) out.robust = describe(robust, seedList, applyCase);
    // The silent property gets its own run from the same seed: it stops at the first silent input
    // and shrinks it, instead of ending the robustness run early.
    if (silentSeen > 0) {
      const heard = await fc.check(
        fc.asyncProperty(arb, async (c) => {
          const v = await check(applyCase(seedList, c), (await boundFor(c.seed, opts.timeBoundMs)) * 10);
          if (v.heard) throw new Error(v.heard);
        }),
        { ...params, seed: robust.seed },
      );
      if (heard.failed) out.heard = describe(heard, seedList, applyCase);
    }
    return out;
  };

  const small = await runPhase("small", seeds.small, opts.cases, {});
  const largeCases = opts.largeCases ?? Math.min(60, seeds.large.length * 4);
  const large = await runPhase("large", seeds.large, largeCases, { maxInsert: 16, hugeLine: 10_000 });
  closeSync(fd);
  process.send({ type: "done", parserId, path, phases: [small, large] }, () => process.exit(0));
}

function describe(details, seedList, applyCase) {
  const c = details.counterexample?.[0];
  const input = c ? applyCase(seedList, c) : "";
  const err = details.errorInstance ?? details.error;
  return {
    seed: details.seed,
    path: details.counterexamplePath,
    shrinks: details.numShrinks,
    reason: err instanceof Error ? err.message : String(err),
    seedLabel: c && c.seed >= 0 ? seedList[c.seed].label : "(generic input)",
    ops: c?.ops ?? [],
    input,
  };
}

// ---------------------------------------------------------------------------------------------
// Parent: one child per parser, a watchdog for hangs and crashes, a report

function fuzzOne(parserId, opts) {
  return new Promise((resolvePromise) => {
    const inputFile = join(tmpdir(), `lockwarden-fuzz-current-${process.pid}-${parserId}.txt`);
    const child = fork(new URL(import.meta.url), ["--child"], {
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.send({ parserId, opts, inputFile });
    let last = performance.now();
    let cases = 0;
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      rmSync(inputFile, { force: true });
      resolvePromise(result);
    };
    const lastInput = () => {
      try {
        return readFileSync(inputFile, "utf8");
      } catch {
        return "";
      }
    };
    const watchdog = setInterval(() => {
      if (performance.now() - last < opts.hangMs) return;
      const input = lastInput();
      child.kill("SIGKILL");
      finish({ parserId, hang: { after: cases, input } });
    }, 1000);
    child.on("message", (m) => {
      last = performance.now();
      if (m.type === "progress") {
        cases = m.cases;
        if (process.stdout.isTTY) process.stdout.write(`\r  ${parserId}: ${m.phase} ${m.cases} cases…\x1b[K`);
      }
      if (m.type === "done") {
        if (process.stdout.isTTY) process.stdout.write("\r\x1b[K");
        finish(m);
      }
    });
    child.on("exit", (code, signal) => {
      if (settled) return;
      finish({ parserId, crash: { after: cases, code, signal, input: lastInput() } });
    });
  });
}

function writeCounterexample(parserId, kind, seed, input) {
  const base = join(tmpdir(), `lockwarden-fuzz-${parserId}-${kind}-${seed}`);
  writeFileSync(`${base}.txt`, input);
  // The .json keeps the exact code units (a lone surrogate does not survive UTF-8).
  writeFileSync(`${base}.json`, JSON.stringify(input));
  return `${base}.txt`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(REPO, "dist", "parsers", "index.js"))) {
    process.stderr.write(
      "fuzz: dist/ is missing; run `npm run build` first (the fuzzer drives the built parsers).\n",
    );
    process.exit(2);
  }
  const { PARSERS } = await import(join(REPO, "dist", "parsers", "index.js"));
  const { preview } = await import("./fuzz/properties.mjs");
  const ids = opts.parsers ?? PARSERS.map((p) => p.id);
  for (const id of ids)
    if (!PARSERS.some((p) => p.id === id))
      usage(`no parser "${id}" (have: ${PARSERS.map((p) => p.id).join(", ")})`);
  if (!existsSync(CORPUS))
    process.stdout.write(`note: ${CORPUS} is absent; seeds are the parsers' own fixtures only\n`);
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(" ");
  process.stdout.write(
    `fuzzing ${ids.length} parsers, ${opts.cases} cases each (+ large seeds), time bound ${opts.timeBoundMs} ms CPU per input (or ${SEED_FACTOR}x its seed's own parse); ` +
      `${availableParallelism()} cores, load ${load()}, node ${process.version}\n`,
  );
  const started = performance.now();
  const results = [];
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: Math.min(opts.jobs, ids.length) }, async () => {
      while (queue.length > 0) results.push(await fuzzOne(queue.shift(), opts));
    }),
  );
  results.sort((a, b) => ids.indexOf(a.parserId) - ids.indexOf(b.parserId));

  let failures = 0;
  let totalCases = 0;
  process.stdout.write("\nparser            cases    cases/s  large  robust  silent-empty\n");
  for (const r of results) {
    const [small, large] = r.phases ?? [{ cases: r.hang?.after ?? r.crash?.after ?? 0 }, {}];
    totalCases += (small.cases ?? 0) + (large.cases ?? 0);
    const rate = small.ms ? Math.round((small.cases / small.ms) * 1000) : 0;
    const robust = r.hang ? "HANG" : r.crash ? "CRASH" : small.robust || large.robust ? "FAIL" : "ok";
    const seen = (small.silentSeen ?? 0) + (large.silentSeen ?? 0);
    const silent = small.heard || large.heard ? `FAIL (${seen} silent inputs seen)` : r.phases ? "ok" : "?";
    process.stdout.write(
      `${r.parserId.padEnd(16)} ${String(small.cases ?? 0).padStart(7)} ${String(rate).padStart(9)}  ${String(large.cases ?? 0).padStart(5)}  ${robust.padEnd(6)}  ${silent}\n`,
    );
  }
  for (const r of results) {
    if (r.hang || r.crash) {
      failures++;
      const kind = r.hang ? "hang" : "crash";
      const file = writeCounterexample(r.parserId, kind, "last", (r.hang ?? r.crash).input);
      const what = r.hang
        ? `a parse ran over ${opts.hangMs} ms`
        : `the process died (exit ${r.crash.code}, signal ${r.crash.signal})`;
      process.stdout.write(
        `\n[${r.parserId}] ${kind.toUpperCase()}: ${what} after about ${(r.hang ?? r.crash).after} cases\n` +
          `  input being parsed (${(r.hang ?? r.crash).input.length} chars): ${preview((r.hang ?? r.crash).input)}\n` +
          `  written to ${file} (not shrunk)\n`,
      );
      continue;
    }
    for (const phase of r.phases) {
      for (const prop of ["robust", "heard"]) {
        const f = phase[prop];
        if (!f) continue;
        failures++;
        const file = writeCounterexample(
          r.parserId,
          prop === "robust" ? "robust" : "silent",
          f.seed,
          f.input,
        );
        process.stdout.write(
          `\n[${r.parserId}] ${prop === "robust" ? "ROBUSTNESS" : "SILENT EMPTY RESULT"} (${phase.name} seeds): ${f.reason}\n` +
            `  seed ${f.seed}, path "${f.path}", ${f.shrinks} shrinks; from ${f.seedLabel} with ${JSON.stringify(f.ops)}\n` +
            `  minimal input (${f.input.length} chars): ${preview(f.input)}\n` +
            (prop === "heard" && phase.silentExamples.length > 0
              ? `  other silent inputs seen (shortest): ${phase.silentExamples.map((x) => preview(x, 80)).join(", ")}\n`
              : "") +
            `  written to ${file}\n` +
            `  replay: node scripts/fuzz.mjs --parser ${r.parserId} --seed ${f.seed} --path "${f.path}" --cases ${phase.name === "small" ? opts.cases : 0}${phase.name === "large" ? ` --large-cases ${phase.cases}` : ""}\n`,
        );
      }
    }
  }
  const secs = (performance.now() - started) / 1000;
  process.stdout.write(
    `\n${totalCases} cases in ${secs.toFixed(1)} s (${Math.round(totalCases / secs)} cases/s overall); ` +
      `${failures} failing propert${failures === 1 ? "y" : "ies"}; load ${load()}\n`,
  );
  process.exitCode = failures > 0 ? 1 : 0;
}

if (process.argv.includes("--child")) {
  process.once("message", (job) => {
    childMain(job).catch((err) => {
      process.stderr.write(
        `fuzz child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(3);
    });
  });
} else {
  main().catch((err) => {
    process.stderr.write(`fuzz: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  });
}
