// Regenerates the README's supported-formats table from the parser registry (needs `npm run build`).
import { readFileSync, writeFileSync } from "node:fs";
import { formatsTable } from "../dist/cli/help.js";

const file = new URL("../README.md", import.meta.url);
const readme = readFileSync(file, "utf8");
const next = readme.replace(
  /<!-- formats:start -->[\s\S]*?<!-- formats:end -->/,
  `<!-- formats:start -->\n${formatsTable()}\n<!-- formats:end -->`,
);
writeFileSync(file, next);
console.log(next === readme ? "README formats table already current" : "README formats table updated");
