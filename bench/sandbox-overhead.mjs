#!/usr/bin/env node
// Per-command sandbox overhead: spawn `true` directly, then through the exact spawn plans the
// real transform (src/sandbox/transform.ts, bundled on the fly with esbuild) builds for the
// helper and for bwrap, in read-only and workspace-write (a workspace with .git under /tmp, so
// the mount namespace, protected binds and synthetic mount targets are all exercised).
// Each run is an async spawn, as codex-ts runs commands (a plan's fd 3 bytes, bwrap's seccomp
// filter, go through a fourth stdio pipe). The reference Codex 0.169's per-command launcher
// (`codex-linux-sandbox`, which runs bwrap and re-executes itself to apply seccomp) is measured
// too when bench/.reference is installed. Variants alternate run by run; prints
// min/median/max and the median added over direct.
//   RUNS=200 node bench/sandbox-overhead.mjs
//   BEFORE_HELPER=/old/codex-linux-sandbox BEFORE_TRANSFORM=/old/src/sandbox/transform.ts \
//     node bench/sandbox-overhead.mjs   (before/after side by side, e.g. from `git archive HEAD`)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const RUNS = Number(process.env.RUNS ?? 100);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
spawnSync(process.execPath, [join(root, "scripts/build-native.mjs"), "--quiet"], {
  stdio: "inherit",
});
const helper = join(root, "native/build/codex-linux-sandbox");
const bwrap = ["/usr/bin/bwrap", "/bin/bwrap"].find((path) => existsSync(path));
const TRUE = existsSync("/usr/bin/true") ? "/usr/bin/true" : "/bin/true";

const scratch = mkdtempSync(join(tmpdir(), "codex-bench-"));
async function loadTransform(entry, name) {
  const outfile = join(scratch, `${name}.mjs`);
  await build({ entryPoints: [entry], outfile, bundle: true, platform: "node", format: "esm" });
  return (await import(pathToFileURL(outfile).href)).buildSpawnPlan;
}

const ws = join(scratch, "ws");
mkdirSync(join(ws, ".git"), { recursive: true });
// TMPDIR unset, as on most Linux machines: the roots are the workspace and /tmp.
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
const policies = {
  "read-only": { type: "read-only" },
  "workspace-write": {
    type: "workspace-write",
    writable_roots: [],
    network_access: false,
    exclude_tmpdir_env_var: false,
    exclude_slash_tmp: false,
  },
};

// Builds to measure: this checkout, and optionally another one (BEFORE_*) in the same loop, so
// both see the same machine load.
const builds = [["", helper, join(root, "src/sandbox/transform.ts")]];
if (process.env.BEFORE_HELPER && process.env.BEFORE_TRANSFORM)
  builds.unshift(["before: ", process.env.BEFORE_HELPER, process.env.BEFORE_TRANSFORM]);
if (builds.length > 1) builds[1][0] = "after:  ";

const variants = [["direct", { program: TRUE, args: [], env }]];
for (const [label, helperPath, transform] of builds) {
  const buildSpawnPlan = await loadTransform(transform, `t${variants.length}`);
  const plan = (backend, mode) =>
    buildSpawnPlan({
      command: [TRUE],
      cwd: ws,
      policy: policies[mode],
      env,
      codexHome: scratch,
      backend,
    });
  if (existsSync(helperPath)) {
    const backend = { kind: "linux-helper", helperPath, landlockAbi: 1, userNamespaces: true };
    for (const mode of Object.keys(policies))
      variants.push([`${label}helper ${mode}`, plan(backend, mode)]);
  }
  if (bwrap) {
    const backend = { kind: "bwrap", bwrapPath: bwrap, disableUserns: true };
    for (const mode of Object.keys(policies))
      variants.push([`${label}bwrap ${mode}`, plan(backend, mode)]);
  }
}

// The reference: its launcher is the `codex` binary run as `codex-linux-sandbox`, with the
// permission profile codex 0.169 passes for each mode (captured with strace).
const referenceBinary = join(
  root,
  "bench/.reference/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex",
);
if (existsSync(referenceBinary) && process.arch === "x64") {
  const arg0Dir = join(scratch, "ref-arg0");
  mkdirSync(arg0Dir);
  const launcher = join(arg0Dir, "codex-linux-sandbox");
  symlinkSync(referenceBinary, launcher);
  const entries = (write) => [
    { path: { type: "special", value: { kind: "root" } }, access: "read" },
    ...(write
      ? [{ path: { type: "special", value: { kind: "project_roots" } }, access: "write" }]
      : []),
  ];
  for (const mode of Object.keys(policies)) {
    const profile = {
      type: "managed",
      file_system: { type: "restricted", entries: entries(mode === "workspace-write") },
      network: "restricted",
    };
    variants.push([
      `reference ${mode}`,
      {
        program: launcher,
        args: [
          "--sandbox-policy-cwd",
          ws,
          "--command-cwd",
          ws,
          "--permission-profile",
          JSON.stringify(profile),
          "--",
          TRUE,
        ],
        env: { ...env, PATH: `${arg0Dir}:${env.PATH}` },
        arg0: "codex-linux-sandbox",
      },
    ]);
  }
}

function runOnce({ program, args, env: childEnv, fd3, arg0 }) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(program, args, {
      stdio: fd3 ? ["ignore", "ignore", "pipe", "pipe"] : ["ignore", "ignore", "pipe"],
      cwd: ws,
      env: childEnv,
      argv0: arg0,
    });
    if (fd3) child.stdio[3].end(fd3);
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${program}: exited with ${code}: ${stderr}`));
    });
  });
}

const times = variants.map(() => []);
for (let i = 0; i < RUNS; i++) {
  for (const [v, [, plan]] of variants.entries()) times[v].push(await runOnce(plan));
}

const fmt = (ms) => ms.toFixed(2).padStart(7);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
console.log(`sandbox overhead, ${RUNS} alternating runs of \`true\` each (ms)`);
console.log(`${"variant".padEnd(34)}    min  median     max   added`);
const baseline = median(times[0]);
variants.forEach(([name], v) => {
  const sorted = [...times[v]].sort((a, b) => a - b);
  const added = v === 0 ? "      -" : fmt(median(times[v]) - baseline);
  console.log(
    `${name.padEnd(34)}${fmt(sorted[0])} ${fmt(median(times[v]))} ${fmt(sorted.at(-1))} ${added}`,
  );
});
if (!existsSync(helper)) console.log("(helper not built: no C compiler?)");
if (!bwrap) console.log("(bwrap not installed)");
rmSync(scratch, { recursive: true, force: true });
