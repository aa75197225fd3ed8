import { describe, expect, it } from "vitest";
import {
  parseDistInfo,
  parseNpmTarballUrl,
  parsePythonArtifact,
  parseWheelName,
  pep503,
} from "./dist-names.js";

describe("Python artifact names", () => {
  it.each([
    ["litellm-1.82.8-py3-none-any.whl", { name: "litellm", version: "1.82.8" }],
    ["Foo_Bar-2.0-1-cp312-cp312-manylinux_2_17_x86_64.whl", { name: "foo-bar", version: "2.0" }],
    ["litellm-1.82.7.tar.gz", { name: "litellm", version: "1.82.7" }],
    ["zope.interface-6.0.zip", { name: "zope-interface", version: "6.0" }],
    ["old-style-name-1.0.tar.gz", { name: "old-style-name", version: "1.0" }],
    ["litellm-1.82.8-py3-none-any.whl.metadata", undefined],
    ["README.md", undefined],
    ["litellm.whl", undefined],
    ["a-b-c.whl", undefined],
  ])("%s", (file, expected) => {
    expect(parsePythonArtifact(file)).toEqual(expected);
  });

  it("uv wheel stems and .dist-info directories", () => {
    expect(parseWheelName("telnyx-4.87.1-py3-none-any", true)).toEqual({ name: "telnyx", version: "4.87.1" });
    expect(parseDistInfo("litellm-1.82.8.dist-info")).toEqual({ name: "litellm", version: "1.82.8" });
    expect(parseDistInfo("my_pkg-0.1.dist-info")).toEqual({ name: "my-pkg", version: "0.1" });
    expect(parseDistInfo("litellm.egg-info")).toBeUndefined();
    expect(pep503("Foo__Bar.baz")).toBe("foo-bar-baz");
  });
});

describe("parseNpmTarballUrl", () => {
  it.each([
    ["https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz", { name: "left-pad", version: "1.3.0" }],
    [
      "https://registry.npmjs.org/@teale.io/eslint-config/-/eslint-config-1.8.9.tgz",
      { name: "@teale.io/eslint-config", version: "1.8.9" },
    ],
    [
      "https://registry.npmjs.org/@emilgroup%2fauth-sdk/-/auth-sdk-1.25.1.tgz",
      { name: "@emilgroup/auth-sdk", version: "1.25.1" },
    ],
    [
      "https://corp.example/artifactory/api/npm/npm/@opengov/form-utils/-/form-utils-0.7.2.tgz",
      { name: "@opengov/form-utils", version: "0.7.2" },
    ],
    ["https://registry.npmjs.org/left-pad", undefined],
    ["https://registry.npmjs.org/left-pad/-/other-1.0.0.tgz", undefined],
    ["not a url", undefined],
  ])("%s", (url, expected) => {
    expect(parseNpmTarballUrl(url)).toEqual(expected);
  });
});
