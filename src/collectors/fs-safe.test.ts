import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { displayPath, hashFile, readTextAndHash, resolveInside } from "./fs-safe.js";

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), "lw-fs-"));
  temps.push(d);
  return d;
}

describe("displayPath", () => {
  it.each([
    ["/repo/sub/file.pth", "/repo", "/home/u", "sub/file.pth"],
    ["/repo", "/repo", "/home/u", "."],
    ["/home/u/.config/sysmon/sysmon.py", "/repo", "/home/u", "~/.config/sysmon/sysmon.py"],
    ["/home/u", "/repo", "/home/u", "~"],
    ["/home/user2/x", "/repo", "/home/u", "/home/user2/x"],
    ["/etc/systemd/system/pgmonitor.service", "/repo", "/home/u", "/etc/systemd/system/pgmonitor.service"],
    ["/home/u/repo/a", "/home/u/repo", "/home/u", "a"],
    ["/repo/bad\u001b[0mname", "/repo", undefined, "bad\\x1b[0mname"],
  ])("%s (cwd %s, home %s) → %s", (abs, cwd, home, shown) => {
    expect(displayPath(abs, cwd, home)).toBe(shown);
  });
});

describe("hashFile / readTextAndHash", () => {
  it("hashes regular files, refuses symlinks, directories and files over the cap", async () => {
    const d = temp();
    writeFileSync(join(d, "a"), "abc");
    symlinkSync(join(d, "a"), join(d, "link"));
    mkdirSync(join(d, "dir"));
    expect(await hashFile(join(d, "a"), 10)).toEqual({
      ok: true,
      sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      size: 3,
    });
    expect(await hashFile(join(d, "link"), 10)).toEqual({ ok: false, reason: "not-a-file" });
    expect(await hashFile(join(d, "dir"), 10)).toEqual({ ok: false, reason: "not-a-file" });
    expect(await hashFile(join(d, "a"), 2)).toEqual({ ok: false, reason: "too-large", size: 3 });
    expect((await hashFile(join(d, "missing"), 10)).ok).toBe(false);
    const t = await readTextAndHash(join(d, "a"), 10);
    expect(t.ok && t.text).toBe("abc");
  });
});

describe("resolveInside", () => {
  it("follows links that stay inside the root, refuses others, and reports loops", async () => {
    const d = temp();
    mkdirSync(join(d, "root"));
    writeFileSync(join(d, "root", "in.txt"), "x");
    writeFileSync(join(d, "out.txt"), "x");
    symlinkSync(join(d, "root", "in.txt"), join(d, "root", "ok"));
    symlinkSync(join(d, "out.txt"), join(d, "root", "escape"));
    symlinkSync(join(d, "root", "loop2"), join(d, "root", "loop1"));
    symlinkSync(join(d, "root", "loop1"), join(d, "root", "loop2"));
    const root = join(d, "root");
    const ok = await resolveInside(root, join(root, "ok"), "ok");
    expect(ok.ok && ok.path).toBe(join(root, "in.txt"));
    const esc = await resolveInside(root, join(root, "escape"), "escape");
    expect(esc.ok).toBe(false);
    expect(!esc.ok && esc.diagnostic?.code).toBe("SYMLINK_OUTSIDE_ROOT");
    const loop = await resolveInside(root, join(root, "loop1"), "loop1");
    expect(!loop.ok && loop.diagnostic?.code).toBe("SYMLINK_LOOP");
    expect(await resolveInside(root, join(root, "missing"), "missing")).toEqual({ ok: false });
  });
});
