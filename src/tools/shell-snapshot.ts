// Login-shell snapshots. Running `bash -lc` for every command re-reads the user's profile, which
// can cost hundreds of milliseconds (version managers, completions). Instead the profile runs
// once, in the sandbox, and each command starts a plain `bash -c` with the resulting
// environment, functions, aliases and shell options. Snapshots are cached in
// $CODEX_HOME/shell_snapshots while the profile files are unchanged.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync, renameSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { Config, ShellEnvironmentPolicy } from "../config/types.js";
import { createChildEnv, runProcess } from "../exec/index.js";
import { buildSpawnPlan, detectSandboxBackend } from "../sandbox/index.js";
import { shellEscape } from "../shell/display.js";

export interface ShellSnapshot {
  /** File with functions, aliases and shell options, sourced before each command. */
  scriptPath: string;
  /** The login shell's exported environment, before the command's env policy is applied. */
  env: Record<string, string>;
}

/** A snapshot older than this is rebuilt even if no profile file changed. */
const MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** Never wait longer than this for a snapshot; the command then runs as a login shell. */
const CREATE_TIMEOUT_MS = 5_000;
/** Variables that describe the snapshotting shell itself, not the user's environment. */
const SHELL_STATE_VARS = new Set(["PWD", "OLDPWD", "SHLVL", "_"]);
const ENV_MARKER = "__CODEX_TS_ENV__";
// Read-only shell options (login_shell, restricted_shell) cannot be set again, so they are left out.
const SNAPSHOT_SCRIPT = `declare -f; alias -p; shopt -p | grep -v -e login_shell -e restricted_shell; set +o | grep -v -e xtrace -e verbose -e errexit; printf '%s\\n' '${ENV_MARKER}'; env -0`;

const PROFILE_FILES = [
  "/etc/profile",
  "/etc/bash.bashrc",
  "/etc/profile.d",
  ".bash_profile",
  ".bash_login",
  ".profile",
  ".bashrc",
];

function fingerprint(shell: string, env: Record<string, string>): string {
  const home = env.HOME ?? homedir();
  const h = createHash("sha256").update(shell).update("\0").update(JSON.stringify(env));
  for (const f of PROFILE_FILES) {
    const p = path.isAbsolute(f) ? f : path.join(home, f);
    try {
      const st = statSync(p);
      h.update(`${p}:${st.mtimeMs}:${st.size}\0`);
      if (st.isDirectory()) for (const e of readdirSync(p).sort()) h.update(`${e}\0`);
    } catch {
      h.update(`${p}:-\0`);
    }
  }
  return h.digest("hex").slice(0, 20);
}

function parseSnapshotOutput(
  stdout: Buffer,
): { script: string; env: Record<string, string> } | null {
  const marker = stdout.indexOf(`${ENV_MARKER}\n`);
  if (marker < 0) return null;
  const script = stdout.subarray(0, marker).toString("utf8");
  const env: Record<string, string> = {};
  for (const entry of stdout
    .subarray(marker + ENV_MARKER.length + 1)
    .toString("utf8")
    .split("\0")) {
    const eq = entry.indexOf("=");
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    if (!SHELL_STATE_VARS.has(name)) env[name] = entry.slice(eq + 1);
  }
  return { script, env };
}

async function createSnapshot(
  config: Config,
  shell: string,
  file: string,
  baseEnv: Record<string, string>,
): Promise<ShellSnapshot | null> {
  // The profile runs read-only in the sandbox: it is only read, never allowed to change anything.
  const backend = await detectSandboxBackend({ helperPath: config.codexLinuxSandboxExe });
  let plan;
  try {
    plan = buildSpawnPlan({
      command: [shell, "-lc", SNAPSHOT_SCRIPT],
      cwd: config.cwd,
      policy: { type: "read-only" },
      env: baseEnv,
      codexHome: config.codexHome,
      backend,
    });
  } catch {
    return null;
  }
  const chunks: Buffer[] = [];
  const result = await runProcess(plan, {
    timeoutMs: CREATE_TIMEOUT_MS,
    streams: "separate",
    onOutput: (chunk, stream) => {
      if (stream === "stdout") chunks.push(Buffer.from(chunk));
    },
  });
  if (result.exitCode !== 0 || result.timedOut) return null;
  const parsed = parseSnapshotOutput(Buffer.concat(chunks));
  if (!parsed) return null;
  for (const name of Object.keys(parsed.env)) {
    if (name.startsWith("CODEX_SANDBOX")) delete parsed.env[name];
  }
  // Not recursive: a snapshot finishing after its session's CODEX_HOME was removed (a test's
  // temp home, a deleted profile) must not create that home again; it is simply not kept.
  try {
    mkdirSync(path.dirname(file), { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") return null;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${parsed.script}\n# env ${JSON.stringify(parsed.env)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return { scriptPath: file, env: parsed.env };
}

function readCached(file: string): ShellSnapshot | null {
  try {
    if (Date.now() - statSync(file).mtimeMs > MAX_AGE_MS) return null;
    const text = readFileSync(file, "utf8");
    const line = text.slice(text.lastIndexOf("\n# env ") + 7).trim();
    return { scriptPath: file, env: JSON.parse(line) as Record<string, string> };
  } catch {
    return null;
  }
}

const inflight = new Map<string, Promise<ShellSnapshot | null>>();

/** Start (or reuse) the snapshot for this config's shell; never rejects. */
export function shellSnapshot(
  config: Config,
  shell = "/bin/bash",
  parentEnv: NodeJS.ProcessEnv = process.env,
): Promise<ShellSnapshot | null> {
  if (path.basename(shell) !== "bash") return Promise.resolve(null);
  const baseEnv = createChildEnv(config.shellEnvironmentPolicy, parentEnv);
  const file = path.join(
    config.codexHome,
    "shell_snapshots",
    `bash-${fingerprint(shell, baseEnv)}.sh`,
  );
  let p = inflight.get(file);
  if (!p) {
    const cached = readCached(file);
    p = cached
      ? Promise.resolve(cached)
      : createSnapshot(config, shell, file, baseEnv).catch(() => null);
    inflight.set(file, p);
  }
  return p;
}

/**
 * The argv and env to spawn for `[bash, -lc, script]` given a snapshot: a plain `bash -c` that
 * sources the snapshot first. The env policy is applied again on top of the login environment.
 */
export function applySnapshot(
  command: string[],
  snapshot: ShellSnapshot,
  policy: ShellEnvironmentPolicy,
): { command: string[]; env: Record<string, string> } | null {
  if (command.length !== 3 || command[1] !== "-lc" || path.basename(command[0]!) !== "bash")
    return null;
  const env = createChildEnv({ ...policy, inherit: "all" }, snapshot.env);
  return {
    command: [command[0]!, "-c", `. ${shellEscape(snapshot.scriptPath)}\n${command[2]}`],
    env,
  };
}
