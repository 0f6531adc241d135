// Shared benchmark plumbing: a mock model server process, temp workspaces, timed CLI runs.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, realpathSync, rmSync } from "node:fs";
import { tmpdir, homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OUR_CLI = [process.execPath, path.join(ROOT, "bin", "codex.js")];

/** The reference Codex CLI, if installed with `node bench/install-reference.mjs` (or $CODEX_REF). */
export function referenceCli() {
  if (process.env.CODEX_REF) return [process.env.CODEX_REF];
  const local = path.join(ROOT, "bench", ".reference", "node_modules", ".bin", "codex");
  return existsSync(local) ? [local] : null;
}

/** Starts dist/mock-server.mjs with a script; resolves with its URL and a request log. */
export async function startMock(script) {
  const dir = mkdtempSync(path.join(tmpdir(), "codex-bench-mock-"));
  const scriptPath = path.join(dir, "script.json");
  writeFileSync(scriptPath, JSON.stringify(script));
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, "dist", "mock-server.mjs"),
      "--script",
      scriptPath,
      "--repeat",
      "--log-requests",
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const requests = [];
  const rl = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`mock server exited ${code}`)));
    rl.on("line", (line) => {
      if (line.startsWith("MOCK_URL=")) resolve(line.slice("MOCK_URL=".length));
      else if (line.startsWith("REQUEST ")) requests.push(JSON.parse(line.slice(8)));
    });
  });
  return {
    url,
    requests,
    close: () => {
      child.kill("SIGTERM");
      // The script is read at start; its directory must not outlive the benchmark.
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every run directory made by this process: removed when it exits, whatever the benchmark. */
const runRoots = [];
process.on("exit", () => {
  for (const root of runRoots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** CODEX_HOME outside /tmp (the reference refuses to set up helpers there) and a git workdir. */
export function makeRun(mockUrl, extraConfig = "") {
  const base = path.join(homedir(), ".cache", "codex-ts-bench");
  mkdirSync(base, { recursive: true });
  const root = realpathSync(mkdtempSync(path.join(base, "run-")));
  runRoots.push(root);
  const home = path.join(root, "home");
  const work = path.join(root, "work");
  mkdirSync(home);
  mkdirSync(work);
  writeFileSync(path.join(work, "hello.txt"), "hello\n");
  execFileSync("git", ["init", "-q"], { cwd: work });
  execFileSync("git", ["add", "."], { cwd: work });
  execFileSync(
    "git",
    ["-c", "user.email=b@example.com", "-c", "user.name=b", "commit", "-qm", "init"],
    { cwd: work },
  );
  writeFileSync(
    path.join(home, "config.toml"),
    `model = "gpt-5.5"\nmodel_provider = "mock"\n${extraConfig}\n[model_providers.mock]\nname = "Mock"\nbase_url = "${mockUrl}"\nwire_api = "responses"\nenv_key = "MOCK_API_KEY"\n`,
  );
  return { root, home, work };
}

/**
 * Runs a command under /usr/bin/time; returns wall ms, max RSS (MB, of the largest process in the
 * tree, as getrusage reports it) and the epoch times of spawn and exit (the mock logs epoch ms).
 */
export function timedRun(argv, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const startEpoch = Date.now();
    const t0 = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "__RSS_KB__=%M", ...argv], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LANG: "C.UTF-8",
        NO_COLOR: "1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - t0;
      const endEpoch = Date.now();
      const m = /__RSS_KB__=(\d+)/.exec(stderr);
      const rssMb = m ? Number(m[1]) / 1024 : NaN;
      resolve({ code, wallMs, rssMb, startEpoch, endEpoch, stdout, stderr });
    });
  });
}

export function stats(values) {
  const v = [...values].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { min: NaN, median: NaN, max: NaN };
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { min: v[0], median, max: v[v.length - 1] };
}

export const fmt = (s, unit) =>
  `${s.median.toFixed(1)} ${unit} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
