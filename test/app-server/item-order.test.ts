// The order of a turn's closing notifications: as in Codex, every `item/completed` of a turn comes
// before its `turn/completed`, also for items the turn's end closes (an interrupted command, an
// approval nobody answered). Real server process, real mock model, real commands.
import { describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { AppServerClient, type Message, useAppServerClients } from "./client.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: 'approval_policy = "on-request"\nsandbox_mode = "read-only"' },
);

const spawnServer = useAppServerClients();

function execCall(callId: string, args: Record<string, unknown>, text?: string) {
  return {
    sse: [
      sse.created("r1"),
      ...(text === undefined ? [] : sse.textDeltas([text], { id: `msg_${callId}` })),
      ...sse.functionCall(callId, "exec_command", JSON.stringify(args)),
      sse.completed("r1", { input_tokens: 10, output_tokens: 5 }),
    ],
  };
}

async function startTurn(c: AppServerClient, threadId: string, text: string): Promise<string> {
  const r = await c.call("turn/start", {
    threadId,
    input: [{ type: "text", text, text_elements: [] }],
  });
  return (r.turn as { id: string }).id;
}

/** `item/started`, `item/completed` (with the item's type and status) and `turn/completed` of one turn. */
function turnTrace(messages: Message[], turnId: string): string[] {
  return messages
    .filter(
      (m) =>
        (m.method === "item/started" || m.method === "item/completed") &&
        m.params?.turnId === turnId,
    )
    .concat(
      messages.filter(
        (m) => m.method === "turn/completed" && (m.params?.turn as { id: string }).id === turnId,
      ),
    )
    .sort((a, b) => messages.indexOf(a) - messages.indexOf(b))
    .map((m) => {
      if (m.method === "turn/completed") return "turn/completed";
      const item = m.params!.item as { type: string; status?: string };
      return `${m.method}:${item.type}${m.method === "item/completed" && item.status ? `:${item.status}` : ""}`;
    });
}

describe("closing notifications", () => {
  it("a completed turn with a command and an agent message completes every item before turn/completed", async () => {
    const c = spawnServer({ cwd: ws.work, home: ws.home });
    await c.initialize();
    mock.enqueue(
      execCall("call_ok", { cmd: "echo hi" }, "Running it."),
      plainAnswer("it printed hi"),
    );
    const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
    const turnId = await startTurn(c, threadId, "run echo");
    await c.notification("turn/completed", (p) => p.threadId === threadId);
    expect(turnTrace(c.messages, turnId)).toEqual([
      "item/started:userMessage",
      "item/completed:userMessage",
      "item/started:agentMessage",
      "item/completed:agentMessage",
      "item/started:commandExecution",
      "item/completed:commandExecution:completed",
      "item/started:agentMessage",
      "item/completed:agentMessage",
      "turn/completed",
    ]);
  });

  it("an interrupted command and an unanswered approval complete before turn/completed", async () => {
    const c = spawnServer({ cwd: ws.work, home: ws.home });
    await c.initialize();
    const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;

    // A command still running when the turn is interrupted: it fails, before the turn ends.
    mock.enqueue(execCall("call_sleep", { cmd: "sleep 30", yield_time_ms: 30_000 }, "Waiting."));
    const first = await startTurn(c, threadId, "wait");
    await c.notification(
      "item/started",
      (p) => (p.item as { id: string }).id === "call_sleep" && p.turnId === first,
    );
    await c.call("turn/interrupt", { threadId, turnId: first });
    const done = await c.notification(
      "turn/completed",
      (p) => (p.turn as { id: string }).id === first,
    );
    expect((done.params!.turn as { status: string }).status).toBe("interrupted");
    expect(turnTrace(c.messages, first)).toEqual([
      "item/started:userMessage",
      "item/completed:userMessage",
      "item/started:agentMessage",
      "item/completed:agentMessage",
      "item/started:commandExecution",
      "item/completed:commandExecution:failed",
      "turn/completed",
    ]);

    // An approval nobody answers, settled by turn/interrupt: declined, before the turn ends.
    mock.enqueue(
      execCall("call_esc", {
        cmd: "echo x > never.txt",
        sandbox_permissions: "require_escalated",
        justification: "the test wants to write",
      }),
    );
    const second = await startTurn(c, threadId, "write");
    await c.waitFor((m) => m.method === "item/commandExecution/requestApproval");
    await c.call("turn/interrupt", { threadId, turnId: second });
    await c.notification("turn/completed", (p) => (p.turn as { id: string }).id === second);
    expect(turnTrace(c.messages, second)).toEqual([
      "item/started:userMessage",
      "item/completed:userMessage",
      "item/started:commandExecution",
      "item/completed:commandExecution:declined",
      "turn/completed",
    ]);
  });
});
