#!/usr/bin/env node
// Per-command cost of the one-shot runner (src/exec/runner.ts, bundled on the fly with esbuild):
// `runProcess(/bin/true)` end to end, including process-group tracking (resource scope, exit
// handler, watchdog). With BEFORE_RUNNER pointing at another checkout's runner.ts, both run
// alternately, batch by batch, and the ratio of medians is printed.
//   RUNS=30 ROUNDS=10 node bench/runner-overhead.mjs
//   BEFORE_RUNNER=/old/src/exec/runner.ts node bench/runner-overhead.mjs
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const RUNS = Number(process.env.RUNS ?? 30);
const ROUNDS = Number(process.env.ROUNDS ?? 10);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const scratch = mkdtempSync(join(tmpdir(), "codex-bench-runner-"));

async function load(entry, name) {
  const outfile = join(scratch, `${name}.mjs`);
  await build({ entryPoints: [entry], outfile, bundle: true, platform: "node", format: "esm" });
  return (await import(pathToFileURL(outfile).href)).runProcess;
}

const variants = [["current", await load(join(root, "src/exec/runner.ts"), "current")]];
if (process.env.BEFORE_RUNNER)
  variants.push(["before", await load(process.env.BEFORE_RUNNER, "before")]);

const plan = { program: "/bin/true", args: [], env: { PATH: "/usr/bin:/bin" }, cwd: tmpdir() };
const times = Object.fromEntries(variants.map(([name]) => [name, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const [name, runProcess] of order) {
      const started = performance.now();
      for (let i = 0; i < RUNS; i++) await runProcess(plan);
      times[name].push((performance.now() - started) / RUNS);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name] of variants) {
  console.log(`${name.padEnd(8)} median ${median(times[name]).toFixed(3)} ms per command`);
}
if (times.before) {
  console.log(`ratio current/before ${(median(times.current) / median(times.before)).toFixed(3)}`);
}
