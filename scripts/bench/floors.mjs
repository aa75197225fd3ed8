// The floors lockwarden is compared against, each run as its own process (so Node's start-up is in
// both sides of the ratio): read a file and parse it with the library a parser would use, or walk
// a tree with nothing but readdir + stat. Usage: node floors.mjs <json|jsonc|yaml|toml|read|walk> <path>

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const [kind, path] = process.argv.slice(2);

async function main() {
  switch (kind) {
    case "json":
      JSON.parse(readFileSync(path, "utf8"));
      return;
    case "jsonc": {
      // bun.lock has trailing commas, which JSON.parse refuses.
      const { parse } = await import("jsonc-parser");
      parse(readFileSync(path, "utf8"), [], { allowTrailingComma: true });
      return;
    }
    case "yaml": {
      const { parseAllDocuments } = await import("yaml");
      parseAllDocuments(readFileSync(path, "utf8"));
      return;
    }
    case "toml": {
      const { parse } = await import("smol-toml");
      parse(readFileSync(path, "utf8"));
      return;
    }
    case "read":
      readFileSync(path, "utf8");
      return;
    case "walk": {
      // The bare minimum a scanner's walk must do: list every folder, stat every file.
      let files = 0;
      const stack = [path];
      while (stack.length > 0) {
        const dir = stack.pop();
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, e.name);
          if (e.isDirectory()) stack.push(p);
          else {
            statSync(p);
            files++;
          }
        }
      }
      process.stdout.write(`${files}\n`);
      return;
    }
    default:
      throw new Error(`unknown floor ${kind}`);
  }
}

await main();
