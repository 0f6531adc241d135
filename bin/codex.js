#!/usr/bin/env node
// Thin launcher: everything lives in the bundled dist/. CommonJS (bin/package.json) because Node
// starts a CommonJS entry a few milliseconds sooner than an ES module, and every run pays it.
// A checkout that was never built gets instructions instead of a module-not-found stack trace.
"use strict";
const { existsSync } = require("node:fs");
const path = require("node:path");

const dist = path.join(__dirname, "..", "dist");
const entry = path.join(dist, "boot.js");
if (!existsSync(entry)) {
  const root = path.join(__dirname, "..");
  process.stderr.write(
    `codex-ts is not built: ${entry} is missing.\n` +
      `Build it with:  cd ${root} && npm ci && npm run build\n` +
      "(`npm ci`, `npm install` and `npm link` build it automatically through the `prepare` script.)\n",
  );
  process.exit(1);
}
require(entry).boot(dist, process.argv.slice(2));
