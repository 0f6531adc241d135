#!/usr/bin/env node
// Compiles the Linux sandbox helper (native/*.c) with the system C compiler into
// native/build/codex-linux-sandbox. Runs at install (postinstall) and from the build script.
// It never downloads anything and never fails the install: without a compiler (or off Linux)
// it prints one line and exits 0, and the runtime falls back to bwrap or refuses to sandbox.
import { spawnSync } from "node:child_process";
import {
  accessSync,
  constants,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nativeDir = join(root, "native");
const outDir = join(nativeDir, "build");
const output = join(outDir, "codex-linux-sandbox");
const force = process.argv.includes("--force");
const quiet = process.argv.includes("--quiet");

function notice(message) {
  console.log(`codex-ts: ${message}`);
}

function findOnPath(name) {
  if (name.includes("/")) return isExecutable(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function mtimeOrZero(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function main() {
  if (process.platform !== "linux") {
    if (!quiet) notice("the Linux sandbox helper is only built on Linux; skipping.");
    return;
  }
  const sources = readdirSync(nativeDir)
    .filter((name) => name.endsWith(".c") || name.endsWith(".h"))
    .map((name) => join(nativeDir, name));
  const newestSource = Math.max(
    ...sources.map(mtimeOrZero),
    mtimeOrZero(fileURLToPath(import.meta.url)),
  );
  if (!force && mtimeOrZero(output) >= newestSource) {
    if (!quiet) notice("sandbox helper is up to date.");
    return;
  }

  const compiler = [process.env.CC, "cc", "gcc", "clang"]
    .filter(Boolean)
    .map(findOnPath)
    .find(Boolean);
  if (!compiler) {
    notice(
      "no C compiler found (cc/gcc/clang); the Linux sandbox helper was not built. " +
        "Install one (e.g. `apt-get install gcc`) and run `npm rebuild codex-ts`, or install bubblewrap.",
    );
    return;
  }

  mkdirSync(outDir, { recursive: true });
  const tmp = `${output}.tmp-${process.pid}`;
  const cFiles = sources.filter((path) => path.endsWith(".c"));
  const result = spawnSync(
    compiler,
    ["-O2", "-Wall", "-Wextra", "-std=gnu11", "-o", tmp, ...cFiles],
    {
      encoding: "utf8",
    },
  );
  if (result.status !== 0) {
    rmSync(tmp, { force: true });
    const detail = (result.stderr || result.error?.message || "")
      .trim()
      .split("\n")
      .slice(0, 5)
      .join("\n");
    notice(
      `building the Linux sandbox helper with ${compiler} failed; sandboxing falls back to bwrap.\n${detail}`,
    );
    return;
  }
  // Rename so a concurrent reader never sees a half-written binary.
  renameSync(tmp, output);
  if (!quiet) notice(`built ${output}`);
}

main();
