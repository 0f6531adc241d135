// `/review` against real git repositories: the pickers list real branches and commits and
// each choice starts a review built from the real diff.
import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type {
  Picker,
  PickerItem,
  SlashAction,
  SlashContext,
} from "../../../src/tui/features/slash/actions.js";
import { reviewCommand } from "../../../src/tui/features/slash/commands/review.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-review-")));
  dirs.push(dir);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd: dir,
      stdio: "ignore",
    });
  git("init", "-q", "-b", "main");
  writeFileSync(path.join(dir, "a.txt"), "one\n");
  git("add", ".");
  git("commit", "-qm", "first commit");
  git("checkout", "-qb", "feature");
  writeFileSync(path.join(dir, "a.txt"), "one\ntwo\n");
  git("commit", "-qam", "add two");
  return dir;
}

function ctx(cwd: string): SlashContext {
  return {
    session: {
      sessionId: "s",
      rolloutPath: null,
      model: "gpt-5.5",
      effort: null,
      approvalPolicy: "on-request",
      sandboxPolicy: { type: "read-only" },
      cwd,
    },
    config: { codexHome: "/nowhere", cwd, sandboxPolicy: { type: "read-only" } },
    taskRunning: false,
  };
}

function pickerOf(actions: SlashAction[]): Picker {
  const a = actions[0];
  if (a?.type !== "picker") throw new Error(`expected a picker, got ${JSON.stringify(a)}`);
  return a.picker;
}

async function choose(item: PickerItem | undefined): Promise<SlashAction[]> {
  if (!item) throw new Error("no such item");
  return typeof item.actions === "function" ? item.actions() : item.actions;
}

function reviewOf(actions: SlashAction[]) {
  const a = actions[0];
  if (a?.type !== "op" || a.op.type !== "review")
    throw new Error(`expected a review op, got ${JSON.stringify(a)}`);
  return a.op.review_request;
}

describe("/review", () => {
  it("offers the four kinds of review", async () => {
    const picker = pickerOf(await reviewCommand.run(ctx(repo()), ""));
    expect(picker.items.map((i) => i.label)).toEqual([
      "Review uncommitted changes",
      "Review against a base branch",
      "Review a commit",
      "Custom review instructions",
    ]);
    expect(await choose(picker.items[3])).toEqual([{ type: "set_composer", text: "/review " }]);
  });

  it("reviews uncommitted changes; a clean tree is still sent to the reviewer, as in Codex", async () => {
    const dir = repo();
    const picker = pickerOf(await reviewCommand.run(ctx(dir), ""));
    const clean = reviewOf(await choose(picker.items[0]));
    expect(clean.prompt).toContain("There is no diff to review");
    writeFileSync(path.join(dir, "new.txt"), "brand new\n");
    const request = reviewOf(await choose(picker.items[0]));
    expect(request.user_facing_hint).toBe("current changes");
    expect(request.prompt).toContain("brand new");
  });

  it("lists branches with the current one first and reviews against the chosen base", async () => {
    const dir = repo();
    const branches = pickerOf(
      await choose(pickerOf(await reviewCommand.run(ctx(dir), "")).items[1]),
    );
    expect(branches.items.map((i) => i.label)).toEqual(["feature", "main"]);
    const request = reviewOf(await choose(branches.items[1]));
    expect(request.user_facing_hint).toContain("main");
    expect(request.prompt).toContain("+two");
  });

  it("lists recent commits and reviews the chosen one", async () => {
    const dir = repo();
    const commits = pickerOf(
      await choose(pickerOf(await reviewCommand.run(ctx(dir), "")).items[2]),
    );
    expect(commits.items.map((i) => i.description)).toEqual(["add two", "first commit"]);
    const request = reviewOf(await choose(commits.items[0]));
    expect(request.user_facing_hint).toContain("add two");
    expect(request.prompt).toContain("+two");
  });

  it("takes custom instructions as arguments", async () => {
    const request = reviewOf(await reviewCommand.run(ctx(repo()), "check the error handling"));
    expect(request.prompt).toBe("check the error handling");
  });

  it("explains when the directory is not a repository", async () => {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-review-")));
    dirs.push(dir);
    const picker = pickerOf(await reviewCommand.run(ctx(dir), ""));
    const actions = await choose(picker.items[1]);
    expect(actions[0]).toMatchObject({ type: "error" });
    expect((actions[0] as { message: string }).message).toContain("not inside a git repository");
    expect((await choose(picker.items[0]))[0]).toMatchObject({ type: "error" });
  });
});
