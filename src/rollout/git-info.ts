// Collects the commit/branch/origin recorded in session_meta. Bounded by a short timeout:
// a slow or hung git (network filesystems, huge repos) must never hold up a session.
import { execFile } from "node:child_process";
import { createChildEnv } from "../exec/env-policy.js";
import type { GitInfo } from "./types.js";

/** Per-command limit. One probe, then three commands in parallel: at most two rounds of this. */
export const GIT_INFO_TIMEOUT_MS = 2_000;

// Same hardening Codex uses: no hooks, no fsmonitor daemon, no implicit bare repositories.
const GIT_SAFETY_ARGS = [
  "-c",
  "safe.bareRepository=explicit",
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "core.fsmonitor=false",
];

function runGit(cwd: string, args: string[], timeoutMs: number): Promise<string | null> {
  const env = {
    ...createChildEnv(
      { inherit: "all", ignoreDefaultExcludes: false, exclude: [], set: {}, includeOnly: [] },
      process.env,
    ),
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
  };
  return new Promise((resolve) => {
    execFile(
      "git",
      [...GIT_SAFETY_ARGS, ...args],
      { cwd, env, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 64 * 1024 },
      (error, stdout) => {
        if (error) return resolve(null);
        const out = stdout.trim();
        resolve(out === "" ? null : out);
      },
    );
  });
}

/** Strip credentials from an https origin such as `https://user:token@host/repo`. */
function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = "";
      parsed.password = "";
      return parsed.toString();
    }
  } catch {
    // scp-like `git@host:org/repo.git` is not a URL and carries no password.
  }
  return url;
}

/** Commit, branch and origin URL of the repository containing `cwd`; null outside a repository. */
export async function gitInfo(
  cwd: string,
  timeoutMs: number = GIT_INFO_TIMEOUT_MS,
): Promise<GitInfo | null> {
  const gitDir = await runGit(cwd, ["rev-parse", "--git-dir"], timeoutMs);
  if (gitDir === null) return null;
  const [commit, branch, origin] = await Promise.all([
    runGit(cwd, ["rev-parse", "HEAD"], timeoutMs),
    runGit(cwd, ["rev-parse", "--abbrev-ref", "HEAD"], timeoutMs),
    runGit(cwd, ["remote", "get-url", "origin"], timeoutMs),
  ]);
  const info: GitInfo = {};
  if (commit) info.commit_hash = commit;
  // A detached HEAD reports "HEAD", which is not a branch.
  if (branch && branch !== "HEAD") info.branch = branch;
  if (origin) info.repository_url = withoutUserInfo(origin);
  return info;
}
