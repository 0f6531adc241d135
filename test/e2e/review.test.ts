// `codex review` and `codex exec review` through the built CLI.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runCli, useMockWorkspace, type Workspace } from "../harness.js";
import { plainAnswer, type MockServer } from "../mock-server/index.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

function git(...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@e", "-c", "user.name=t", ...args], {
    cwd: ws.work,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" },
  }).trim();
}

const review = () => ({
  findings: [
    {
      title: "[P1] Greeting lost its newline",
      body: "The file no longer ends with a newline.",
      confidence_score: 0.9,
      priority: 1,
      code_location: {
        absolute_file_path: path.join(ws.work, "hello.txt"),
        line_range: { start: 1, end: 1 },
      },
    },
    {
      title: "Consider a comment",
      body: "Minor.",
      confidence_score: 0.3,
      priority: 3,
      code_location: {
        absolute_file_path: path.join(ws.work, "new.txt"),
        line_range: { start: 2, end: 4 },
      },
    },
  ],
  overall_correctness: "patch is incorrect",
  overall_explanation: "One real problem.",
  overall_confidence_score: 0.8,
});

/** The text of the last user message the reviewer got. */
function reviewPrompt(): string {
  const input = mock.requests.at(-1)!.body!.input as Array<{
    type: string;
    role?: string;
    content?: Array<{ text?: string }>;
  }>;
  const users = input.filter((i) => i.type === "message" && i.role === "user");
  return users
    .at(-1)!
    .content!.map((c) => c.text ?? "")
    .join("");
}

const run = (args: string[]) => runCli(args, { cwd: ws.work, home: ws.home });

describe("codex review", () => {
  it("reviews uncommitted changes by default and prints findings, then the verdict", async () => {
    writeFileSync(path.join(ws.work, "hello.txt"), "hello, changed");
    writeFileSync(path.join(ws.work, "new.txt"), "brand new file\n");
    mock.enqueue(plainAnswer(JSON.stringify(review())));
    const r = await run(["review"]);
    expect(r.code, r.stderr).toBe(0);
    const prompt = reviewPrompt();
    expect(prompt).toContain(`The repository is at ${ws.work}`);
    expect(prompt).toContain("diff --git a/hello.txt b/hello.txt");
    expect(prompt).toContain("+hello, changed");
    expect(prompt).toContain("+brand new file");
    expect(r.stdout).toBe(
      [
        "2 findings:",
        "",
        "[P1] Greeting lost its newline",
        `  ${ws.work}/hello.txt:1`,
        "  The file no longer ends with a newline.",
        "",
        "[P3] Consider a comment",
        `  ${ws.work}/new.txt:2-4`,
        "  Minor.",
        "",
        "Overall: patch is incorrect (confidence 0.80)",
        "One real problem.",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toContain("Review: uncommitted changes");
  });

  it("--json prints the JSONL stream and the review as the last line", async () => {
    writeFileSync(path.join(ws.work, "hello.txt"), "changed\n");
    mock.enqueue(plainAnswer(`\`\`\`json\n${JSON.stringify(review())}\n\`\`\``));
    const r = await run(["exec", "review", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines[0]).toMatchObject({ type: "thread.started" });
    expect(lines.map((l) => l.type)).toContain("turn.completed");
    expect(lines.at(-1)).toEqual({ type: "review.completed", review_output: review() });
  });

  it("plain-text answers become the explanation", async () => {
    writeFileSync(path.join(ws.work, "hello.txt"), "changed\n");
    mock.enqueue(plainAnswer("Looks good to me."));
    const r = await run(["review"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("No findings.\n\nLooks good to me.\n");
  });

  it("--base reviews the branch against its merge base", async () => {
    const base = git("rev-parse", "--abbrev-ref", "HEAD");
    git("checkout", "-q", "-b", "feature");
    writeFileSync(path.join(ws.work, "feature.txt"), "feature work\n");
    git("add", "feature.txt");
    git("commit", "-qm", "add feature");
    mock.enqueue(plainAnswer(JSON.stringify({ ...review(), findings: [] })));
    const r = await run(["review", "--base", base]);
    expect(r.code, r.stderr).toBe(0);
    const prompt = reviewPrompt();
    expect(prompt).toContain(`against the base branch '${base}'`);
    expect(prompt).toContain("+feature work");
    expect(r.stdout).toContain("No findings.");
  });

  it("--commit reviews one commit, with its title", async () => {
    writeFileSync(path.join(ws.work, "hello.txt"), "hello from a commit\n");
    git("commit", "-qam", "Change the greeting");
    const sha = git("rev-parse", "HEAD");
    writeFileSync(path.join(ws.work, "hello.txt"), "uncommitted, not reviewed\n");
    mock.enqueue(plainAnswer(JSON.stringify(review())));
    const r = await run(["review", "--commit", sha]);
    expect(r.code, r.stderr).toBe(0);
    const prompt = reviewPrompt();
    expect(prompt).toContain(`commit ${sha}`);
    expect(prompt).toContain('("Change the greeting")');
    expect(prompt).toContain("+hello from a commit");
    expect(prompt).not.toContain("uncommitted, not reviewed");
  });

  it("a PROMPT alone is the whole review request", async () => {
    mock.enqueue(plainAnswer(JSON.stringify(review())));
    const r = await run(["review", "Check hello.txt for typos"]);
    expect(r.code).toBe(0);
    expect(reviewPrompt()).toBe("Check hello.txt for typos");
  });

  it("says so when there is nothing to review, without calling the model", async () => {
    const r = await run(["review"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`No uncommitted changes to review in ${ws.work}.`);
    expect(mock.requests).toHaveLength(0);
  });

  it("rejects two targets and unknown commits with clear errors", async () => {
    const two = await run(["review", "--base", "main", "--commit", "HEAD"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("choose one of --uncommitted, --base and --commit");
    const bad = await run(["review", "--commit", "no-such-commit"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`'no-such-commit' is not a commit in ${ws.work}`);
  });
});
