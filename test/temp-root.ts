// vitest globalSetup: every test run gets its own temporary folder, handed to the workers (and the
// CLI processes they start) through TMPDIR, and removed with everything in it when the run ends.
// Tests create their scratch folders with mkdtemp(os.tmpdir()) and need not clean up after
// themselves one by one; nothing is left behind in /tmp, even by a test that failed halfway.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "lockwarden-test-run-"));
  const previous = process.env["TMPDIR"];
  process.env["TMPDIR"] = root;
  return () => {
    if (previous === undefined) delete process.env["TMPDIR"];
    else process.env["TMPDIR"] = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
