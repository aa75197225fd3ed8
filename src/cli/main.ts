// The command-line program. This is the only module that prints, reads the environment for
// colour and TTYs, writes output files and decides the exit code.

import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { DEFAULT_MAX_FILE_SIZE } from "../core/limits.js";
import { registerDbCommands } from "./db-command.js";
import { exitCodes, UsageError } from "./exit.js";
import { formatsHelp } from "./help.js";
import { type Io, realIo } from "./io.js";
import type { ScanCliOptions } from "./scan-command.js";
import { toolVersion } from "./version.js";

export async function main(argv: string[], io: Io = realIo()): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name("lockwarden")
    .description("Find compromised and vulnerable dependencies in npm and Python lockfiles, offline.")
    .version(toolVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
    })
    .showHelpAfterError("(run with --help for usage)");

  const scanCmd = program
    .command("scan")
    .description(
      "Scan lockfiles, requirement files, workflows (and optionally installed trees) under the given paths",
    )
    .argument("[paths...]", "files or folders to scan", ["."])
    .addOption(
      new Option(
        "-f, --format <format>",
        "output format, repeatable; FORMAT or FORMAT=FILE (table, json, sarif, markdown, github)",
      ).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]),
    )
    .option("-o, --output <file>", "write the (first) format without =FILE to this file instead of stdout")
    .option("--all-packages", "include the full package inventory in JSON output")
    .addOption(
      new Option(
        "--db <dir>",
        "advisory database folder, repeatable (default: the bundled database plus the user database)",
      ).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]),
    )
    .option("--config <file>", "config file (default: .lockwarden.yml in the working directory)")
    .option(
      "--fail-on <level>",
      "lowest vulnerability severity that fails: critical, high, moderate, low, none",
    )
    .option(
      "--ignore-file <file>",
      "YAML/JSON file with ignore entries (same shape as the config's ignore list)",
    )
    .addOption(
      new Option("--exclude <glob>", "path glob not to scan, repeatable").argParser(
        (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
      ),
    )
    .addOption(
      new Option("--omit <group>", "leave dev or optional packages out of the gate, repeatable")
        .choices(["dev", "optional"])
        .argParser((v: string, prev: string[] | undefined) => {
          if (v !== "dev" && v !== "optional")
            throw new UsageError(`--omit takes dev or optional, not "${v}"`);
          return [...(prev ?? []), v];
        }),
    )
    .option("--baseline <file>", "previous lockwarden JSON or SARIF: findings already in it do not gate")
    .option("--write-baseline <file>", "write this scan's findings as a baseline file")
    .option("--no-fail", "report without failing on findings (an incomplete scan still exits 2)")
    .option("--allow-incomplete", "do not exit 2 when some input could not be read (it is still reported)")
    .option("--installed", "also read installed trees: node_modules (arborist) and Python environments")
    .option("--resolve", "resolve package.json ranges without a lockfile through the npm registry (pacote)")
    .option("--caches", "also check the pip, uv and npm caches for malicious artifacts")
    .option("--pip-cache <dir>", "pip cache folder (default: the platform's)")
    .option("--uv-cache <dir>", "uv cache folder (default: the platform's)")
    .option("--npm-cache <dir>", "npm cache folder (default: the platform's)")
    .option("--host", "also check this machine for the campaign's persistence files")
    .option("--home <dir>", "home folder for --host (default: $HOME)")
    .option("--strict-actions", "report third-party GitHub Actions pinned to a mutable tag as findings")
    .option(
      "--max-file-size <bytes>",
      "skip (and report) files larger than this",
      String(DEFAULT_MAX_FILE_SIZE),
    )
    .option("--max-db-age <days>", "warn when the user database is older than this many days", "7")
    .option("--fail-on-stale", "exit 2 when the user database is older than --max-db-age")
    .option("--sarif-category <id>", "SARIF automationDetails.id (default: lockwarden/<paths>/)")
    .option(
      "--sarif-timestamps",
      "include start and end times in SARIF (off: output is byte-for-byte reproducible)",
    )
    .option("--no-color", "no colours (also NO_COLOR=1); FORCE_COLOR=1 forces them")
    .option("-q, --quiet", "print only findings and errors")
    .option("-v, --verbose", "list every info diagnostic")
    .option("--debug", "show stack traces for internal errors")
    .addHelpText("after", () => `\n${scanExamples()}\n${formatsHelp()}`)
    .action(async (paths: string[], opts: ScanCliOptions) => {
      // Loaded on use: `--help` and `--version` never pay for the scanner, parsers or database.
      const { runScan } = await import("./scan-command.js");
      code = await runScan(paths, opts, io);
    });
  void scanCmd;

  registerDbCommands(program, io, (c) => {
    code = c;
  });

  program.addHelpText(
    "after",
    `\nExit codes:\n  0  nothing gates\n  1  a finding gates (malicious and indicator findings always; vulnerabilities at or above --fail-on)\n  2  the scan is incomplete (a file could not be read or parsed), or a usage or config error; 2 wins over 1\n\nRun 'lockwarden scan --help' for scan options and examples.`,
  );

  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === "commander.helpDisplayed" ||
        err.code === "commander.version" ||
        err.code === "commander.help"
      ) {
        return exitCodes.clean;
      }
      return exitCodes.incomplete;
    }
    if (err instanceof UsageError) {
      io.stderr(`lockwarden: ${err.message}\n`);
      return exitCodes.incomplete;
    }
    const debug = argv.includes("--debug");
    io.stderr(`lockwarden: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    else io.stderr("(run with --debug for the stack trace)\n");
    return exitCodes.incomplete;
  }
}

function scanExamples(): string {
  return `Examples:
  $ lockwarden scan                          scan the current folder, colour table on a terminal
  $ lockwarden scan app/package-lock.json    scan one file
  $ lockwarden scan --format json -o out.json --all-packages
  $ lockwarden scan --format table --format sarif=lockwarden.sarif   one scan, console + SARIF upload
  $ lockwarden scan --fail-on high --omit dev                        gate CI on high+ runtime vulnerabilities
  $ lockwarden scan --installed --caches --host                      were we hit? check environments, caches, this machine`;
}

/** Writes a report to a file, creating the folder. */
export async function writeOutput(file: string, text: string): Promise<void> {
  const abs = resolve(file);
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, text);
}
