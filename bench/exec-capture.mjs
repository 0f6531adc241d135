// Times runProcess for a trivial command and for 100 MB of output, and reports the RSS
// growth of the 100 MB run. Usage: node bench/exec-capture.mjs (bundles src/exec first).

import { build } from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = mkdtempSync(join(tmpdir(), "codex-ts-bench-"));
const outfile = join(dir, "exec.mjs");
await build({
  entryPoints: [new URL("../src/exec/index.ts", import.meta.url).pathname],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile,
  external: ["@lydell/node-pty"],
  logLevel: "warning",
});
const { runProcess } = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
const plan = (program, args) => ({ program, args, env, cwd: process.cwd() });

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(label, runs, makePlan, options = {}) {
  await runProcess(makePlan(), options); // warm-up
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await runProcess(makePlan(), options);
    samples.push(performance.now() - started);
  }
  console.log(
    `${label}: median ${median(samples).toFixed(2)} ms (min ${Math.min(...samples).toFixed(2)}, max ${Math.max(...samples).toFixed(2)}, n=${runs})`,
  );
}

await time("runProcess `true`", 50, () => plan("true", []));
await time("runProcess `true`, separate pipes", 50, () => plan("true", []), {
  streams: "separate",
});
await time("runProcess `bash -c true`", 50, () => plan("/bin/bash", ["-c", "true"]));
await time("runProcess 100 MB output", 5, () => plan("head", ["-c", "100000000", "/dev/zero"]));

const before = process.memoryUsage().rss;
let peak = before;
await runProcess(plan("head", ["-c", "100000000", "/dev/zero"]), {
  onOutput: () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  },
});
console.log(`100 MB run: peak RSS growth ${((peak - before) / 1024 / 1024).toFixed(1)} MB`);
