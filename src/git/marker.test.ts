import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isRepoRoot, isRepoRootSync } from "./marker.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "codex-ts-marker-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("repository markers", () => {
  it("an empty .git directory (a sandbox mount target) is not a repository", async () => {
    mkdirSync(path.join(dir, ".git"));
    expect(isRepoRootSync(dir)).toBe(false);
    expect(await isRepoRoot(dir)).toBe(false);
  });

  it("a .git directory with HEAD, or a gitlink file, is", async () => {
    mkdirSync(path.join(dir, "a", ".git"), { recursive: true });
    writeFileSync(path.join(dir, "a", ".git", "HEAD"), "ref: refs/heads/main\n");
    mkdirSync(path.join(dir, "b"));
    writeFileSync(path.join(dir, "b", ".git"), "gitdir: ../a/.git\n");
    for (const d of ["a", "b"]) {
      expect(isRepoRootSync(path.join(dir, d))).toBe(true);
      expect(await isRepoRoot(path.join(dir, d))).toBe(true);
    }
    expect(isRepoRootSync(path.join(dir, "none"))).toBe(false);
  });
});
