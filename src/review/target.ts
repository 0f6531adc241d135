// What to review, turned into a ReviewRequest: the prompt carries the diff itself (bounded) so
// the reviewer starts from the exact change, and says where the repository is so findings can
// name absolute paths.
import { git, headCommit, repoRoot, runGit, splitNul } from "../git/index.js";
import type { ReviewRequest } from "../protocol/index.js";

export type ReviewTarget =
  /** Staged, unstaged and untracked changes against HEAD. */
  | { kind: "uncommitted" }
  /** Everything since the merge base with `branch` (committed and not). */
  | { kind: "base"; branch: string }
  /** What one commit introduced. */
  | { kind: "commit"; sha: string; title?: string }
  /** Free-form instructions; the reviewer finds the code itself. */
  | { kind: "custom"; instructions: string };

/** Diff text included in a review prompt; beyond it the reviewer is told to read the rest itself. */
export const MAX_REVIEW_DIFF_CHARS = 200_000;

/** `git hash-object -t tree /dev/null`: lets an unborn branch diff against "nothing". */
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

export class ReviewTargetError extends Error {}

/**
 * There is nothing to review; not a failure. No longer thrown for a clean tree (the reviewer is
 * asked anyway, as in Codex); kept for callers that still handle it.
 */
export class NothingToReview extends Error {}

/** Like git(), but keeps the output byte-exact (diffs can end in a whitespace-only line). */
async function gitRaw(args: string[], cwd: string): Promise<string> {
  const r = await runGit(args, { cwd });
  if (r.code !== 0)
    throw new ReviewTargetError(`git ${args.join(" ")} failed in ${cwd}: ${r.stderr.trim()}`);
  return r.stdout.toString("utf8");
}

async function requireRepo(cwd: string): Promise<string> {
  const root = await repoRoot(cwd);
  if (!root) {
    throw new ReviewTargetError(
      `${cwd} is not inside a git repository; review a diff from a repository, or give review instructions as PROMPT`,
    );
  }
  return root;
}

async function untrackedDiff(root: string): Promise<string> {
  const list = await runGit(["ls-files", "--others", "--exclude-standard", "-z"], { cwd: root });
  const parts: string[] = [];
  for (const file of splitNul(list.stdout)) {
    // --no-index exits 1 when the files differ, which they always do here.
    const r = await runGit(["diff", "--no-color", "--no-index", "--", "/dev/null", file], {
      cwd: root,
    });
    parts.push(r.stdout.toString("utf8"));
  }
  return parts.join("");
}

function bounded(diff: string): { text: string; truncated: boolean } {
  if (diff.length <= MAX_REVIEW_DIFF_CHARS) return { text: diff, truncated: false };
  const cut = diff.lastIndexOf("\n", MAX_REVIEW_DIFF_CHARS);
  return { text: diff.slice(0, cut > 0 ? cut + 1 : MAX_REVIEW_DIFF_CHARS), truncated: true };
}

function diffPrompt(opts: {
  what: string;
  root: string;
  diff: string;
  command: string;
  extra?: string;
}): string {
  const { text, truncated } = bounded(opts.diff);
  const lines = [
    `Review ${opts.what}.`,
    "",
    `The repository is at ${opts.root}; paths in the diff are relative to it. Use absolute paths in code_location.`,
  ];
  if (truncated) {
    lines.push(
      `The diff is longer than ${MAX_REVIEW_DIFF_CHARS} characters and was cut; run \`${opts.command}\` to read the rest.`,
    );
  }
  if (opts.extra?.trim())
    lines.push("", "Additional instructions from the user:", opts.extra.trim());
  lines.push("", "```diff", text.replace(/\n$/, ""), "```");
  return lines.join("\n");
}

/** The request when the diff is empty: the reviewer confirms that and reports accordingly. */
function cleanTreePrompt(what: string, root: string, evidence: string, extra?: string): string {
  const lines = [
    `Review ${what}.`,
    "",
    `The repository is at ${root}. There is no diff to review: ${evidence}. Check this yourself with the shell; if it holds, report no findings and say that nothing has changed.`,
  ];
  if (extra?.trim()) lines.push("", "Additional instructions from the user:", extra.trim());
  return lines.join("\n");
}

function shortHint(text: string): string {
  const first = text.trim().split("\n")[0] ?? "";
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}

/** Build the request for `target` in the repository containing `cwd`. */
export async function buildReviewRequest(
  cwd: string,
  target: ReviewTarget,
  extraInstructions?: string,
): Promise<ReviewRequest> {
  if (target.kind === "custom") {
    const instructions = target.instructions.trim();
    if (instructions === "") throw new ReviewTargetError("the review instructions are empty");
    return { prompt: instructions, user_facing_hint: instructions };
  }
  const root = await requireRepo(cwd);
  if (target.kind === "uncommitted") {
    const head = await headCommit(root);
    const tracked = await gitRaw(["diff", "--no-color", head ?? EMPTY_TREE, "--"], root);
    const untracked = await untrackedDiff(root);
    const diff = [tracked, untracked].filter((d) => d.trim() !== "").join("");
    // A clean tree still goes to the reviewer, as in Codex; it is told there is no diff.
    if (diff.trim() === "") {
      return {
        prompt: cleanTreePrompt(
          "the uncommitted changes (staged, unstaged and untracked files) against HEAD",
          root,
          "`git status` and `git diff HEAD` show nothing",
          extraInstructions,
        ),
        user_facing_hint: "current changes",
      };
    }
    return {
      prompt: diffPrompt({
        what: "the uncommitted changes (staged, unstaged and untracked files) against HEAD",
        root,
        diff,
        command: "git diff HEAD",
        extra: extraInstructions,
      }),
      user_facing_hint: "current changes",
    };
  }
  if (target.kind === "base") {
    const mb = await runGit(["merge-base", "HEAD", target.branch], { cwd: root });
    if (mb.code !== 0) {
      throw new ReviewTargetError(
        `cannot find a merge base between HEAD and '${target.branch}' in ${root}: ${mb.stderr.trim() || "no common ancestor"}`,
      );
    }
    const base = mb.stdout.toString("utf8").trim();
    const diff = await gitRaw(["diff", "--no-color", base, "--"], root);
    const what = `the changes on the current branch against the base branch '${target.branch}' (merge base ${base}), including uncommitted changes to tracked files`;
    if (diff.trim() === "") {
      return {
        prompt: cleanTreePrompt(
          what,
          root,
          `\`git diff ${base}\` shows nothing`,
          extraInstructions,
        ),
        user_facing_hint: `changes against '${target.branch}'`,
      };
    }
    return {
      prompt: diffPrompt({
        what,
        root,
        diff,
        command: `git diff ${base}`,
        extra: extraInstructions,
      }),
      user_facing_hint: `changes against '${target.branch}'`,
    };
  }
  const resolved = await runGit(["rev-parse", "--verify", "--quiet", `${target.sha}^{commit}`], {
    cwd: root,
  });
  if (resolved.code !== 0) {
    throw new ReviewTargetError(`'${target.sha}' is not a commit in ${root}`);
  }
  const sha = resolved.stdout.toString("utf8").trim();
  const show = await gitRaw(
    ["show", "--no-color", "--format=commit %H%nAuthor: %an <%ae>%n%n%B", sha, "--"],
    root,
  );
  const title =
    target.title?.trim() || (await git(["log", "-1", "--format=%s", sha], { cwd: root }));
  return {
    prompt: diffPrompt({
      what: `the changes introduced by commit ${sha}${title ? ` ("${title}")` : ""}`,
      root,
      diff: show,
      command: `git show ${sha}`,
      extra: extraInstructions,
    }),
    user_facing_hint: `commit ${sha.slice(0, 7)}${title ? `: ${shortHint(title)}` : ""}`,
  };
}
