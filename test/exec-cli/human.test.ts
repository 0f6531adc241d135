// Human output for event sequences mirroring the reference scenarios. The expected stderr is the
// reference §9 transcript with paths substituted and our own product line. Events go through the
// real item tracker, as the session emits them: the printer reads the items it derives.
import { describe, it, expect } from "vitest";
import { ItemTracker } from "../../src/core/items/item-tracker.js";
import {
  HumanEventProcessor,
  type HeaderConfig,
  type HumanOutputOptions,
} from "../../src/exec-cli/index.js";
import type { EventMsg, SandboxPolicy } from "../../src/protocol/index.js";
import {
  THREAD_ID,
  agentMessage,
  ev,
  exec,
  execBegin,
  execEnd,
  patch,
  reasoning,
  sessionConfigured,
  taskComplete,
  tokenCount,
  turnStart,
  usage,
  webSearch,
} from "./core-events.js";

const WORK = "/tmp/run-cd34/work";
const WORKSPACE_WRITE: SandboxPolicy = {
  type: "workspace-write",
  writable_roots: [],
  network_access: false,
  exclude_tmpdir_env_var: false,
  exclude_slash_tmp: false,
};

function headerConfig(over: Partial<HeaderConfig> = {}): HeaderConfig {
  return {
    cwd: WORK,
    model: "gpt-5.5",
    modelProviderId: "mock",
    approvalPolicy: "never",
    sandboxPolicy: WORKSPACE_WRITE,
    modelReasoningEffort: null,
    modelReasoningSummary: "none",
    modelFamily: {
      slug: "gpt-5.5",
      supportsReasoningSummaries: true,
      supportsParallelToolCalls: true,
      supportsVerbosity: true,
      shellToolType: "unified_exec",
      applyPatchToolType: "freeform",
      contextWindow: 272_000,
      maxOutputTokens: null,
      defaultReasoningEffort: "medium",
      defaultVerbosity: "low",
    },
    hideAgentReasoning: false,
    showRawAgentReasoning: false,
    ...over,
  };
}

interface RunOptions {
  config?: HeaderConfig;
  prompt?: string;
  stdoutIsTTY?: boolean;
  processor?: Partial<HumanOutputOptions>;
}

/** Feeds core events to the printer with the item events the session derives from them. */
function feeder(processor: HumanEventProcessor): (msg: EventMsg) => void {
  const items = new ItemTracker(THREAD_ID);
  return (msg) => {
    const { id } = ev(msg);
    for (const m of items.sequence("turn", msg)) processor.processEvent({ id, msg: m });
    // `codex exec` refuses every approval request (nobody can answer).
    if (msg.type === "exec_approval_request" || msg.type === "apply_patch_approval_request") {
      for (const m of items.decided(msg.call_id, "denied")) processor.processEvent({ id, msg: m });
    }
  };
}

function run(events: EventMsg[], opts: RunOptions = {}) {
  let stdout = "";
  let stderr = "";
  const processor = new HumanEventProcessor({
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.stdoutIsTTY },
    stderr: { write: (s: string) => (stderr += s) },
    color: "never",
    ...opts.processor,
  });
  const feed = feeder(processor);
  feed(events[0] as EventMsg);
  processor.printHeader({
    config: opts.config ?? headerConfig(),
    sessionId: THREAD_ID,
    prompt: opts.prompt ?? "p",
    version: "0.1.0",
  });
  for (const msg of events.slice(1)) feed(msg);
  const result = processor.finish();
  return { stdout, stderr, result };
}

describe("HumanEventProcessor", () => {
  it("reproduces the reference transcript (header, exec, apply patch, reasoning, tokens)", () => {
    const { stdout, stderr, result } = run(
      [
        sessionConfigured(WORK, WORKSPACE_WRITE),
        ...turnStart("Run echo hi."),
        ...exec(
          "c1",
          "echo hi",
          WORK,
          "pyenv: cannot rehash: $HOME/.pyenv/shims isn't writable\nhi\n",
          0,
          3,
        ),
        tokenCount(usage(1000, 800, 100, 0)),
        ...exec(
          "c2",
          "ls /definitely/missing",
          WORK,
          "ls: cannot access '/definitely/missing': No such file or directory\n",
          2,
          0,
        ),
        ...patch("c3", { [`${WORK}/notes.txt`]: { type: "add", content: "line one\n" } }),
        ...reasoning(["**Wrapping up**"]),
        ...agentMessage("It printed hi."),
        tokenCount(usage(2000, 1500, 390, 10)),
        taskComplete("It printed hi."),
      ],
      { prompt: "Run echo hi." },
    );
    expect(stderr).toBe(
      [
        "codex-ts v0.1.0",
        "--------",
        `workdir: ${WORK}`,
        "model: gpt-5.5",
        "provider: mock",
        "approval: never",
        "sandbox: workspace-write [workdir, /tmp, $TMPDIR]",
        "reasoning effort: none",
        "reasoning summaries: none",
        `session id: ${THREAD_ID}`,
        "--------",
        "user",
        "Run echo hi.",
        "exec",
        `/bin/bash -lc 'echo hi' in ${WORK}`,
        " succeeded in 3ms:",
        "pyenv: cannot rehash: $HOME/.pyenv/shims isn't writable",
        "hi",
        "",
        "exec",
        `/bin/bash -lc 'ls /definitely/missing' in ${WORK}`,
        " exited 2 in 0ms:",
        "ls: cannot access '/definitely/missing': No such file or directory",
        "",
        "apply patch",
        "patch: completed",
        `${WORK}/notes.txt`,
        "diff --git a/notes.txt b/notes.txt",
        "new file mode 100644",
        "index 0000000000000000000000000000000000000000..2d00bd505971a8bc7318d98e003aee708a367c85",
        "--- /dev/null",
        "+++ b/notes.txt",
        "@@ -0,0 +1 @@",
        "+line one",
        "",
        "**Wrapping up**",
        "codex",
        "It printed hi.",
        "tokens used",
        "890",
        "",
      ].join("\n"),
    );
    expect(stdout).toBe("It printed hi.\n");
    expect(result).toEqual({
      exitCode: 0,
      lastMessage: "It printed hi.",
      outcome: "completed",
      errorMessage: null,
    });
  });

  it("read-only header; reasoning lines only for reasoning models; configured effort shown", () => {
    const plain = run([sessionConfigured(WORK), ...turnStart("p"), taskComplete(null)], {
      config: headerConfig({
        sandboxPolicy: { type: "read-only" },
        modelFamily: { ...headerConfig().modelFamily, supportsReasoningSummaries: false },
      }),
    });
    expect(plain.stderr).toContain("\nsandbox: read-only\n");
    expect(plain.stderr).not.toContain("reasoning effort");
    const high = run([sessionConfigured(WORK), ...turnStart("p"), taskComplete(null)], {
      config: headerConfig({
        modelReasoningEffort: "high",
        modelReasoningSummary: "auto",
        sandboxPolicy: {
          ...WORKSPACE_WRITE,
          writable_roots: ["/data"],
          exclude_slash_tmp: true,
          network_access: true,
        },
      }),
    });
    expect(high.stderr).toContain(
      "\nsandbox: workspace-write [workdir, $TMPDIR, /data] (network access enabled)\nreasoning effort: high\nreasoning summaries: auto\n",
    );
  });

  it("update patches show git-style diffs with renames; failed patches say so", () => {
    const { stderr } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      ...patch("c1", {
        [`${WORK}/notes.txt`]: {
          type: "update",
          unified_diff: "@@ -1,2 +1,2 @@\n line one\n-line two\n+line 2\n",
          move_path: null,
        },
        [`${WORK}/a.txt`]: {
          type: "update",
          unified_diff: "@@ -1 +1 @@\n-a\n+b\n",
          move_path: `${WORK}/sub/b.txt`,
        },
        [`${WORK}/gone.txt`]: { type: "delete", content: "bye\nnow" },
      }),
      ...patch("c2", { [`${WORK}/x.txt`]: { type: "delete", content: "" } }, false),
      taskComplete(null),
    ]);
    const body = stderr.slice(stderr.indexOf("apply patch"));
    expect(body).toBe(
      [
        "apply patch",
        "patch: completed",
        `${WORK}/a.txt`,
        "diff --git a/a.txt b/sub/b.txt",
        "rename from a.txt",
        "rename to sub/b.txt",
        "--- a/a.txt",
        "+++ b/sub/b.txt",
        "@@ -1 +1 @@",
        "-a",
        "+b",
        `${WORK}/gone.txt`,
        "diff --git a/gone.txt b/gone.txt",
        "deleted file mode 100644",
        // `printf 'bye\nnow' | git hash-object --stdin`
        "index 1841673c48dede54364a443f16aae11f4c2e5c56..0000000000000000000000000000000000000000",
        "--- a/gone.txt",
        "+++ /dev/null",
        "@@ -1,2 +0,0 @@",
        "-bye",
        "-now",
        "\\ No newline at end of file",
        `${WORK}/notes.txt`,
        "diff --git a/notes.txt b/notes.txt",
        "--- a/notes.txt",
        "+++ b/notes.txt",
        "@@ -1,2 +1,2 @@",
        " line one",
        "-line two",
        "+line 2",
        "",
        "apply patch",
        "patch: failed",
        "apply_patch verification failed: Failed to find expected lines",
        "",
        "",
      ].join("\n"),
    );
  });

  it("prints each message once (twice when sent twice) and one reasoning item's parts together", () => {
    const { stderr } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      ...reasoning(["**Planning**", "**Checking** files"]),
      ...agentMessage("same", "msg_1"),
      ...agentMessage("same", "msg_2"),
      taskComplete("same"),
    ]);
    expect(stderr.slice(stderr.indexOf("user\np\n") + "user\np\n".length)).toBe(
      "**Planning**\n**Checking** files\ncodex\nsame\ncodex\nsame\n",
    );
  });

  it("a failed turn prints ERROR and nothing on stdout, exit 1", () => {
    const fatal = "exceeded retry limit, last status: 429 Too Many Requests";
    const { stdout, stderr, result } = run([
      sessionConfigured(WORK),
      ...turnStart("Say hello."),
      { type: "stream_error", message: `Reconnecting... 1/5 (${fatal})` },
      { type: "error", message: fatal },
      taskComplete(null),
    ]);
    expect(stderr.endsWith(`user\np\nReconnecting... 1/5 (${fatal})\nERROR: ${fatal}\n`)).toBe(
      true,
    );
    expect(stdout).toBe("");
    expect(result).toEqual({
      exitCode: 1,
      lastMessage: null,
      outcome: "failed",
      errorMessage: fatal,
    });
  });

  it("a stream that ends mid-turn is reported once", () => {
    const open = run([sessionConfigured(WORK), ...turnStart("p")]);
    expect(open.stderr.endsWith("ERROR: the session ended before the turn completed\n")).toBe(true);
    const withError = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      { type: "error", message: "boom" },
    ]);
    expect(withError.stderr.match(/ERROR:/g)).toHaveLength(1);
    expect(withError.result.exitCode).toBe(1);
  });

  it("interrupt prints 'task interrupted' and exits 130", () => {
    const { stderr, stdout, result } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      ...agentMessage("working on it"),
      { type: "turn_aborted", reason: "interrupted" },
    ]);
    expect(stderr.endsWith("task interrupted\n")).toBe(true);
    expect(stdout).toBe("");
    expect(result.exitCode).toBe(130);
  });

  it("does not repeat the final message on stdout when stdout is a terminal", () => {
    const { stdout, stderr } = run(
      [sessionConfigured(WORK), ...turnStart("p"), ...agentMessage("hi\n"), taskComplete("hi\n")],
      {
        stdoutIsTTY: true,
      },
    );
    expect(stdout).toBe("");
    expect(stderr).toContain("codex\nhi\n");
    const piped = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      ...agentMessage("hi\n"),
      taskComplete("hi\n"),
    ]);
    expect(piped.stdout).toBe("hi\n");
  });

  it("shows at most 20 output lines per command and labels interleaved ends", () => {
    const many = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const { stderr } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      execBegin("a", "sleep 1; seq 25", WORK),
      execBegin("b", "echo B", WORK),
      execEnd("b", "echo B", WORK, "B\n", 0, 1500),
      execEnd("a", "sleep 1; seq 25", WORK, many, 0, 125_000),
      taskComplete(null),
    ]);
    const body = stderr.slice(stderr.indexOf("exec\n"));
    expect(body.split("\n").slice(0, 10)).toEqual([
      "exec",
      `/bin/bash -lc 'sleep 1; seq 25' in ${WORK}`,
      "exec",
      `/bin/bash -lc 'echo B' in ${WORK}`,
      " succeeded in 1.50s:",
      "B",
      "",
      "exec",
      `/bin/bash -lc 'sleep 1; seq 25' in ${WORK}`,
      " succeeded in 2m 05s:",
    ]);
    expect(body).toContain("line 20\n… +5 lines\n\n");
    expect(body).not.toContain("line 21");
  });

  it("mcp calls, plan updates, warnings, web search, hidden and raw reasoning", () => {
    const inv = { server: "docs", tool: "search", arguments: { q: "x" } };
    const { stderr } = run(
      [
        sessionConfigured(WORK),
        ...turnStart("p"),
        { type: "warning", message: "unknown key `foo`" },
        ...reasoning(["**Hidden** summary"], "rs_1", ["raw thoughts"]),
        { type: "mcp_tool_call_begin", call_id: "m1", invocation: inv },
        {
          type: "mcp_tool_call_end",
          call_id: "m1",
          invocation: inv,
          duration_ms: 12,
          result: { Ok: { content: [] } },
        },
        { type: "mcp_tool_call_begin", call_id: "m2", invocation: inv },
        {
          type: "mcp_tool_call_end",
          call_id: "m2",
          invocation: inv,
          duration_ms: 7,
          result: { Err: "server gone" },
        },
        {
          type: "plan_update",
          explanation: "Steps",
          plan: [
            { step: "one", status: "completed" },
            { step: "two", status: "in_progress" },
            { step: "three", status: "pending" },
          ],
        },
        ...webSearch("w", "vitest docs"),
        taskComplete(null),
      ],
      { processor: { hideReasoning: true, showRawReasoning: true } },
    );
    const body = stderr.slice(stderr.indexOf("user\np\n") + "user\np\n".length);
    expect(body).toBe(
      [
        "warning: unknown key `foo`",
        "thinking",
        "raw thoughts",
        'tool docs.search({"q":"x"})',
        'docs.search({"q":"x"}) success in 12ms:',
        "{",
        '  "content": []',
        "}",
        "",
        'tool docs.search({"q":"x"})',
        'docs.search({"q":"x"}) failed in 7ms:',
        "server gone",
        "",
        "Plan update",
        "Steps",
        "  ✓ one",
        "  → two",
        "  • three",
        "🌐 Searched: vitest docs",
        "",
      ].join("\n"),
    );
  });

  it("colours with --color always, never with --color never, auto follows the terminal and NO_COLOR", () => {
    const events = [
      sessionConfigured(WORK),
      ...turnStart("p"),
      ...exec("c", "false", WORK, "", 1),
      taskComplete(null),
    ];
    const always = run(events, { processor: { color: "always" } });
    expect(always.stderr).toContain("\x1b[31m exited 1 in 3ms:\x1b[39m");
    expect(always.stderr).toContain("\x1b[1mworkdir:\x1b[22m");
    expect(run(events, { processor: { color: "never" } }).stderr).not.toContain("\x1b[");
    const ttyStderr = (env: NodeJS.ProcessEnv) => {
      let err = "";
      const p = new HumanEventProcessor({
        stdout: { write: () => true },
        stderr: { write: (s: string) => (err += s), isTTY: true },
        color: "auto",
        env,
      });
      const feed = feeder(p);
      for (const m of events) feed(m);
      p.finish();
      return err;
    };
    expect(ttyStderr({})).toContain("\x1b[");
    expect(ttyStderr({ NO_COLOR: "1" })).not.toContain("\x1b[");
    expect(run(events, { processor: { color: "auto", env: {} } }).stderr).not.toContain("\x1b[");
  });
});
