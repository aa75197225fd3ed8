// Exit codes are part of the contract with CI pipelines: documented in the README and --help.

export const exitCodes = {
  /** Nothing gates. */
  clean: 0,
  /** A finding gates. */
  findings: 1,
  /** The scan is incomplete, or a usage/config error: a scan that could not read a file cannot vouch for it. */
  incomplete: 2,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** A mistake in how lockwarden was called (bad flag value, unreadable config): exit 2 with one line. */
export class UsageError extends Error {
  override name = "UsageError";
}
