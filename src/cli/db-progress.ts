// A one-line ora spinner for long `db` commands (downloads, imports), on stderr and only when
// stderr is a terminal outside CI, so logs stay clean. ora is imported on first use.

import type { Io } from "./io.js";

export interface DbProgress {
  text(line: string): void;
  /** Prints a line on stderr without tearing the spinner (or just prints it, without one). */
  note(line: string): void;
  stop(): void;
}

export function startDbProgress(io: Io): DbProgress {
  if (!io.stderrIsTTY || io.env["CI"]) {
    return { text() {}, note: (line) => io.stderr(line), stop() {} };
  }
  let spinner: { text: string; stop(): void; clear(): void; render(): void } | undefined;
  let stopped = false;
  let latest = "";
  void import("ora").then(({ default: ora }) => {
    if (stopped) return;
    spinner = ora({ text: latest, stream: process.stderr }).start();
  });
  return {
    text(line) {
      latest = line;
      if (spinner) spinner.text = line;
    },
    note(line) {
      spinner?.clear();
      io.stderr(line);
      spinner?.render();
    },
    stop() {
      stopped = true;
      spinner?.stop();
    },
  };
}
