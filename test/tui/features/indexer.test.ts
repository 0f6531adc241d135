// The workspace indexer against real trees: ripgrep from @vscode/ripgrep, .gitignore rules,
// the git fallback, batching and cancellation.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PathIndex } from "../../../src/tui/features/file-search/path-index.js";
import { startIndexing } from "../../../src/tui/features/file-search/indexer.js";

const roots: string[] = [];

function tree(files: Record<string, string>, opts: { git?: boolean } = {}): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-index-")));
  roots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  if (opts.git) execFileSync("git", ["init", "-q"], { cwd: root });
  return root;
}

afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

async function listAll(cwd: string, opts: { rgPath?: string; batchSize?: number } = {}) {
  const index = new PathIndex();
  const batches: number[] = [];
  index.subscribe((n) => n > 0 && batches.push(n));
  await startIndexing(index, { cwd, ...opts }).done;
  return { index, paths: [...index.paths].sort(), batches };
}

const FILES = {
  ".gitignore": "build/\n*.log\n",
  "src/main.ts": "",
  "src/util/helpers.ts": "",
  "src/.env.example": "",
  "build/out.js": "",
  "debug.log": "",
  "docs/guide with spaces.md": "",
  "docs/.gitignore": "drafts/\n",
  "docs/drafts/wip.md": "",
};

const EXPECTED = [
  ".gitignore",
  "docs/.gitignore",
  "docs/guide with spaces.md",
  "src/.env.example",
  "src/main.ts",
  "src/util/helpers.ts",
];

describe("startIndexing", () => {
  it("lists files with ripgrep, honouring .gitignore files at every level and keeping dotfiles", async () => {
    const root = tree(FILES, { git: true });
    const { index, paths } = await listAll(root);
    expect(paths).toEqual(EXPECTED);
    expect(index.isComplete).toBe(true);
    expect(index.error).toBeNull();
    expect(paths.some((p) => p.startsWith(".git/"))).toBe(false);
  });

  it("honours .gitignore outside a git repository too", async () => {
    const root = tree(FILES, { git: false });
    const { paths } = await listAll(root);
    expect(paths).toEqual(EXPECTED);
  });

  it("streams paths in batches", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`f${i}.txt`] = "";
    const root = tree(files);
    const { index, batches } = await listAll(root, { batchSize: 8 });
    expect(index.size).toBe(50);
    expect(batches.length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...batches)).toBeLessThanOrEqual(8);
  });

  it("falls back to git ls-files when ripgrep cannot run", async () => {
    const root = tree(FILES, { git: true });
    const { index, paths } = await listAll(root, { rgPath: path.join(root, "no-such-rg") });
    expect(paths).toEqual(EXPECTED);
    expect(index.error).toBeNull();
  });

  it("reports an error when neither ripgrep nor git can list the tree", async () => {
    const root = tree({ "a.txt": "" }, { git: false });
    const { index } = await listAll(root, { rgPath: path.join(root, "no-such-rg") });
    expect(index.isComplete).toBe(true);
    expect(index.error).toMatch(/file search unavailable/);
  });

  it("an empty tree is not an error", async () => {
    const root = tree({});
    const { index } = await listAll(root);
    expect(index.size).toBe(0);
    expect(index.error).toBeNull();
  });

  it("can be cancelled; the index is then complete", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`d${i % 40}/f${i}.txt`] = "";
    const root = tree(files);
    const index = new PathIndex();
    const handle = startIndexing(index, { cwd: root });
    handle.cancel();
    await handle.done;
    expect(index.isComplete).toBe(true);
    expect(index.error).toBeNull();
    expect(index.size).toBeLessThanOrEqual(2000);
  });

  it("stops at maxFiles and says so", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`f${i}.txt`] = "";
    const root = tree(files);
    const index = new PathIndex();
    await startIndexing(index, { cwd: root, maxFiles: 10 }).done;
    expect(index.size).toBe(10);
    expect(index.error).toMatch(/stopped after 10 files/);
  });
});
