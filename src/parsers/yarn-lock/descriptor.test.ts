// The protocol rules of descriptor.ts as a plain table: range or reference → source and real name.

import { describe, expect, it } from "vitest";
import { classifyReference, patchInner, splitDescriptor } from "./descriptor.js";

const TABLE: Array<[string, string, string?]> = [
  // registry ranges, classic and berry
  ["^1.2.3", "registry"],
  ["latest", "registry"],
  [">= 1.0.0 < 2", "registry"],
  ["npm:^1.2.3", "registry"],
  ["npm:1.2.3", "registry"],
  // aliases
  ["npm:string-width@^4.2.0", "registry", "string-width"],
  ["npm:@babel/core@^8.0.0", "registry", "@babel/core"],
  // patches report the package they wrap
  ["patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>", "registry", "resolve"],
  ["patch:fsevents@^2.1.2#builtin<compat/fsevents>", "registry", "fsevents"],
  ["patch:string-width-cjs@npm%3Astring-width@^4#./p.patch", "registry", "string-width"],
  ["patch:local@file:./x#./p.patch", "path", "local"],
  // local
  ["workspace:.", "workspace"],
  ["workspace:^", "workspace"],
  ["portal:../x::locator=app%40workspace%3A.", "path"],
  ["link:./x", "path"],
  ["file:./vendor/x.tgz", "path"],
  ["exec:./gen.js", "path"],
  ["./x", "path"],
  ["../x", "path"],
  // git
  ["git+https://github.com/acme/x.git#v1", "git"],
  ["git://github.com/acme/x.git", "git"],
  ["git+ssh://git@github.com/acme/x.git", "git"],
  ["git@github.com:acme/x.git", "git"],
  ["github:acme/x", "git"],
  ["acme/x", "git"],
  ["acme/x#main", "git"],
  ["https://github.com/acme/x.git#commit=0123456789abcdef0123456789abcdef01234567", "git"],
  ["https://github.com/acme/x.git", "git"],
  // tarballs and unknown protocols
  ["https://example.com/x-1.0.0.tgz", "url"],
  ["http://example.com/x-1.0.0.tgz", "url"],
  ["custom-plugin:thing", "url"],
];

describe("classifyReference", () => {
  it.each(TABLE)("%s → %s %s", (ref, source, realName) => {
    const r = classifyReference(ref);
    expect(r.source).toBe(source);
    expect(r.realName).toBe(realName);
  });

  it("survives nested patches without recursing forever", () => {
    let ref = "npm:1.0.0";
    for (let i = 0; i < 50; i++) ref = `patch:x@${encodeURIComponent(ref)}#p`;
    expect(() => classifyReference(ref)).not.toThrow();
  });
});

describe("splitDescriptor and patchInner", () => {
  it("splits at the @ after the first character, so scopes work", () => {
    expect(splitDescriptor("@scope/x@npm:^1")).toEqual({ name: "@scope/x", range: "npm:^1" });
    expect(splitDescriptor("x@npm:@s/y@^1")).toEqual({ name: "x", range: "npm:@s/y@^1" });
    expect(splitDescriptor("noversion")).toEqual({ name: "noversion", range: "" });
  });

  it("decodes the inner descriptor of a patch, and keeps a malformed escape as written", () => {
    expect(patchInner("patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>")).toBe(
      "resolve@npm:^1.22.0",
    );
    expect(patchInner("patch:x@npm%ZZ1#p")).toBe("x@npm%ZZ1");
    expect(patchInner("npm:1.0.0")).toBeUndefined();
  });
});
