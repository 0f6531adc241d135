import { execFileSync } from "node:child_process";
import { chmod, mkdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  applyComputedChanges,
  computePatchChanges,
  gitBlobOid,
  parsePatch,
  TurnDiffTracker,
} from "../../src/apply-patch/index.js";
import { makeTree, readTree, removeTree } from "./tree.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeTree));
});

async function tree(files?: Record<string, string>): Promise<string> {
  const dir = await makeTree(files);
  dirs.push(dir);
  return dir;
}

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", args, {
    cwd,
    input,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
  });
}

async function gitRepo(files: Record<string, string>): Promise<string> {
  const dir = await tree(files);
  git(dir, ["init", "-q"]);
  return dir;
}

/** Applies a patch the way the tool handler does: snapshot, then write. */
async function patchTurn(tracker: TurnDiffTracker, cwd: string, patch: string): Promise<void> {
  const computed = await computePatchChanges(parsePatch(patch), { cwd });
  await tracker.onPatchBegin(computed);
  await applyComputedChanges(computed);
}

const ORIGINAL = {
  "a.txt": "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n",
  "gone.txt": "delete me\n",
  "m.txt": "moving\n",
  "src/no-newline.txt": "x\ny",
  "run.sh": "echo hi\n",
};

const PATCH_1 =
  "*** Begin Patch\n*** Update File: a.txt\n@@\n one\n-two\n+TWO\n" +
  "*** Delete File: gone.txt\n*** Add File: src/new.txt\n+fresh\n" +
  "*** Update File: m.txt\n*** Move to: moved/m2.txt\n@@\n-moving\n+moved\n" +
  "*** Update File: src/no-newline.txt\n@@\n-x\n+X\n" +
  "*** Update File: run.sh\n@@\n-echo hi\n+echo bye\n*** End Patch";

const PATCH_2 =
  "*** Begin Patch\n*** Update File: a.txt\n@@\n seven\n-eight\n+EIGHT\n*** End Patch";

describe("TurnDiffTracker", () => {
  it("produces a diff git applies to the original tree, giving the patched tree", async () => {
    const work = await gitRepo(ORIGINAL);
    const replica = await gitRepo(ORIGINAL);
    for (const dir of [work, replica]) await chmod(join(dir, "run.sh"), 0o755);

    const tracker = new TurnDiffTracker();
    await patchTurn(tracker, work, PATCH_1);
    await patchTurn(tracker, work, PATCH_2);
    const diff = await tracker.getUnifiedDiff();
    expect(diff).not.toBeNull();

    git(replica, ["apply", "--check", "-"], diff!);
    git(replica, ["apply", "-"], diff!);
    expect(await readTree(replica)).toEqual(await readTree(work));
    expect((await stat(join(work, "run.sh"))).mode & 0o777).toBe(0o755);
    expect((await stat(join(replica, "run.sh"))).mode & 0o777).toBe(0o755);
  });

  it("matches `git diff` byte for byte on ordinary edits", async () => {
    const work = await gitRepo(ORIGINAL);
    await chmod(join(work, "run.sh"), 0o755);
    git(work, ["add", "-A"]);
    git(work, ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base"]);
    const tracker = new TurnDiffTracker();
    await patchTurn(tracker, work, PATCH_1);
    await patchTurn(tracker, work, PATCH_2);
    git(work, ["add", "-A"]);
    const expected = git(work, ["diff", "--cached", "--full-index", "--no-renames", "--no-color"]);
    expect(await tracker.getUnifiedDiff()).toBe(expected);
  });

  it("writes headers as git does: new, deleted and modified files", async () => {
    const work = await gitRepo({ "keep.txt": "k\n", "old.txt": "bye\n" });
    const tracker = new TurnDiffTracker();
    await patchTurn(
      tracker,
      work,
      "*** Begin Patch\n*** Add File: notes.txt\n+line one\n*** Delete File: old.txt\n" +
        "*** Update File: keep.txt\n-k\n+K\n*** End Patch",
    );
    const zero = "0".repeat(40);
    expect(await tracker.getUnifiedDiff()).toBe(
      `diff --git a/keep.txt b/keep.txt\nindex ${gitBlobOid("k\n")}..${gitBlobOid("K\n")} 100644\n` +
        "--- a/keep.txt\n+++ b/keep.txt\n@@ -1 +1 @@\n-k\n+K\n" +
        // The reference capture's exact section for an added notes.txt.
        "diff --git a/notes.txt b/notes.txt\nnew file mode 100644\n" +
        "index 0000000000000000000000000000000000000000..2d00bd505971a8bc7318d98e003aee708a367c85\n" +
        "--- /dev/null\n+++ b/notes.txt\n@@ -0,0 +1 @@\n+line one\n" +
        `diff --git a/old.txt b/old.txt\ndeleted file mode 100644\nindex ${gitBlobOid("bye\n")}..${zero}\n` +
        "--- a/old.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n",
    );
  });

  it("names files relative to the repository root even when cwd is a subdirectory", async () => {
    const work = await gitRepo({ "pkg/lib/x.txt": "x\n" });
    const tracker = new TurnDiffTracker();
    await patchTurn(
      tracker,
      join(work, "pkg"),
      "*** Begin Patch\n*** Update File: lib/x.txt\n-x\n+y\n*** End Patch",
    );
    expect(await tracker.getUnifiedDiff()).toMatch(
      /^diff --git a\/pkg\/lib\/x\.txt b\/pkg\/lib\/x\.txt\n/,
    );
  });

  it("uses absolute paths outside a git repository", async () => {
    const dir = await tree({ "f.txt": "a\n" });
    const tracker = new TurnDiffTracker();
    await patchTurn(tracker, dir, "*** Begin Patch\n*** Update File: f.txt\n-a\n+b\n*** End Patch");
    const abs = join(dir, "f.txt");
    expect(await tracker.getUnifiedDiff()).toBe(
      `diff --git a/${abs} b/${abs}\nindex ${gitBlobOid("a\n")}..${gitBlobOid("b\n")} 100644\n` +
        `--- a/${abs}\n+++ b/${abs}\n@@ -1 +1 @@\n-a\n+b\n`,
    );
  });

  it("a stray empty .git directory does not make a repository (as for git)", async () => {
    const dir = await tree({ "f.txt": "a\n" });
    await mkdir(join(dir, ".git"));
    const tracker = new TurnDiffTracker();
    await patchTurn(tracker, dir, "*** Begin Patch\n*** Update File: f.txt\n-a\n+b\n*** End Patch");
    expect(await tracker.getUnifiedDiff()).toContain(`diff --git a/${join(dir, "f.txt")} `);
  });

  it("is null before any patch and when the turn's changes cancel out", async () => {
    const dir = await tree({ "f.txt": "a\n" });
    const tracker = new TurnDiffTracker();
    expect(await tracker.getUnifiedDiff()).toBeNull();
    await patchTurn(tracker, dir, "*** Begin Patch\n*** Update File: f.txt\n-a\n+b\n*** End Patch");
    expect(await tracker.getUnifiedDiff()).not.toBeNull();
    await patchTurn(tracker, dir, "*** Begin Patch\n*** Update File: f.txt\n-b\n+a\n*** End Patch");
    expect(await tracker.getUnifiedDiff()).toBeNull();
  });

  it("compares with the content before the turn, not before the latest patch", async () => {
    const dir = await tree({ "f.txt": "1\n" });
    const tracker = new TurnDiffTracker();
    await patchTurn(tracker, dir, "*** Begin Patch\n*** Update File: f.txt\n-1\n+2\n*** End Patch");
    await patchTurn(tracker, dir, "*** Begin Patch\n*** Update File: f.txt\n-2\n+3\n*** End Patch");
    expect(await tracker.getUnifiedDiff()).toContain("@@ -1 +1 @@\n-1\n+3\n");
  });

  it("reports a file that is no longer text as binary", async () => {
    const dir = await gitRepo({ "f.txt": "a\n" });
    const tracker = new TurnDiffTracker();
    await patchTurn(tracker, dir, "*** Begin Patch\n*** Update File: f.txt\n-a\n+b\n*** End Patch");
    await writeFile(join(dir, "f.txt"), Buffer.from([0xff, 0x00, 0xfe]));
    expect(await tracker.getUnifiedDiff()).toBe(
      `diff --git a/f.txt b/f.txt\nindex ${gitBlobOid("a\n")}..${gitBlobOid(Buffer.from([0xff, 0x00, 0xfe]))} 100644\n` +
        "Binary files a/f.txt and b/f.txt differ\n",
    );
  });

  it("accepts the change map of a PatchApplyBegin event", async () => {
    const dir = await tree({ "f.txt": "a\n" });
    const computed = await computePatchChanges(
      parsePatch(
        "*** Begin Patch\n*** Update File: f.txt\n*** Move to: g.txt\n-a\n+b\n*** End Patch",
      ),
      { cwd: dir },
    );
    const tracker = new TurnDiffTracker();
    await tracker.onPatchBegin(computed.changes);
    await applyComputedChanges(computed);
    const diff = await tracker.getUnifiedDiff();
    expect(diff).toContain(
      `diff --git a/${join(dir, "f.txt")} b/${join(dir, "f.txt")}\ndeleted file mode 100644\n`,
    );
    expect(diff).toContain(
      `diff --git a/${join(dir, "g.txt")} b/${join(dir, "g.txt")}\nnew file mode 100644\n`,
    );
  });
});
