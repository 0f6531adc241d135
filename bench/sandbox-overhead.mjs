#!/usr/bin/env node
// Per-command sandbox overhead: spawn `true` directly, through the helper (read-only and
// workspace-write with a protected .git, i.e. with the namespace + bind-mount path), and through
// bwrap when installed. 100 runs each; prints min/median/max and the median added over direct.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const RUNS = Number(process.env.RUNS ?? 100);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
spawnSync(process.execPath, [join(root, "scripts/build-native.mjs"), "--quiet"], {
  stdio: "inherit",
});
const helper = join(root, "native/build/codex-linux-sandbox");
const bwrap = ["/usr/bin/bwrap", "/bin/bwrap"].find((path) => existsSync(path));
const TRUE = existsSync("/usr/bin/true") ? "/usr/bin/true" : "/bin/true";

const ws = mkdtempSync(join(tmpdir(), "codex-bench-"));
mkdirSync(join(ws, ".git"));

const variants = [["direct", TRUE, []]];
if (existsSync(helper)) {
  variants.push([
    "helper read-only",
    helper,
    ["--mode", "read-only", "--no-network", "--cwd", ws, "--", TRUE],
  ]);
  variants.push([
    "helper workspace-write",
    helper,
    [
      "--mode",
      "workspace-write",
      "--no-network",
      "--cwd",
      ws,
      "--writable-root",
      ws,
      "--writable-root",
      "/tmp",
      "--",
      TRUE,
    ],
  ]);
}
if (bwrap) {
  variants.push([
    "bwrap read-only",
    bwrap,
    [
      "--new-session",
      "--die-with-parent",
      "--unshare-user",
      "--unshare-pid",
      "--unshare-ipc",
      "--unshare-net",
      "--cap-drop",
      "ALL",
      "--ro-bind",
      "/",
      "/",
      "--dev",
      "/dev",
      "--proc",
      "/proc",
      "--chdir",
      ws,
      "--",
      TRUE,
    ],
  ]);
}

function measure(program, args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(program, args, { stdio: "ignore", cwd: ws });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${program} exited with ${result.status}`);
    times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return {
    min: times[0],
    median: times[Math.floor(times.length / 2)],
    max: times[times.length - 1],
  };
}

const fmt = (ms) => ms.toFixed(2).padStart(7);
console.log(`sandbox overhead, ${RUNS} runs of \`true\` each (ms)`);
console.log(`${"variant".padEnd(24)}    min  median     max   added`);
let baseline = 0;
for (const [name, program, args] of variants) {
  const stats = measure(program, args);
  if (name === "direct") baseline = stats.median;
  const added = name === "direct" ? "      -" : fmt(stats.median - baseline);
  console.log(
    `${name.padEnd(24)}${fmt(stats.min)} ${fmt(stats.median)} ${fmt(stats.max)} ${added}`,
  );
}
if (!existsSync(helper)) console.log("(helper not built: no C compiler?)");
if (!bwrap) console.log("(bwrap not installed)");
rmSync(ws, { recursive: true, force: true });
