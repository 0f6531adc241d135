// `/review`: review the working tree, a branch's changes, a commit, or with the user's own
// instructions. The review request itself (prompt with the diff) comes from src/review.
import { runGit } from "../../../../git/index.js";
import {
  NothingToReview,
  ReviewTargetError,
  buildReviewRequest,
  type ReviewTarget,
} from "../../../../review/index.js";
import { busyError, type FeatureCommand, type Picker, type SlashAction } from "../actions.js";

/** Branches and commits offered by the pickers. */
export const MAX_COMMITS = 50;

/** The actions that start a review of `target`, or explain why there is nothing to review. */
export async function startReview(cwd: string, target: ReviewTarget): Promise<SlashAction[]> {
  try {
    const request = await buildReviewRequest(cwd, target);
    return [{ type: "op", op: { type: "review", review_request: request } }];
  } catch (err) {
    if (err instanceof NothingToReview) return [{ type: "info", lines: [err.message] }];
    if (err instanceof ReviewTargetError) return [{ type: "error", message: err.message }];
    throw err;
  }
}

async function gitLines(cwd: string, args: string[]): Promise<string[] | null> {
  const result = await runGit(args, { cwd, timeoutMs: 10_000 }).catch(() => null);
  if (!result || result.code !== 0) return null;
  return result.stdout
    .toString("utf8")
    .split("\n")
    .filter((line) => line !== "");
}

/** Local branches, the current one first; null outside a repository. */
export async function localBranches(
  cwd: string,
): Promise<{ name: string; current: boolean }[] | null> {
  const lines = await gitLines(cwd, ["branch", "--format=%(HEAD)%09%(refname:short)"]);
  if (lines === null) return null;
  return lines
    .filter((line) => line.includes("\t"))
    .map((line) => {
      const [head, name] = line.split("\t") as [string, string];
      return { name, current: head === "*" };
    })
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** The most recent commits of HEAD; null outside a repository or before the first commit. */
export async function recentCommits(
  cwd: string,
  limit: number,
): Promise<{ sha: string; subject: string }[] | null> {
  const lines = await gitLines(cwd, ["log", `-n${limit}`, "--format=%H%x09%s"]);
  if (lines === null) return null;
  return lines
    .filter((line) => line.includes("\t"))
    .map((line) => {
      const tab = line.indexOf("\t");
      return { sha: line.slice(0, tab), subject: line.slice(tab + 1) };
    });
}

export async function branchPicker(cwd: string): Promise<SlashAction[]> {
  const branches = await localBranches(cwd);
  if (branches === null) {
    return [
      {
        type: "error",
        message: `${cwd} is not inside a git repository: no branches to compare with.`,
      },
    ];
  }
  return [
    {
      type: "picker",
      picker: {
        title: "Review against which base branch?",
        emptyText: "No local branches yet (make a first commit).",
        items: branches.map((b) => ({
          label: b.name,
          description: b.current ? "current branch" : undefined,
          actions: () => startReview(cwd, { kind: "base", branch: b.name }),
        })),
      },
    },
  ];
}

export async function commitPicker(cwd: string): Promise<SlashAction[]> {
  const commits = await recentCommits(cwd, MAX_COMMITS);
  if (commits === null) {
    return [
      {
        type: "error",
        message: `No commits to review in ${cwd} (not a git repository, or no commits yet).`,
      },
    ];
  }
  return [
    {
      type: "picker",
      picker: {
        title: "Review which commit?",
        emptyText: "No commits yet.",
        items: commits.map((c) => ({
          label: c.sha.slice(0, 7),
          description: c.subject,
          actions: () => startReview(cwd, { kind: "commit", sha: c.sha, title: c.subject }),
        })),
      },
    },
  ];
}

export function reviewPicker(cwd: string): Picker {
  return {
    title: "Select a review",
    hint: "Or type /review <instructions>",
    items: [
      {
        label: "Review uncommitted changes",
        description: "staged, unstaged and untracked files",
        actions: () => startReview(cwd, { kind: "uncommitted" }),
      },
      {
        label: "Review against a base branch",
        description: "everything since this branch left the base",
        actions: () => branchPicker(cwd),
      },
      {
        label: "Review a commit",
        description: `one of the ${MAX_COMMITS} most recent commits`,
        actions: () => commitPicker(cwd),
      },
      {
        label: "Custom review instructions",
        description: "type them after /review",
        actions: [{ type: "set_composer", text: "/review " }],
      },
    ],
  };
}

export const reviewCommand: FeatureCommand = {
  name: "review",
  description: "review changes and find issues",
  run(ctx, args) {
    if (ctx.taskRunning) return [busyError("review")];
    const instructions = args.trim();
    if (instructions !== "") return startReview(ctx.session.cwd, { kind: "custom", instructions });
    return [{ type: "picker", picker: reviewPicker(ctx.session.cwd) }];
  },
};
