// Shared helpers for integration tests: temporary CODEX_HOME + git workspace, and running the
// built CLI as a real process against the mock model server.
import { spawn, execFileSync } from "node:child_process";
import { afterEach, beforeEach, expect } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = path.join(REPO_ROOT, "bin", "codex.js");

export interface Workspace {
  root: string;
  home: string;
  work: string;
  cleanup(): void;
}

/** A temp dir with `home/` (CODEX_HOME) and `work/` (a git repo with one commit). */
export function makeWorkspace(opts: { git?: boolean } = {}): Workspace {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-test-")));
  const home = path.join(root, "home");
  const work = path.join(root, "work");
  mkdirSync(home);
  mkdirSync(work);
  writeFileSync(path.join(work, "hello.txt"), "hello\n");
  if (opts.git !== false) {
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: work,
        stdio: "ignore",
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" },
      });
    git("init", "-q");
    git("add", ".");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init");
  }
  return { root, home, work, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A config.toml pointing at the mock server. */
export function mockConfig(
  url: string,
  extra = "",
  opts: { wireApi?: "responses" | "chat"; model?: string } = {},
): string {
  return `model = "${opts.model ?? "gpt-5.5"}"
model_provider = "mock"
${extra}

[model_providers.mock]
name = "Mock"
base_url = "${url}"
env_key = "MOCK_API_KEY"
wire_api = "${opts.wireApi ?? "responses"}"
request_max_retries = 1
stream_max_retries = 2
`;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  home: string;
  env?: Record<string, string | undefined>;
  stdin?: string | Buffer;
  /** Called once the process is spawned (e.g. to send signals). */
  onSpawn?: (child: import("node:child_process").ChildProcess) => void;
  timeoutMs?: number;
  /** Another launcher than this checkout's bin/codex.js (e.g. a copy of the build). */
  cli?: string;
}

/** Environment for the CLI: no inherited secrets, just what a test sets. */
function cleanEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    CODEX_HOME: home,
    NO_COLOR: "1",
    MOCK_API_KEY: "sk-mock-test-key",
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.cli ?? CLI, ...args], {
      cwd: opts.cwd,
      env: cleanEnv(opts.home, opts.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `codex ${args.join(" ")} did not exit in time\nstdout:${stdout}\nstderr:${stderr}`,
        ),
      );
    }, opts.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
    else child.stdin.end();
    opts.onSpawn?.(child);
  });
}

export function writeConfig(home: string, text: string): void {
  writeFileSync(path.join(home, "config.toml"), text);
}

/** Parse JSONL stdout. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * Registers beforeEach/afterEach hooks giving each test a fresh mock model server and workspace
 * (config written unless `config` is null), and checks the call/output invariant afterwards.
 */
export function useMockWorkspace(
  assign: (mock: import("./mock-server/index.js").MockServer, ws: Workspace) => void,
  opts: { config?: string | null } = {},
): void {
  let current: { mock: import("./mock-server/index.js").MockServer; ws: Workspace } | null = null;
  beforeEach(async () => {
    const { startMockServer } = await import("./mock-server/index.js");
    const mock = await startMockServer();
    const ws = makeWorkspace();
    if (opts.config !== null) writeConfig(ws.home, mockConfig(mock.url, opts.config ?? ""));
    current = { mock, ws };
    assign(mock, ws);
  });
  afterEach(async () => {
    if (!current) return;
    const { mock, ws } = current;
    current = null;
    try {
      expect(mock.violations).toEqual([]);
    } finally {
      await mock.close();
      ws.cleanup();
    }
  });
}
