// Collects the commit/branch/origin recorded in session_meta. Bounded by a short timeout:
// a slow or hung git (network filesystems, huge repos) must never hold up a session.
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createChildEnv } from "../exec/env-policy.js";
import type { GitInfo } from "./types.js";
import { isRepoMarker } from "../git/marker.js";

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
  // Reading the few files involved is much cheaper than four git processes at session start;
  // git itself is only asked when the repository layout is one we don't read (e.g. reftable).
  const fromFiles = await gitInfoFromFiles(cwd).catch(() => undefined);
  if (fromFiles !== undefined) return fromFiles;
  return gitInfoFromCommands(cwd, timeoutMs);
}

async function gitInfoFromCommands(cwd: string, timeoutMs: number): Promise<GitInfo | null> {
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

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

/** The repository's git dir and common dir (they differ for worktrees), or null outside one. */
async function findGitDirs(cwd: string): Promise<{ gitDir: string; commonDir: string } | null> {
  let dir = path.resolve(cwd);
  for (;;) {
    const dotGit = path.join(dir, ".git");
    const st = await stat(dotGit).catch(() => null);
    if (st?.isDirectory() && (await isRepoMarker(dotGit)))
      return { gitDir: dotGit, commonDir: dotGit };
    if (st?.isFile()) {
      const m = /^gitdir: (.+)$/m.exec((await readText(dotGit)) ?? "");
      if (!m) return null;
      const gitDir = path.resolve(dir, m[1]!.trim());
      const common = (await readText(path.join(gitDir, "commondir")))?.trim();
      return { gitDir, commonDir: common ? path.resolve(gitDir, common) : gitDir };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

async function resolveRef(
  dirs: { gitDir: string; commonDir: string },
  ref: string,
): Promise<string | null> {
  for (const base of [dirs.gitDir, dirs.commonDir]) {
    const loose = (await readText(path.join(base, ref)))?.trim();
    if (loose && SHA.test(loose)) return loose;
  }
  const packed = (await readText(path.join(dirs.commonDir, "packed-refs"))) ?? "";
  for (const line of packed.split("\n")) {
    const [sha, name] = line.trim().split(" ");
    if (name === ref && sha && SHA.test(sha)) return sha;
  }
  return null;
}

/** The `url` of `[remote "origin"]` in a git config file. */
function originUrl(config: string): string | null {
  let inOrigin = false;
  for (const raw of config.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("[")) inOrigin = /^\[remote\s+"origin"\]$/.test(line);
    else if (inOrigin) {
      const m = /^url\s*=\s*(.+)$/.exec(line);
      if (m) return m[1]!.trim().replace(/^"(.*)"$/, "$1");
    }
  }
  return null;
}

/** undefined = this layout needs git itself; null = not a repository. */
async function gitInfoFromFiles(cwd: string): Promise<GitInfo | null | undefined> {
  const dirs = await findGitDirs(cwd);
  if (!dirs) return null;
  const config = (await readText(path.join(dirs.commonDir, "config"))) ?? "";
  if (/refstorage\s*=\s*reftable/i.test(config)) return undefined;
  const head = (await readText(path.join(dirs.gitDir, "HEAD")))?.trim();
  if (!head) return undefined;
  const info: GitInfo = {};
  const symbolic = /^ref: (refs\/.+)$/.exec(head);
  if (symbolic) {
    const ref = symbolic[1]!;
    if (ref.startsWith("refs/heads/")) info.branch = ref.slice("refs/heads/".length);
    const commit = await resolveRef(dirs, ref);
    if (commit) info.commit_hash = commit;
  } else if (SHA.test(head)) {
    info.commit_hash = head;
  } else {
    return undefined;
  }
  const origin = originUrl(config);
  if (origin) info.repository_url = withoutUserInfo(origin);
  return info;
}
