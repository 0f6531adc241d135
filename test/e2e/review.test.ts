// `codex review` and `codex exec review` through the built CLI.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
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

/** Every JSON line of the rollout files codex wrote. */
function rolloutLines(): Array<{ type: string; payload: Record<string, unknown> }> {
  const files = readdirSync(path.join(ws.home, "sessions"), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".jsonl"));
  return files.flatMap((f) =>
    readFileSync(path.join(ws.home, "sessions", f), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { type: string; payload: Record<string, unknown> }),
  );
}

/** What the reference Codex 0.169 prints for review() (checked with the same answer). */
const rendered = () =>
  [
    "One real problem.",
    "",
    "Full review comments:",
    "",
    `- [P1] Greeting lost its newline — ${ws.work}/hello.txt:1-1`,
    "  The file no longer ends with a newline.",
    "",
    `- Consider a comment — ${ws.work}/new.txt:2-4`,
    "  Minor.",
  ].join("\n");

describe("codex review", () => {
  it("--uncommitted prints the review as Codex does: explanation, then findings in order", async () => {
    writeFileSync(path.join(ws.work, "hello.txt"), "hello, changed");
    writeFileSync(path.join(ws.work, "new.txt"), "brand new file\n");
    mock.enqueue(plainAnswer(JSON.stringify(review())));
    const r = await run(["review", "--uncommitted"]);
    expect(r.code, r.stderr).toBe(0);
    const prompt = reviewPrompt();
    expect(prompt).toContain(`The repository is at ${ws.work}`);
    expect(prompt).toContain("diff --git a/hello.txt b/hello.txt");
    expect(prompt).toContain("+hello, changed");
    expect(prompt).toContain("+brand new file");
    expect(r.stdout).toBe(`${rendered()}\n`);
    // The human log on stderr shows the request's hint and the review as the agent's message.
    expect(r.stderr).toContain("current changes");
    expect(r.stderr).toContain(`codex\n${rendered()}`);
  });

  it("records the <user_action> result and the rendered review in the session, as Codex", async () => {
    writeFileSync(path.join(ws.work, "hello.txt"), "changed\n");
    mock.enqueue(plainAnswer(JSON.stringify(review())));
    const r = await run(["review", "--uncommitted"]);
    expect(r.code, r.stderr).toBe(0);
    const messages = rolloutLines()
      .filter((l) => l.type === "response_item" && l.payload.type === "message")
      .map((l) => ({
        role: l.payload.role,
        text: (l.payload.content as Array<{ text: string }>).map((c) => c.text).join(""),
      }));
    const at = messages.findIndex((m) => m.text.startsWith("<user_action>"));
    expect(messages[at]).toEqual({
      role: "user",
      text:
        "<user_action>\n" +
        "  <context>User initiated a review task. Here's the full review output from reviewer model. User may select one or more comments to resolve.</context>\n" +
        "  <action>review</action>\n" +
        "  <results>\n" +
        `  ${rendered()}\n` +
        "  </results>\n" +
        "  </user_action>\n",
    });
    expect(messages[at + 1]).toEqual({ role: "assistant", text: rendered() });
  });

  it("records the review's own thread in a rollout of its own, and resume --last skips it", async () => {
    writeFileSync(path.join(ws.work, "hello.txt"), "changed\n");
    const answer = JSON.stringify(review());
    mock.enqueue(plainAnswer(answer));
    const r = await run(["review", "--uncommitted"]);
    expect(r.code, r.stderr).toBe(0);
    const metas = rolloutLines().filter((l) => l.type === "session_meta");
    expect(metas).toHaveLength(2);
    const sub = metas.find((m) => m.payload.parent_thread_id !== undefined)!;
    const parent = metas.find((m) => m !== sub)!;
    expect(sub.payload).toMatchObject({
      parent_thread_id: parent.payload.id,
      source: { subagent: "review" },
      thread_source: "subagent",
    });
    expect(parent.payload.source).toBe("exec");
    // The sub-thread holds the reviewer's conversation: the request and the raw answer.
    const subFile = readdirSync(path.join(ws.home, "sessions"), { recursive: true })
      .map(String)
      .find((f) => f.endsWith(`${String(sub.payload.id)}.jsonl`))!;
    const subText = readFileSync(path.join(ws.home, "sessions", subFile), "utf8");
    expect(subText).toContain('"type":"task_started"');
    expect(subText).toContain(JSON.stringify(answer));
    expect(subText).toContain('"type":"task_complete"');

    // The next turn of the session sees the recorded result; the sub-thread is never resumed.
    mock.enqueue(plainAnswer("fixed"));
    const next = await run(["exec", "resume", "--last", "fix the first finding"]);
    expect(next.code, next.stderr).toBe(0);
    const texts = (
      mock.requests.at(-1)!.body!.input as Array<{ content?: Array<{ text?: string }> }>
    )
      .flatMap((i) => i.content ?? [])
      .map((c) => c.text ?? "");
    expect(texts.some((t) => t.startsWith("<user_action>"))).toBe(true);
    expect(texts).toContain(rendered());
    expect(texts.at(-1)).toBe("fix the first finding");
  });

  it("with no target and no prompt, exits 1 with Codex's error and asks nothing", async () => {
    const r = await run(["review"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "Error: Specify --uncommitted, --base, --commit, or provide custom review instructions\n",
    );
    expect(r.stdout).toBe("");
    expect(mock.requests).toHaveLength(0);
  });

  it("a clean tree still asks the reviewer, as Codex does", async () => {
    mock.enqueue(
      plainAnswer(
        JSON.stringify({ ...review(), findings: [], overall_explanation: "Nothing changed." }),
      ),
    );
    const r = await run(["review", "--uncommitted"]);
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests).toHaveLength(1);
    expect(reviewPrompt()).toContain("There is no diff to review");
    expect(r.stdout).toBe("Nothing changed.\n");
  });

  it("--json prints the JSONL stream and the review as the last line", async () => {
    writeFileSync(path.join(ws.work, "hello.txt"), "changed\n");
    mock.enqueue(plainAnswer(`\`\`\`json\n${JSON.stringify(review())}\n\`\`\``));
    const r = await run(["exec", "review", "--uncommitted", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines[0]).toMatchObject({ type: "thread.started" });
    // As the reference's `exec review --json`: the rendered review is the agent_message item.
    expect(lines.slice(1, -1)).toEqual([
      { type: "turn.started" },
      { type: "item.completed", item: { id: "item_0", type: "agent_message", text: rendered() } },
      expect.objectContaining({ type: "turn.completed" }),
    ]);
    expect(lines.at(-1)).toEqual({ type: "review.completed", review_output: review() });
  });

  it("plain-text answers become the explanation", async () => {
    writeFileSync(path.join(ws.work, "hello.txt"), "changed\n");
    mock.enqueue(plainAnswer("Looks good to me."));
    const r = await run(["review", "--uncommitted"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Looks good to me.\n");
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
    expect(r.stdout).toBe("One real problem.\n");
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

  it("rejects two targets and unknown commits with clear errors", async () => {
    const two = await run(["review", "--base", "main", "--commit", "HEAD"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(
      "error: the argument '--base' cannot be used with '--commit <SHA>'",
    );
    const bad = await run(["review", "--commit", "no-such-commit"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`'no-such-commit' is not a commit in ${ws.work}`);
  });
});
