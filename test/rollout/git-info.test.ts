// gitInfo reads the repository's files; it must agree with what git itself reports.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gitInfo } from "../../src/rollout/git-info.js";

let root: string;
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-gitinfo-")));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function repo(name = "repo"): string {
  const dir = path.join(root, name);
  execFileSync("git", ["init", "-q", "-b", "main", dir]);
  writeFileSync(path.join(dir, "a.txt"), "a\n");
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "one");
  return dir;
}

describe("gitInfo", () => {
  it("branch, commit and origin (credentials stripped) from a plain repository, also from a subdirectory", async () => {
    const dir = repo();
    git(dir, "remote", "add", "origin", "https://user:secret@example.com/org/repo.git");
    execFileSync("mkdir", ["-p", path.join(dir, "sub", "deeper")]);
    const info = await gitInfo(path.join(dir, "sub", "deeper"));
    expect(info).toEqual({
      branch: "main",
      commit_hash: git(dir, "rev-parse", "HEAD"),
      repository_url: "https://example.com/org/repo.git",
    });
  });

  it("packed refs, detached HEAD and an unborn branch", async () => {
    const dir = repo();
    git(dir, "pack-refs", "--all");
    expect((await gitInfo(dir))?.commit_hash).toBe(git(dir, "rev-parse", "HEAD"));
    git(dir, "checkout", "-q", "--detach");
    expect(await gitInfo(dir)).toEqual({ commit_hash: git(dir, "rev-parse", "HEAD") });
    const empty = path.join(root, "empty");
    execFileSync("git", ["init", "-q", "-b", "trunk", empty]);
    expect(await gitInfo(empty)).toEqual({ branch: "trunk" });
  });

  it("a linked worktree reports its own branch and the shared origin", async () => {
    const dir = repo();
    git(dir, "remote", "add", "origin", "git@example.com:org/repo.git");
    const wt = path.join(root, "wt");
    git(dir, "worktree", "add", "-q", "-b", "feature", wt);
    expect(await gitInfo(wt)).toEqual({
      branch: "feature",
      commit_hash: git(wt, "rev-parse", "HEAD"),
      repository_url: "git@example.com:org/repo.git",
    });
  });

  it("null outside a repository", async () => {
    expect(await gitInfo(root)).toBeNull();
  });
});
