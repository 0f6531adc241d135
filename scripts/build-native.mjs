#!/usr/bin/env node
// Compiles the Linux sandbox helper (native/*.c) with the system C compiler into
// native/build/codex-linux-sandbox, and the malloc-trim addon (native/malloc-trim/) into
// native/build/malloc-trim.node. Runs at install (postinstall) and from the build script.
// It never downloads anything and never fails the install: without a compiler (or off Linux)
// it prints one line and exits 0, and the runtime falls back to bwrap or refuses to sandbox.
import { spawnSync } from "node:child_process";
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
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

function findCompiler() {
  return [process.env.CC, "cc", "gcc", "clang"].filter(Boolean).map(findOnPath).find(Boolean);
}

// The malloc-trim addon (see native/malloc-trim/malloc-trim.c): optional like the helper. Without
// it an idle session keeps freed malloc memory resident, nothing else changes.
function buildMallocTrim() {
  if (process.platform !== "linux") return;
  const source = join(nativeDir, "malloc-trim", "malloc-trim.c");
  const addon = join(outDir, "malloc-trim.node");
  const newest = Math.max(mtimeOrZero(source), mtimeOrZero(fileURLToPath(import.meta.url)));
  if (!force && mtimeOrZero(addon) >= newest) return;
  const compiler = findCompiler();
  if (!compiler) return; // main() has already said so
  mkdirSync(outDir, { recursive: true });
  const tmp = `${addon}.tmp-${process.pid}`;
  // Node-API symbols stay undefined here and resolve against the node that loads the addon.
  const args = ["-O2", "-Wall", "-Wextra", "-std=gnu11", "-shared", "-fPIC", "-o", tmp, source];
  const result = spawnSync(compiler, args, { encoding: "utf8" });
  if (result.status !== 0) {
    rmSync(tmp, { force: true });
    const detail = (result.stderr || result.error?.message || "").trim().split("\n")[0];
    notice(`building the malloc-trim addon with ${compiler} failed (optional): ${detail}`);
    return;
  }
  renameSync(tmp, addon);
  if (!quiet) notice(`built ${addon}`);
}

// The helper starts once per sandboxed command. A glibc program spends ~0.5 ms of every start
// probing CPU caches with cpuid, which traps to the hypervisor on virtual machines; a static musl
// build skips that (measured: read-only overhead 1.2 → 0.6 ms, bench/sandbox-overhead.mjs). So
// musl-gcc (Debian: musl-tools) is used when installed, with the system's kernel headers (musl's
// own include path has none), and the binary must answer --version before it replaces anything.
function buildWithMusl(compiler, tmp, cFiles) {
  const musl = findOnPath("musl-gcc");
  if (!musl) return false;
  const multiarch = spawnSync(compiler, ["-print-multiarch"], { encoding: "utf8" }).stdout?.trim();
  const headers = {
    linux: "/usr/include/linux",
    "asm-generic": "/usr/include/asm-generic",
    asm: [multiarch && `/usr/include/${multiarch}/asm`, "/usr/include/asm"].find(
      (dir) => dir && existsSync(dir),
    ),
  };
  if (!Object.values(headers).every((dir) => dir && existsSync(dir))) return false;
  const include = mkdtempSync(join(tmpdir(), "codex-ts-musl-include-"));
  try {
    for (const [name, dir] of Object.entries(headers)) symlinkSync(dir, join(include, name));
    const args = ["-O2", "-Wall", "-Wextra", "-std=gnu11", "-static", "-isystem", include];
    const built = spawnSync(musl, [...args, "-o", tmp, ...cFiles], { encoding: "utf8" });
    if (built.status === 0 && spawnSync(tmp, ["--version"]).status === 0) return true;
  } finally {
    rmSync(include, { recursive: true, force: true });
  }
  rmSync(tmp, { force: true });
  if (!quiet) notice("building the sandbox helper with musl-gcc failed; using the system libc.");
  return false;
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

  const compiler = findCompiler();
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
  if (buildWithMusl(compiler, tmp, cFiles)) {
    renameSync(tmp, output);
    if (!quiet) notice(`built ${output} (static, musl)`);
    return;
  }
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
buildMallocTrim();
