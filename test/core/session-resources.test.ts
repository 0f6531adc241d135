// A session owns what its tools started: Shutdown ends it while this (the host) process keeps
// running, so it is the session's own registry at work, not an exit handler. Checked with /proc.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeWorkspace, type Workspace } from "../harness.js";
import { plainAnswer, sse, startMockServer, type MockServer } from "../mock-server/index.js";
import { killMarked, processesWithMarker, sleepMarker, survivors } from "../proc-scan.js";
import { eventsUntil } from "./session-harness.js";
import { startSession } from "./task-helpers.js";

let mock: MockServer;
let ws: Workspace;
const markers: string[] = [];

beforeEach(async () => {
  mock = await startMockServer();
  ws = makeWorkspace();
});
afterEach(async () => {
  for (const m of markers.splice(0)) killMarked(m);
  expect(mock.violations).toEqual([]);
  await mock.close();
  ws.cleanup();
});

function backgroundSleepTurn(mark: string, tty: boolean) {
  return {
    sse: [
      sse.created("r1"),
      ...sse.functionCall(
        "c1",
        "exec_command",
        JSON.stringify({ cmd: `sleep ${mark} & sleep ${mark}`, yield_time_ms: 300, tty }),
      ),
      sse.completed("r1"),
    ],
  };
}

describe("session resources", () => {
  for (const tty of [false, true]) {
    it(`Shutdown ends a background exec_command session (${tty ? "PTY" : "pipes"})`, async () => {
      const mark = sleepMarker();
      markers.push(mark);
      mock.enqueue(backgroundSleepTurn(mark, tty), plainAnswer("left running"));
      const { conversation } = await startSession(ws, mock.url, {
        extraToml: 'sandbox_mode = "danger-full-access"',
      });
      conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
      await eventsUntil(conversation, (m) => m.type === "task_complete");
      expect(processesWithMarker(mark).length).toBeGreaterThanOrEqual(2);
      conversation.submit({ type: "shutdown" });
      await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
      expect(await survivors(mark)).toEqual([]);
    });
  }

  it("a Shutdown submitted after the session shut down is a no-op, not an error", async () => {
    const { conversation } = await startSession(ws, mock.url);
    conversation.submit({ type: "shutdown" });
    await conversation.finished;
    expect(() => conversation.submit({ type: "shutdown" })).not.toThrow();
    expect(() => conversation.submit({ type: "interrupt" })).not.toThrow();
  });
});
