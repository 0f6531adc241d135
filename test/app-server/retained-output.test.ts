// A loaded thread keeps its items for thread/read, but not a command's output: that went out with
// the item's notifications, and keeping it made a long session's memory grow with every command.
import { describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { useAppServerClients } from "./client.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: 'sandbox_mode = "workspace-write"' },
);

const spawnServer = useAppServerClients();

describe("app-server: what a loaded thread retains", () => {
  it("delivers a command's output in item/completed and keeps the item without it", async () => {
    const c = spawnServer({ cwd: ws.work, home: ws.home });
    await c.initialize();
    mock.enqueue(plainAnswer("first answer"));
    const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
    await c.call("turn/start", { threadId, input: [{ type: "text", text: "hi" }] });
    await c.notification("turn/completed", (p) => p.threadId === threadId);

    await c.call("thread/shellCommand", { threadId, command: "echo kept-out" });
    const done = await c.notification(
      "item/completed",
      (p) => (p.item as { type: string }).type === "commandExecution",
    );
    const delivered = done.params!.item as { id: string; aggregatedOutput: string };
    expect(delivered.aggregatedOutput).toContain("kept-out");
    await c.waitFor(() => c.notifications("turn/completed").length === 2);

    const read = await c.call("thread/read", { threadId, includeTurns: true });
    const items = (read.thread as { turns: Array<{ items: Array<Record<string, unknown>> }> }).turns
      .flatMap((t) => t.items)
      .filter((i) => i.type === "commandExecution");
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: delivered.id, exitCode: 0, aggregatedOutput: null });
  });
});
