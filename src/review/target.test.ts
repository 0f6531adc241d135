import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildReviewRequest, MAX_REVIEW_DIFF_CHARS, ReviewTargetError } from "./target.js";

let root: string;
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@e", "-c", "user.name=t", ...args], { cwd: root });

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-review-target-")));
  git("init", "-q");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("buildReviewRequest", () => {
  it("includes staged, unstaged and untracked changes, even before the first commit", async () => {
    writeFileSync(path.join(root, "staged.txt"), "staged\n");
    git("add", "staged.txt");
    writeFileSync(path.join(root, "loose.txt"), "loose\n");
    const req = await buildReviewRequest(root, { kind: "uncommitted" });
    expect(req.user_facing_hint).toBe("current changes");
    expect(req.prompt).toContain("+staged");
    expect(req.prompt).toContain("+loose");
  });

  it("keeps a diff whose last line is a blank context line intact", async () => {
    writeFileSync(path.join(root, "f.txt"), "a\nb\n \n");
    git("add", ".");
    git("commit", "-qm", "i");
    writeFileSync(path.join(root, "f.txt"), "a\nB\n \n");
    const req = await buildReviewRequest(root, { kind: "uncommitted" });
    expect(req.prompt).toContain("+B\n  \n```");
  });

  it("cuts a huge diff and tells the reviewer how to read the rest", async () => {
    writeFileSync(path.join(root, "big.txt"), "line of text\n".repeat(30_000));
    const req = await buildReviewRequest(root, { kind: "uncommitted" });
    expect(req.prompt.length).toBeLessThan(MAX_REVIEW_DIFF_CHARS + 2_000);
    expect(req.prompt).toContain("run `git diff HEAD` to read the rest");
  });

  it("still asks the reviewer about a clean tree (as Codex), and reports a missing repository", async () => {
    const clean = await buildReviewRequest(root, { kind: "uncommitted" });
    expect(clean.user_facing_hint).toBe("current changes");
    expect(clean.prompt).toContain("There is no diff to review");
    const outside = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-review-nogit-")));
    try {
      await expect(buildReviewRequest(outside, { kind: "uncommitted" })).rejects.toBeInstanceOf(
        ReviewTargetError,
      );
      const custom = await buildReviewRequest(outside, { kind: "custom", instructions: "look" });
      expect(custom).toEqual({ prompt: "look", user_facing_hint: "look" });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
