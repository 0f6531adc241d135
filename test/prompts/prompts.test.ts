import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expandCustomPrompt, listCustomPrompts } from "../../src/prompts/index.js";

let root: string;
let home: string;
let repo: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-prompts-")));
  home = path.join(root, "home");
  repo = path.join(root, "repo");
  mkdirSync(path.join(home, "prompts"), { recursive: true });
  mkdirSync(path.join(repo, ".git"), { recursive: true });
  writeFileSync(path.join(repo, ".git", "HEAD"), "ref: refs/heads/main\n");
  mkdirSync(path.join(repo, ".codex", "prompts"), { recursive: true });
  mkdirSync(path.join(repo, "src", "deep"), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("listCustomPrompts", () => {
  it("merges user and project prompts, project winning, sorted by name", async () => {
    writeFileSync(path.join(home, "prompts", "review.md"), "user review $1");
    writeFileSync(path.join(home, "prompts", "zeta.md"), "---\ndescription: Last one\n---\nZ");
    writeFileSync(path.join(home, "prompts", "notes.txt"), "not a prompt");
    mkdirSync(path.join(home, "prompts", "dir.md"));
    writeFileSync(
      path.join(repo, ".codex", "prompts", "review.md"),
      "---\ndescription: Project review\nargument-hint: FILE=<path>\n---\nReview $FILE\n",
    );
    writeFileSync(path.join(repo, ".codex", "prompts", "alpha.md"), "A");
    writeFileSync(path.join(root, "shared.md"), "linked");
    symlinkSync(path.join(root, "shared.md"), path.join(home, "prompts", "linked.md"));

    // From a subdirectory: the project is found at the repository root.
    const prompts = await listCustomPrompts({
      codexHome: home,
      cwd: path.join(repo, "src", "deep"),
    });
    expect(prompts.map((p) => p.name)).toEqual(["alpha", "linked", "review", "zeta"]);
    const review = prompts.find((p) => p.name === "review")!;
    expect(review).toEqual({
      name: "review",
      path: path.join(repo, ".codex", "prompts", "review.md"),
      content: "Review $FILE\n",
      description: "Project review",
      argument_hint: "FILE=<path>",
    });
    expect(prompts.find((p) => p.name === "zeta")).toMatchObject({
      description: "Last one",
      content: "Z",
    });
    expect(prompts.find((p) => p.name === "linked")?.content).toBe("linked");

    expect(expandCustomPrompt(review, "FILE=src/x.ts")).toEqual({
      ok: true,
      text: "Review src/x.ts\n",
    });
  });

  it("uses <cwd>/.codex/prompts outside a repository and copes with no directories", async () => {
    const plain = path.join(root, "plain");
    mkdirSync(path.join(plain, ".codex", "prompts"), { recursive: true });
    writeFileSync(path.join(plain, ".codex", "prompts", "p.md"), "P");
    expect(
      (await listCustomPrompts({ codexHome: path.join(root, "nohome"), cwd: plain })).map(
        (p) => p.name,
      ),
    ).toEqual(["p"]);
    expect(
      await listCustomPrompts({
        codexHome: path.join(root, "nohome"),
        cwd: path.join(root, "nowhere"),
      }),
    ).toEqual([]);
  });
});
