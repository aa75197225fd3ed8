import { createHash } from "node:crypto";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildIndicatorSet } from "../indicators/load.js";
import type { IndicatorSet } from "../indicators/types.js";
import { hostPathParts, scanHost } from "./host.js";
import { bundledIndicators, treeMaker } from "./test-kit.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__");

let teampcp: IndicatorSet;
beforeAll(async () => {
  teampcp = await bundledIndicators();
});

const tree = treeMaker("lw-host-");

type Result = Awaited<ReturnType<typeof scanHost>>;
function summary(r: Result): string[] {
  return r.findings.map((f) => `${f.location.path} ${f.id} ${f.severity}`);
}

describe("scanHost", () => {
  it("a fake home with ~/.config/sysmon/sysmon.py: one finding at ~/…, saying what to do", async () => {
    const emptyRoot = tree({});
    const r = await scanHost(
      { home: join(FIXTURES, "home"), systemRoot: emptyRoot, cwd: "/nonexistent" },
      teampcp,
    );
    expect(summary(r)).toEqual(["~/.config/sysmon/sysmon.py MAL-2026-2144 critical"]);
    const f = r.findings[0];
    expect(f?.kind).toBe("indicator");
    expect(f?.indicator).toEqual({
      kind: "file-path",
      value: "~/.config/sysmon/sysmon.py",
      confidence: "confirmed",
    });
    expect(f?.summary).toContain("exists (file)");
    expect(f?.summary).toContain("remove the file");
    expect(f?.summary).toContain("rotate every credential");
    expect(f?.summary).not.toContain("lockwarden test fixture"); // contents are never shown
    expect(r.diagnostics).toEqual([]);
  });

  it("an empty home and system root report nothing", async () => {
    const home = tree({ ".config/unrelated.txt": "" });
    const root = tree({ "etc/hostname": "box\n", "tmp/other": "" });
    expect(await scanHost({ home, systemRoot: root, cwd: home }, teampcp)).toEqual({
      findings: [],
      diagnostics: [],
    });
  });

  it("checks every ~/ and / path from the data, with unit-specific advice", async () => {
    const home = tree({
      ".config/systemd/user/pgmon.service": "[Unit]\n",
      ".local/share/pgmon/service.py": "# placeholder\n",
      ".config/audiomon/audiomon.service": "", // the conflicting location: still reported, high
      "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/msbuild.exe": "",
    });
    const root = tree({
      "var/lib/pgmon/pgmon.py": "# placeholder\n",
      "etc/systemd/system/pgmonitor.service": "[Unit]\n",
      "tmp/.pg_state": "",
    });
    mkdirSync(join(root, "tmp", "pglog")); // any file type counts, even a directory
    const r = await scanHost({ home, systemRoot: root, cwd: "/nonexistent-cwd" }, teampcp);
    const shown = (p: string) => join(root, p);
    expect(summary(r).sort()).toEqual(
      [
        "~/.config/audiomon/audiomon.service MAL-2026-2254 high",
        "~/.config/systemd/user/pgmon.service IOC-TEAMPCP-0009 critical",
        "~/.local/share/pgmon/service.py IOC-TEAMPCP-0008 critical",
        "~/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/msbuild.exe MAL-2026-2254 critical",
        `${shown("etc/systemd/system/pgmonitor.service")} IOC-TEAMPCP-0015 high`,
        `${shown("tmp/.pg_state")} IOC-TEAMPCP-0007 critical`,
        `${shown("tmp/pglog")} IOC-TEAMPCP-0006 critical`,
        `${shown("var/lib/pgmon/pgmon.py")} IOC-TEAMPCP-0014 high`,
      ].sort(),
    );
    const unit = r.findings.find((f) => f.location.path.endsWith("pgmon.service"));
    expect(unit?.summary).toContain("systemctl --user disable --now pgmon.service");
    const sysUnit = r.findings.find((f) => f.location.path.endsWith("pgmonitor.service"));
    expect(sysUnit?.summary).toContain("sudo systemctl disable --now pgmonitor.service");
    expect(r.findings.find((f) => f.location.path.endsWith("tmp/pglog"))?.summary).toContain(
      "exists (directory)",
    );
  });

  it("a symlink at an indicator path counts (lstat only, never followed)", async () => {
    const home = tree({});
    mkdirSync(join(home, ".config"), { recursive: true });
    symlinkSync("/nonexistent/target", join(home, ".config", "sysmon.py"));
    const r = await scanHost({ home, systemRoot: tree({}), cwd: "/nonexistent-cwd" }, teampcp);
    expect(summary(r)).toEqual(["~/.config/sysmon.py GHSA-69fq-xp46-6x23 high"]);
    expect(r.findings[0]?.summary).toContain("exists (symbolic link)");
  });

  it("placeholder segments expand over real directories; hash-only paths need the published digest", async () => {
    const evil = "# placeholder standing in for the malicious entrypoint.sh\n";
    const set = buildIndicatorSet([
      {
        id: "IOC-TEST-0001",
        kind: "file-path",
        value: "/home/runner/_work/_actions/aquasecurity/trivy-action/<tag>/entrypoint.sh",
        scope: "host",
        matchExistence: false,
        sha256: [createHash("sha256").update(evil).digest("hex")],
        advisory: "GHSA-69fq-xp46-6x23",
        summary: "test entrypoint",
        references: [],
        confidence: "confirmed",
      },
    ]);
    const base = "home/runner/_work/_actions/aquasecurity/trivy-action";
    const root = tree({
      [`${base}/0.24.0/entrypoint.sh`]: evil,
      [`${base}/0.35.0/entrypoint.sh`]: "# legitimate\n",
    });
    const r = await scanHost({ home: tree({}), systemRoot: root, cwd: root }, set);
    expect(summary(r)).toEqual([`${base}/0.24.0/entrypoint.sh GHSA-69fq-xp46-6x23 critical`]);
    expect(r.findings[0]?.summary).toContain("sha256 matches the published sample");
  });

  it("hostPathParts: ~/, /, %APPDATA%; other values and .. are not host paths", () => {
    expect(hostPathParts("~/.config/x", "/h", "/r")).toEqual({ base: "/h", segments: [".config", "x"] });
    expect(hostPathParts("/tmp/pglog", "/h", "/r")).toEqual({ base: "/r", segments: ["tmp", "pglog"] });
    expect(hostPathParts("%APPDATA%\\A B\\c.exe", "/h", "/r")).toEqual({
      base: join("/h", "AppData", "Roaming"),
      segments: ["A B", "c.exe"],
    });
    expect(hostPathParts("<site-packages>/x", "/h", "/r")).toBeUndefined();
    expect(hostPathParts("/../etc/passwd", "/h", "/r")).toBeUndefined();
    expect(hostPathParts("~/", "/h", "/r")).toBeUndefined();
  });
});
