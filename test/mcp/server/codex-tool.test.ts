// `codex` and `codex-reply` through the official MCP client against the mock model: events as
// notifications, approvals as elicitations, history carried across replies, errors as tool errors.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startMockServer, plainAnswer, sse, type MockServer } from "../../mock-server/index.js";
import { makeWorkspace, mockConfig, writeConfig, type Workspace } from "../../harness.js";
import { startMcpServer, type McpServerProcess, type StartOptions } from "./mcp-server-harness.js";

let mock: MockServer;
let ws: Workspace;
let server: McpServerProcess | undefined;

beforeEach(async () => {
  mock = await startMockServer();
  ws = makeWorkspace();
  writeConfig(ws.home, mockConfig(mock.url));
});
afterEach(async () => {
  if (server) {
    expect((await server.disconnect()).code).toBe(0);
    expect(server.badStdoutLines).toEqual([]);
  }
  server = undefined;
  expect(mock.violations).toEqual([]);
  await mock.close();
  ws.cleanup();
});

const start = async (opts: Partial<StartOptions> = {}) =>
  (server = await startMcpServer({ cwd: ws.work, home: ws.home, ...opts }));

const execCall = (callId: string, cmd: string) => ({
  sse: [
    sse.created(`r_${callId}`),
    ...sse.functionCall(callId, "exec_command", JSON.stringify({ cmd })),
    sse.completed(`r_${callId}`),
  ],
});

type InputItem = { type: string; role?: string; call_id?: string; output?: string } & Record<
  string,
  unknown
>;
const inputOf = (n: number) => mock.requests[n]!.body!.input as InputItem[];
const outputOf = (n: number, callId: string) =>
  String(inputOf(n).find((i) => i.type === "function_call_output" && i.call_id === callId)?.output);
const textOf = (r: CallToolResult) =>
  r.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("");

describe("codex tool", () => {
  it("runs a turn whose command is approved through elicitation, then continues with codex-reply", async () => {
    mock.enqueue(execCall("c1", "touch made.txt"), plainAnswer("made it"), plainAnswer("second"));
    const s = await start({
      onElicit: () => ({ action: "accept", content: { decision: "approved" } }),
    });
    const first = (await s.client.callTool({
      name: "codex",
      arguments: {
        prompt: "create made.txt",
        cwd: ws.work,
        "approval-policy": "untrusted",
        sandbox: "danger-full-access",
      },
    })) as CallToolResult;

    expect(first.isError).toBeFalsy();
    expect(textOf(first)).toBe("made it");
    const threadId = (first.structuredContent as { threadId: string }).threadId;
    expect(first.structuredContent).toEqual({ threadId, content: "made it" });
    expect(existsSync(path.join(ws.work, "made.txt"))).toBe(true);

    // The approval reached the client as an elicitation carrying the command and where it runs.
    expect(s.elicitations).toHaveLength(1);
    expect(s.elicitations[0]).toMatchObject({
      threadId,
      codex_elicitation: "exec-approval",
      codex_call_id: "c1",
      codex_command: ["/bin/bash", "-lc", "touch made.txt"],
      codex_cwd: ws.work,
    });
    expect(s.elicitations[0]!.message).toContain("touch made.txt");

    // Every event of the session arrived as codex/event, tagged with the call and the thread.
    const types = s.events.map((e) => e.msg.type);
    for (const t of [
      "session_configured",
      "task_started",
      "exec_approval_request",
      "exec_command_begin",
      "exec_command_end",
      "agent_message",
      "task_complete",
    ])
      expect(types, t).toContain(t);
    expect(types[0]).toBe("session_configured");
    expect(types.at(-1)).toBe("task_complete");
    const requestIds = new Set(s.events.map((e) => e._meta.requestId));
    expect(requestIds.size).toBe(1);
    expect(s.events.every((e) => e._meta.threadId === threadId)).toBe(true);
    expect(s.events[0]!.msg).toMatchObject({ session_id: threadId, cwd: ws.work });
    expect(outputOf(1, "c1")).toContain("exited with code 0");

    // codex-reply continues the same thread: the third request carries the whole history.
    const before = s.events.length;
    const second = (await s.client.callTool({
      name: "codex-reply",
      arguments: { prompt: "and now?", threadId },
    })) as CallToolResult;
    expect(second.structuredContent).toEqual({ threadId, content: "second" });
    expect(textOf(second)).toBe("second");
    const history = JSON.stringify(inputOf(2));
    for (const piece of ["create made.txt", "touch made.txt", "made it", "and now?"])
      expect(history).toContain(piece);
    expect(inputOf(2).filter((i) => i.type === "function_call_output")).toHaveLength(1);
    const replyEvents = s.events.slice(before);
    expect(replyEvents.map((e) => e.msg.type)).toContain("task_complete");
    expect(new Set(replyEvents.map((e) => e._meta.requestId)).size).toBe(1);
    expect(replyEvents[0]!._meta.requestId).not.toBe(s.events[0]!._meta.requestId);
  });

  it("accepts Codex's own reply shape and the older conversationId", async () => {
    mock.enqueue(plainAnswer("one"), execCall("c2", "touch again.txt"), plainAnswer("two"));
    const s = await start({ onElicit: () => ({ action: "accept", decision: "approved" }) });
    const first = (await s.client.callTool({
      name: "codex",
      arguments: { prompt: "hi", "approval-policy": "untrusted", sandbox: "workspace-write" },
    })) as CallToolResult;
    const threadId = (first.structuredContent as { threadId: string }).threadId;
    const second = (await s.client.callTool({
      name: "codex-reply",
      arguments: { prompt: "touch it", conversationId: threadId },
    })) as CallToolResult;
    expect(second.structuredContent).toEqual({ threadId, content: "two" });
    expect(existsSync(path.join(ws.work, "again.txt"))).toBe(true);
  });

  it("a patch approval carries the changes and Codex's reply shape applies it", async () => {
    const patch = "*** Begin Patch\n*** Add File: notes.txt\n+line one\n*** End Patch";
    mock.enqueue(
      {
        sse: [
          sse.created("rp"),
          ...sse.customToolCall("p1", "apply_patch", patch),
          sse.completed("rp"),
        ],
      },
      plainAnswer("patched"),
    );
    const s = await start({ onElicit: () => ({ action: "accept", decision: "approved" }) });
    const result = (await s.client.callTool({
      name: "codex",
      arguments: {
        prompt: "add notes",
        "approval-policy": "untrusted",
        sandbox: "workspace-write",
      },
    })) as CallToolResult;
    expect(textOf(result)).toBe("patched");
    expect(readFileSync(path.join(ws.work, "notes.txt"), "utf8")).toBe("line one\n");
    expect(s.elicitations).toHaveLength(1);
    expect(s.elicitations[0]).toMatchObject({
      codex_elicitation: "patch-approval",
      codex_call_id: "p1",
      codex_changes: { [path.join(ws.work, "notes.txt")]: { type: "add", content: "line one\n" } },
    });
    const types = s.events.map((e) => e.msg.type);
    expect(types).toContain("apply_patch_approval_request");
    expect(types).toContain("patch_apply_end");
  });

  it("a declined elicitation denies the command and the turn goes on", async () => {
    mock.enqueue(execCall("c1", "touch nope.txt"), plainAnswer("understood"));
    const s = await start({ onElicit: () => ({ action: "decline" }) });
    const result = (await s.client.callTool({
      name: "codex",
      arguments: { prompt: "try", "approval-policy": "untrusted", sandbox: "danger-full-access" },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe("understood");
    expect(existsSync(path.join(ws.work, "nope.txt"))).toBe(false);
    expect(outputOf(1, "c1")).toMatch(/reject|denied/i);
    expect(s.events.map((e) => e.msg.type)).not.toContain("exec_command_begin");
  });

  it("a client without elicitation gets denials, never a hang", async () => {
    mock.enqueue(execCall("c1", "touch nope.txt"), plainAnswer("ok"));
    const s = await start();
    const result = (await s.client.callTool({
      name: "codex",
      arguments: { prompt: "try", "approval-policy": "untrusted", sandbox: "danger-full-access" },
    })) as CallToolResult;
    expect(textOf(result)).toBe("ok");
    expect(s.elicitations).toEqual([]);
    expect(existsSync(path.join(ws.work, "nope.txt"))).toBe(false);
    expect(s.stderr()).toContain("denying c1");
  });

  it("abort stops the turn and is reported as a tool error naming the thread", async () => {
    mock.enqueue(execCall("c1", "touch nope.txt"), plainAnswer("after"));
    const s = await start({
      onElicit: () => ({ action: "accept", content: { decision: "abort" } }),
    });
    const result = (await s.client.callTool({
      name: "codex",
      arguments: { prompt: "try", "approval-policy": "untrusted", sandbox: "danger-full-access" },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    const { threadId } = result.structuredContent as { threadId: string };
    expect(textOf(result)).toContain("aborted");
    expect(s.events.map((e) => e.msg.type)).toContain("turn_aborted");
    // The thread is still usable.
    const next = (await s.client.callTool({
      name: "codex-reply",
      arguments: { prompt: "go on", threadId },
    })) as CallToolResult;
    expect(textOf(next)).toBe("after");
  });
});

describe("codex tool errors", () => {
  it("bad config, a missing cwd and a model failure are tool errors with clear text", async () => {
    mock.enqueue({ status: 400, body: { error: { message: "no such model: nope-1" } } });
    const s = await start();
    const badConfig = (await s.client.callTool({
      name: "codex",
      arguments: { prompt: "x", config: { model_reasoning_effort: "bogus" } },
    })) as CallToolResult;
    expect(badConfig.isError).toBe(true);
    expect(textOf(badConfig)).toContain("model_reasoning_effort");

    const badCwd = (await s.client.callTool({
      name: "codex",
      arguments: { prompt: "x", cwd: path.join(ws.root, "missing") },
    })) as CallToolResult;
    expect(badCwd.isError).toBe(true);
    expect(textOf(badCwd)).toContain("missing is not a directory");

    const badEnum = (await s.client.callTool({
      name: "codex",
      arguments: { prompt: "x", sandbox: "yolo" },
    })) as CallToolResult;
    expect(textOf(badEnum)).toContain("`sandbox` must be one of");

    const failed = (await s.client.callTool({
      name: "codex",
      arguments: { prompt: "x", model: "nope-1" },
    })) as CallToolResult;
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toContain("no such model: nope-1");
    expect((failed.structuredContent as { threadId: string }).threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(mock.requests[0]!.body!.model).toBe("nope-1");
  });

  it("server -c flags, the call's config map and instructions reach the model request", async () => {
    mock.enqueue(plainAnswer("ok"));
    // The call's own config wins over the server's flags, which win over config.toml.
    const s = await start({
      args: ["-c", 'model="from-server-flag"', "-c", "model_reasoning_effort=low"],
    });
    const result = (await s.client.callTool({
      name: "codex",
      arguments: {
        prompt: "x",
        config: { model_reasoning_effort: "high", "model_providers.mock.name": "Mocked" },
        "base-instructions": "BASE-INSTRUCTIONS-MARKER",
        "developer-instructions": "DEVELOPER-INSTRUCTIONS-MARKER",
        "sandbox-permissions": ["disk-full-read-access"],
      },
    })) as CallToolResult;
    expect(textOf(result)).toBe("ok");
    const body = mock.requests[0]!.body!;
    expect(body.instructions).toBe("BASE-INSTRUCTIONS-MARKER");
    expect(JSON.stringify(body.input)).toContain("DEVELOPER-INSTRUCTIONS-MARKER");
    expect(body.reasoning).toMatchObject({ effort: "high" });
    expect(body.model).toBe("from-server-flag");
  });
});
