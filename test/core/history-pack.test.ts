// A real session keeps a truncated command output packed (one one-byte string) in its history, and
// the model still receives the very same bytes, in the request after the call and in every later
// one; the rollout records the same text.
import { describe, expect, it } from "vitest";
import { isPacked } from "../../src/core/history-pack.js";
import type { ResponseItem } from "../../src/protocol/index.js";
import { readRollout } from "../../src/rollout/index.js";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { eventsUntil } from "./session-harness.js";
import { say, startSession } from "./task-helpers.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

/** The call's output item exactly as it appears in a request body's bytes. */
function outputBytes(rawBody: string): string {
  const m = /\{"type":"function_call_output","call_id":"c1","output":"(?:[^"\\]|\\.)*"\}/.exec(
    rawBody,
  );
  if (!m) throw new Error("no function_call_output for c1 in the request");
  return m[0];
}

describe("history packing in a session", () => {
  it("packs a truncated output and sends the same bytes on every later request", async () => {
    const args = JSON.stringify({
      cmd: "yes 'history pack line' | head -c 40000",
      max_output_tokens: 250,
    });
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("c1", "exec_command", args),
          sse.completed("r1"),
        ],
      },
      plainAnswer("done"),
      plainAnswer("again"),
    );
    const { conversation } = await startSession(ws, mock.url, { persist: true });
    conversation.submit(say("run it"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    conversation.submit(say("once more"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(mock.requests).toHaveLength(3);

    const sent = outputBytes(mock.requests[1]!.rawBody);
    expect(sent).toContain("tokens truncated…"); // the marker travels as UTF-8, unescaped
    expect(outputBytes(mock.requests[2]!.rawBody)).toBe(sent);
    const output = (JSON.parse(sent) as { output: string }).output;

    // The session's own copy is packed, and reads back as the text that was sent.
    const session = (conversation as unknown as { session: { history(): readonly ResponseItem[] } })
      .session;
    const kept = session.history().find((i) => i.type === "function_call_output");
    expect(kept && isPacked(kept)).toBe(true);
    expect(kept?.type === "function_call_output" && kept.output).toBe(output);

    conversation.submit({ type: "shutdown" });
    await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
    const path = conversation.rolloutPath;
    if (!path) throw new Error("the session wrote no rollout");
    const { items } = await readRollout(path);
    const recorded = items.find(
      (i) => i.type === "response_item" && i.payload.type === "function_call_output",
    );
    expect(
      recorded?.type === "response_item" &&
        recorded.payload.type === "function_call_output" &&
        recorded.payload.output,
    ).toBe(output);
  });
});
