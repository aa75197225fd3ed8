// npm version rules: SemVer 2.0 as node-semver implements it, strict (not loose) parsing, so a
// lockfile version that npm itself would not have written is reported rather than guessed at.
// Ordering is plain precedence (1.0.0-beta < 1.0.0): range semantics, where a pre-release only
// satisfies a comparator on the same tuple, are for install-time resolution, not for asking
// "is this exact version inside [introduced, fixed)". Build metadata is ignored, as SemVer says.

// Deep imports: semver's index loads ~40 modules; matching needs the class and its parser only.
import SemVer from "semver/classes/semver.js";
import parseSemver from "semver/functions/parse.js";

export function semverParse(version: string): SemVer | undefined {
  // parse() returns null for invalid input and for numbers beyond MAX_SAFE_INTEGER; it never throws for strings.
  return parseSemver(version) ?? undefined;
}

export function compareSemver(a: SemVer, b: SemVer): number {
  return a.compare(b);
}

export { SemVer };
