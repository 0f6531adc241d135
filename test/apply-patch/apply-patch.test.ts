import { chmod, readFile, stat, symlink, writeFile, lstat, readlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  applyComputedChanges,
  applyPatchText,
  computePatchChanges,
  formatPatchError,
  parsePatch,
} from "../../src/apply-patch/index.js";
import type { PatchCase } from "./case.js";
import { ERROR_CASES } from "./cases-errors.js";
import { FUZZY_CASES } from "./cases-fuzzy.js";
import { GRAMMAR_CASES } from "./cases-grammar.js";
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

function withDir(text: string, dir: string): string {
  return text.replaceAll("$DIR", dir);
}

async function runCase(c: PatchCase): Promise<void> {
  const dir = await tree(c.before);
  const patch = withDir(c.patch, dir);
  if (c.error !== undefined) {
    const err = await applyPatchText(patch, { cwd: dir }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, "the patch should have failed").not.toBeNull();
    expect(formatPatchError(err)).toBe(withDir(c.error, dir));
    expect(await readTree(dir)).toEqual(c.before ?? {});
    return;
  }
  const result = await applyPatchText(patch, { cwd: dir });
  expect(result.summary).toBe(
    "Success. Updated the following files:\n" + withDir(c.summary ?? "", dir),
  );
  expect(await readTree(dir)).toEqual(c.after ?? {});
}

describe("apply_patch grammar", () => {
  it.each(GRAMMAR_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => runCase(c));
});

describe("apply_patch fuzzy context matching", () => {
  it.each(FUZZY_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => runCase(c));
});

describe("apply_patch errors", () => {
  it.each(ERROR_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => runCase(c));
});

describe("computed changes", () => {
  it("carry protocol FileChanges keyed by absolute path, with 1-line-context diffs", async () => {
    const dir = await tree({ "notes.txt": "line one\nline two\n", "gone.txt": "bye\n" });
    const parsed = parsePatch(
      "*** Begin Patch\n*** Update File: notes.txt\n@@\n line one\n-line two\n+line 2\n+line three\n" +
        "*** Add File: n.txt\n+n\n*** Delete File: gone.txt\n" +
        "*** Update File: n.txt\n*** Move to: m.txt\n@@\n-n\n+m\n*** End Patch",
    );
    const computed = await computePatchChanges(parsed, { cwd: dir });
    expect(computed.changes).toEqual({
      [join(dir, "notes.txt")]: {
        type: "update",
        unified_diff: "@@ -1,2 +1,3 @@\n line one\n-line two\n+line 2\n+line three\n",
        move_path: null,
      },
      [join(dir, "n.txt")]: {
        type: "update",
        unified_diff: "@@ -1 +1 @@\n-n\n+m\n",
        move_path: join(dir, "m.txt"),
      },
      [join(dir, "gone.txt")]: { type: "delete", content: "bye\n" },
    });
    expect(computed.files.map((f) => [f.kind, f.displayPath, f.oldContent, f.newContent])).toEqual([
      ["update", "notes.txt", "line one\nline two\n", "line one\nline 2\nline three\n"],
      ["add", "n.txt", null, "n\n"],
      ["delete", "gone.txt", "bye\n", null],
      ["update", "n.txt", "n\n", "m\n"],
    ]);
    // Computing wrote nothing.
    expect(await readTree(dir)).toEqual({
      "notes.txt": "line one\nline two\n",
      "gone.txt": "bye\n",
    });
    const affected = await applyComputedChanges(computed);
    expect(affected).toEqual({
      added: ["n.txt"],
      modified: ["notes.txt", "m.txt"],
      deleted: ["gone.txt"],
    });
    expect(await readTree(dir)).toEqual({
      "notes.txt": "line one\nline 2\nline three\n",
      "m.txt": "m\n",
    });
  });

  it("resolve relative paths against cwd, not the process directory", async () => {
    const dir = await tree({ "sub/a.txt": "a\n" });
    const computed = await computePatchChanges(
      parsePatch("*** Begin Patch\n*** Update File: a.txt\n-a\n+b\n*** End Patch"),
      { cwd: join(dir, "sub") },
    );
    expect(Object.keys(computed.changes)).toEqual([join(dir, "sub", "a.txt")]);
  });
});

describe("writing", () => {
  it("keeps the permission bits of an updated file, also across a move", async () => {
    const dir = await tree({ "run.sh": "echo a\n", "tool.sh": "echo t\n" });
    await chmod(join(dir, "run.sh"), 0o750);
    await chmod(join(dir, "tool.sh"), 0o700);
    await applyPatchText(
      "*** Begin Patch\n*** Update File: run.sh\n-echo a\n+echo b\n" +
        "*** Update File: tool.sh\n*** Move to: bin/tool\n-echo t\n+echo T\n*** End Patch",
      { cwd: dir },
    );
    expect((await stat(join(dir, "run.sh"))).mode & 0o777).toBe(0o750);
    expect((await stat(join(dir, "bin/tool"))).mode & 0o777).toBe(0o700);
    expect(await readFile(join(dir, "run.sh"), "utf8")).toBe("echo b\n");
  });

  it("updates the target of a symlink and keeps the link", async () => {
    const dir = await tree({ "real.txt": "a\n" });
    await symlink("real.txt", join(dir, "link.txt"));
    await applyPatchText("*** Begin Patch\n*** Update File: link.txt\n-a\n+b\n*** End Patch", {
      cwd: dir,
    });
    expect((await lstat(join(dir, "link.txt"))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir, "link.txt"))).toBe("real.txt");
    expect(await readFile(join(dir, "real.txt"), "utf8")).toBe("b\n");
  });

  it("leaves no temporary files behind", async () => {
    const dir = await tree({ "a.txt": "a\n" });
    await applyPatchText(
      "*** Begin Patch\n*** Update File: a.txt\n-a\n+b\n*** Add File: d/e.txt\n+e\n*** End Patch",
      { cwd: dir },
    );
    expect(Object.keys(await readTree(dir)).sort()).toEqual(["a.txt", "d/e.txt"]);
  });

  it("refuses to update a file that is not UTF-8, writing nothing", async () => {
    const dir = await tree({ "ok.txt": "ok\n" });
    await writeFile(join(dir, "bin.dat"), Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]));
    const err = await applyPatchText(
      "*** Begin Patch\n*** Update File: ok.txt\n-ok\n+OK\n*** Update File: bin.dat\n-A\n+B\n*** End Patch",
      { cwd: dir },
    ).catch((e: unknown) => e);
    expect(formatPatchError(err)).toBe(
      `apply_patch verification failed: Failed to read file to update ${join(dir, "bin.dat")}: ` +
        "stream did not contain valid UTF-8",
    );
    expect(await readFile(join(dir, "ok.txt"), "utf8")).toBe("ok\n");
  });

  it("keeps a byte-order mark", async () => {
    const dir = await tree({ "bom.txt": "\uFEFFa\nb\n" });
    await applyPatchText("*** Begin Patch\n*** Update File: bom.txt\n@@\n-b\n+B\n*** End Patch", {
      cwd: dir,
    });
    expect(await readFile(join(dir, "bom.txt"), "utf8")).toBe("\uFEFFa\nB\n");
  });
});
