#!/usr/bin/env node
// Thin launcher: everything lives in the bundled dist/. A checkout that was never built gets
// instructions instead of a module-not-found stack trace.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  process.stderr.write(
    `codex-ts is not built: ${fileURLToPath(entry)} is missing.\n` +
      `Build it with:  cd ${root} && npm ci && npm run build\n` +
      "(`npm ci`, `npm install` and `npm link` build it automatically through the `prepare` script.)\n",
  );
  process.exit(1);
}
await import(entry.href);
