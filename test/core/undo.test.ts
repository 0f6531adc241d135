// Ghost snapshots and Op::Undo (seed-spec B6.13–B6.16) in a real git repository.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventOf } from "../../src/protocol/index.js";
import { makeWorkspace, type Workspace } from "../harness.js";
import {
  plainAnswer,
  sse,
  startMockServer,
  type MockResponse,
  type MockServer,
  type RecordedRequest,
} from "../mock-server/index.js";
import { eventsUntil } from "./session-harness.js";
import { requestInput, say, startSession } from "./task-helpers.js";

let mock: MockServer;
let ws: Workspace;

beforeEach(async () => {
  mock = await startMockServer();
});
afterEach(async () => {
  expect(mock.violations).toEqual([]);
  await mock.close();
  ws.cleanup();
});

const SNAPSHOTS_ON = `sandbox_mode = "danger-full-access"

[features]
ghost_commit = true`;

function git(...args: string[]): string {
  return execFileSync("git", args, {
    cwd: ws.work,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" },
  });
}

const file = (name: string) => path.join(ws.work, name);
const read = (name: string) => readFileSync(file(name), "utf8");

function turnRunning(cmd: string, callId = "c1") {
  return {
    sse: [
      sse.created(`r_${callId}`),
      ...sse.functionCall(callId, "exec_command", JSON.stringify({ cmd, login: false })),
      sse.completed(`r_${callId}`),
    ],
  };
}

/**
 * The scripted model's answer after a turnRunning() call. exec_command returns once its yield
 * time is up even if the command has not finished (it then lives on as a session), so on a
 * loaded machine the turn could end before the command wrote its files. Like a real model,
 * this polls the session with write_stdin until the process has exited, then answers.
 * The polls are appended to the mock's queue: it must be the last response enqueued so far.
 */
function answerOnceExited(text: string) {
  let polls = 0;
  const respond = (req: RecordedRequest): MockResponse => {
    const outputs = requestInput(req).filter((i) => i.type === "function_call_output");
    const running = /Process running with session ID (\d+)/.exec(JSON.stringify(outputs.at(-1)));
    if (!running) return plainAnswer(text);
    const callId = `poll_${text}_${++polls}`; // unique within the conversation
    const args = { session_id: Number(running[1]), chars: "", yield_time_ms: 30_000 };
    mock.enqueue(respond);
    return {
      sse: [
        sse.created(`r_${callId}`),
        ...sse.functionCall(callId, "write_stdin", JSON.stringify(args)),
        sse.completed(`r_${callId}`),
      ],
    };
  };
  return respond;
}

describe("undo", () => {
  it("restores modified, added and deleted files and leaves index, stash and HEAD alone", async () => {
    ws = makeWorkspace();
    writeFileSync(file("keep.txt"), "keep v1\n");
    writeFileSync(file("gone.txt"), "gone v1\n");
    writeFileSync(file(".gitignore"), "*.log\n");
    git("add", ".");
    git("-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "files");
    // A stash entry, a staged change and an untracked file, all of which must survive.
    writeFileSync(file("hello.txt"), "stashed edit\n");
    git("stash", "-q");
    writeFileSync(file("staged.txt"), "staged\n");
    git("add", "staged.txt");
    writeFileSync(file("notes.txt"), "untracked v1\n");
    writeFileSync(file("build.log"), "log v1\n");

    const before = {
      status: git("status", "--porcelain"),
      cached: git("diff", "--cached"),
      stash: git("stash", "list"),
      head: git("rev-parse", "HEAD"),
      branches: git("branch", "-a"),
    };

    mock.enqueue(
      turnRunning(
        "echo 'keep v2' > keep.txt && rm gone.txt && echo new > added.txt && " +
          "mkdir -p newdir/deep && echo x > newdir/deep/x.txt && echo 'untracked v2' > notes.txt && " +
          "echo 'log v2' >> build.log",
      ),
      answerOnceExited("edited"),
    );
    const { conversation, conversationId } = await startSession(ws, mock.url, {
      extraToml: SNAPSHOTS_ON,
    });
    conversation.submit(say("edit things"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(read("keep.txt")).toBe("keep v2\n");
    expect(existsSync(file("gone.txt"))).toBe(false);
    expect(git("for-each-ref", "--format=%(refname)", "refs/codex/ghost/")).toBe(
      `refs/codex/ghost/${conversationId}/1\n`,
    );

    const id = conversation.submit({ type: "undo" });
    const events = await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(events.every((e) => e.id === id)).toBe(true);
    expect(events.map((e) => e.msg.type)).toEqual([
      "task_started",
      "undo_started",
      "undo_completed",
      "task_complete",
    ]);
    const done = events[2]!.msg as EventOf<"undo_completed">;
    expect(done.success).toBe(true);
    expect(done.message).toContain("keep.txt");
    expect(done.message).toContain("gone.txt");
    expect(done.message).toContain("added.txt");

    expect(read("keep.txt")).toBe("keep v1\n");
    expect(read("gone.txt")).toBe("gone v1\n");
    expect(read("notes.txt")).toBe("untracked v1\n");
    expect(read("staged.txt")).toBe("staged\n");
    expect(existsSync(file("added.txt"))).toBe(false);
    expect(existsSync(file("newdir"))).toBe(false);
    // Ignored files are not part of snapshots: the turn's change stays.
    expect(read("build.log")).toBe("log v1\nlog v2\n");

    expect(git("status", "--porcelain")).toBe(before.status);
    expect(git("diff", "--cached")).toBe(before.cached);
    expect(git("stash", "list")).toBe(before.stash);
    expect(git("rev-parse", "HEAD")).toBe(before.head);
    expect(git("branch", "-a")).toBe(before.branches);
    // The snapshot was used up.
    expect(git("for-each-ref", "refs/codex/ghost/")).toBe("");

    conversation.submit({ type: "undo" });
    const again = await eventsUntil(conversation, (m) => m.type === "undo_completed");
    const second = again.at(-1)!.msg as EventOf<"undo_completed">;
    expect(second.success).toBe(false);
    expect(second.message).toMatch(/no snapshot/i);
    conversation.submit({ type: "shutdown" });
    await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
  });

  it("walks back one turn per undo", async () => {
    ws = makeWorkspace();
    const { conversation } = await startSession(ws, mock.url, { extraToml: SNAPSHOTS_ON });
    // One turn's script at a time: answerOnceExited() appends its polls to the queue.
    for (const [q, word] of [
      ["first", "one"],
      ["second", "two"],
    ] as const) {
      mock.enqueue(turnRunning(`echo ${word} > hello.txt`, `c_${word}`), answerOnceExited(q));
      conversation.submit(say(q));
      await eventsUntil(conversation, (m) => m.type === "task_complete");
    }
    expect(read("hello.txt")).toBe("two\n");
    conversation.submit({ type: "undo" });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(read("hello.txt")).toBe("one\n");
    conversation.submit({ type: "undo" });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(read("hello.txt")).toBe("hello\n");
  });

  it("outside a git repository says so", async () => {
    ws = makeWorkspace({ git: false });
    mock.enqueue(plainAnswer("hi"));
    const { conversation } = await startSession(ws, mock.url, { extraToml: SNAPSHOTS_ON });
    conversation.submit(say("hello"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    conversation.submit({ type: "undo" });
    const events = await eventsUntil(conversation, (m) => m.type === "undo_completed");
    const done = events.at(-1)!.msg as EventOf<"undo_completed">;
    expect(done.success).toBe(false);
    expect(done.message).toContain(ws.work);
    expect(done.message).toMatch(/git repository/);
  });

  it("codex exec sessions take no snapshots unless enabled", async () => {
    ws = makeWorkspace();
    mkdirSync(file("sub"));
    mock.enqueue(plainAnswer("hi"));
    const { conversation } = await startSession(ws, mock.url);
    conversation.submit(say("hello"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    conversation.submit({ type: "shutdown" });
    await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
    expect(git("for-each-ref", "refs/codex/")).toBe("");
  });
});
