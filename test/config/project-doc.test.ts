import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatUserInstructions, loadUserInstructions } from "../../src/config/index.js";
import { tempDir } from "../temp-dir.js";

function setup() {
  const root = tempDir("codex-ts-docs-");
  const home = join(root, "home");
  const repo = join(root, "repo");
  const deep = join(repo, "pkg", "lib");
  mkdirSync(home);
  mkdirSync(deep, { recursive: true });
  execFileSync("git", ["init", "-q", repo]);
  return { root, home, repo, deep };
}

describe("loadUserInstructions", () => {
  it("joins global, repo root and nested AGENTS.md files, root first", async () => {
    const { home, repo, deep } = setup();
    writeFileSync(join(home, "AGENTS.md"), "\nglobal rules\n\n");
    writeFileSync(join(repo, "AGENTS.md"), "root rules\n");
    writeFileSync(join(repo, "pkg", "AGENTS.md"), "pkg rules\n");
    writeFileSync(join(deep, "AGENTS.md"), "lib rules\n");
    const r = await loadUserInstructions({
      codexHome: home,
      cwd: deep,
      maxBytes: 32768,
      fallbackFilenames: [],
    });
    expect(r.text).toBe(
      "global rules\n\n--- project-doc ---\n\nroot rules\n\n\npkg rules\n\n\nlib rules\n",
    );
    expect(r.files).toEqual([
      join(home, "AGENTS.md"),
      join(repo, "AGENTS.md"),
      join(repo, "pkg", "AGENTS.md"),
      join(deep, "AGENTS.md"),
    ]);
    expect(r.truncated).toBe(false);
  });

  it("prefers AGENTS.override.md, then AGENTS.md, then fallback names", async () => {
    const { home, repo, deep } = setup();
    writeFileSync(join(repo, "AGENTS.md"), "root\n");
    writeFileSync(join(repo, "AGENTS.override.md"), "root override\n");
    writeFileSync(join(repo, "pkg", "CLAUDE.md"), "pkg fallback\n");
    writeFileSync(join(deep, "OTHER.md"), "second fallback\n");
    writeFileSync(join(deep, "CLAUDE.md"), "   \n");
    const r = await loadUserInstructions({
      codexHome: home,
      cwd: deep,
      maxBytes: 32768,
      fallbackFilenames: ["CLAUDE.md", "OTHER.md"],
    });
    // An empty CLAUDE.md still wins the lookup in its directory and contributes nothing.
    expect(r.text).toBe("root override\n\n\npkg fallback\n");
    expect(r.files).toEqual([join(repo, "AGENTS.override.md"), join(repo, "pkg", "CLAUDE.md")]);
  });

  it("caps project docs at maxBytes without splitting a UTF-8 character", async () => {
    const { home, repo, deep } = setup();
    writeFileSync(join(home, "AGENTS.md"), "global is not counted");
    writeFileSync(join(repo, "AGENTS.md"), "abcé"); // 5 bytes: é is 2
    writeFileSync(join(deep, "AGENTS.md"), "never reached");
    const r = await loadUserInstructions({
      codexHome: home,
      cwd: deep,
      maxBytes: 4,
      fallbackFilenames: [],
    });
    expect(r.text).toBe("global is not counted\n\n--- project-doc ---\n\nabc");
    expect(r.truncated).toBe(true);
    expect(r.files).toEqual([join(home, "AGENTS.md"), join(repo, "AGENTS.md")]);
  });

  it("maxBytes = 0 disables project docs but keeps the global file", async () => {
    const { home, repo } = setup();
    writeFileSync(join(home, "AGENTS.md"), "global");
    writeFileSync(join(repo, "AGENTS.md"), "project");
    const r = await loadUserInstructions({
      codexHome: home,
      cwd: repo,
      maxBytes: 0,
      fallbackFilenames: [],
    });
    expect(r.text).toBe("global");
  });

  it("outside a git repository only the cwd is searched", async () => {
    const { root, home } = setup();
    const plain = join(root, "plain", "sub");
    mkdirSync(plain, { recursive: true });
    writeFileSync(join(root, "plain", "AGENTS.md"), "parent, not read");
    writeFileSync(join(plain, "AGENTS.md"), "cwd doc");
    const r = await loadUserInstructions({
      codexHome: home,
      cwd: plain,
      maxBytes: 100,
      fallbackFilenames: [],
    });
    expect(r.text).toBe("cwd doc");
    const none = await loadUserInstructions({
      codexHome: join(root, "nohome"),
      cwd: root,
      maxBytes: 100,
      fallbackFilenames: [],
    });
    expect(none).toEqual({ text: undefined, files: [], truncated: false });
  });

  it("treats a .git file (worktree) as the repository root", async () => {
    const { root, home } = setup();
    const wt = join(root, "wt");
    mkdirSync(join(wt, "a"), { recursive: true });
    writeFileSync(join(wt, ".git"), "gitdir: /elsewhere\n");
    writeFileSync(join(wt, "AGENTS.md"), "worktree root");
    const r = await loadUserInstructions({
      codexHome: home,
      cwd: join(wt, "a"),
      maxBytes: 100,
      fallbackFilenames: [],
    });
    expect(r.text).toBe("worktree root");
  });
});

describe("formatUserInstructions", () => {
  it("matches the Codex user-context block", () => {
    expect(formatUserInstructions("# Agent notes\n\nAlways answer in haiku.\n", "/r/work")).toBe(
      "# AGENTS.md instructions for /r/work\n\n<INSTRUCTIONS>\n# Agent notes\n\nAlways answer in haiku.\n\n</INSTRUCTIONS>",
    );
  });
});
