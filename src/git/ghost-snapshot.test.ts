import { execFileSync } from "node:child_process";
import {
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
  existsSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createGhostSnapshot,
  listGhostSnapshots,
  pruneGhostSnapshots,
  restoreGhostSnapshot,
} from "./ghost-snapshot.js";
import { repoRoot } from "./run-git.js";

let root: string;
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@e", "-c", "user.name=t", ...args], {
    cwd: root,
    encoding: "utf8",
  });
const write = (name: string, text: string) => writeFileSync(path.join(root, name), text);

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ghost-test-")));
  git("init", "-q");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("ghost snapshots", () => {
  it("captures tracked and untracked files but not ignored ones, without touching the index", async () => {
    write(".gitignore", "*.log\n");
    write("a.txt", "a1\n");
    git("add", ".");
    git("commit", "-qm", "init");
    write("a.txt", "a2\n");
    write("untracked.txt", "u\n");
    write("debug.log", "ignored\n");
    write("staged.txt", "s\n");
    git("add", "staged.txt");
    const index = readFileSync(path.join(root, ".git", "index"));
    const status = git("status", "--porcelain");

    const snap = await createGhostSnapshot({ root, threadId: "t1", number: 1 });
    const files = git("ls-tree", "-r", "--name-only", snap.commit).trim().split("\n");
    expect(files.sort()).toEqual([".gitignore", "a.txt", "staged.txt", "untracked.txt"]);
    expect(git("show", `${snap.commit}:a.txt`)).toBe("a2\n");
    expect(git("rev-parse", `${snap.commit}^`).trim()).toBe(git("rev-parse", "HEAD").trim());
    expect(readFileSync(path.join(root, ".git", "index")).equals(index)).toBe(true);
    expect(git("status", "--porcelain")).toBe(status);
    expect(git("branch").trim()).toMatch(/^\* (main|master)$/);
  });

  it("works on a branch with no commits yet", async () => {
    write("first.txt", "1\n");
    const snap = await createGhostSnapshot({ root, threadId: "t", number: 1 });
    write("first.txt", "2\n");
    write("second.txt", "x\n");
    const report = await restoreGhostSnapshot(root, snap);
    expect(report).toEqual({ restored: ["first.txt"], removed: ["second.txt"], recreated: [] });
    expect(readFileSync(path.join(root, "first.txt"), "utf8")).toBe("1\n");
    expect(existsSync(path.join(root, "second.txt"))).toBe(false);
  });

  it("keeps only the newest snapshots of a session", async () => {
    write("f", "x");
    for (let n = 1; n <= 5; n++) await createGhostSnapshot({ root, threadId: "s", number: n });
    await createGhostSnapshot({ root, threadId: "other", number: 1 });
    await pruneGhostSnapshots(root, "s", 2);
    expect((await listGhostSnapshots(root, "s")).map((s) => s.number)).toEqual([4, 5]);
    expect(await listGhostSnapshots(root, "other")).toHaveLength(1);
  });

  it("repoRoot is null outside a repository", async () => {
    const outside = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-no-git-")));
    try {
      expect(await repoRoot(outside)).toBeNull();
      expect(await repoRoot(root)).toBe(root);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
