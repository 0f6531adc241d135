// Installs the reference Codex CLI into bench/.reference (git-ignored) for side-by-side numbers.
// Never a project dependency. Usage: node bench/install-reference.mjs [version]
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./lib.mjs";

const version = process.argv[2] ?? "0.169.0";
const dir = path.join(ROOT, "bench", ".reference");
mkdirSync(dir, { recursive: true });
writeFileSync(
  path.join(dir, "package.json"),
  JSON.stringify({ name: "codex-reference", private: true }),
);
execFileSync("npm", ["install", "--no-audit", "--no-fund", `@openai/codex@${version}`], {
  cwd: dir,
  stdio: "inherit",
});
console.log(`installed @openai/codex@${version} in ${dir}`);
