// Progress on stderr, only when stderr is a terminal (CI logs stay clean). ora is imported lazily
// so a non-interactive scan does not pay for it at start-up.

import type { Io } from "./io.js";

export interface Progress {
  update(event: { phase: "walk" | "parse" | "match"; done: number; total: number }): void;
  stop(): void;
}

export function startProgress(io: Io, quiet: boolean): Progress {
  if (quiet || !io.stderrIsTTY || io.env["CI"]) return { update() {}, stop() {} };
  let spinner: { text: string; stop(): void } | undefined;
  let stopped = false;
  let latest = "scanning…";
  void import("ora").then(({ default: ora }) => {
    if (stopped) return;
    spinner = ora({ text: latest, stream: process.stderr }).start();
  });
  return {
    update(e) {
      latest =
        e.phase === "walk"
          ? `found ${e.total} files`
          : e.phase === "parse"
            ? `parsed ${e.done}/${e.total} files`
            : `matching ${e.total} packages`;
      if (spinner) spinner.text = latest;
    },
    stop() {
      stopped = true;
      spinner?.stop();
    },
  };
}
