// `--json` as an adapter over the item model: the cases where the printer's rules and the item
// tracker's meet (turn end, items without a JSONL twin, messages without a turn item).
import { describe, expect, it } from "vitest";
import type { EventMsg } from "../../src/protocol/index.js";
import {
  THREAD_ID,
  agentMessage,
  execBegin,
  execEnd,
  sessionConfigured,
  taskComplete,
  turnStart,
} from "./core-events.js";
import { runJsonl } from "./run-jsonl.js";

const WORK = "/tmp/run-cd34/work";
const ZERO_USAGE = `{"input_tokens":0,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":0,"reasoning_output_tokens":0}`;

describe("codex exec --json over items", () => {
  it("a command left running at turn completion gets no failed item; a later end prints alone", () => {
    const { lines, result } = runJsonl([
      sessionConfigured(WORK),
      ...turnStart("start something"),
      execBegin("bg", "sleep 2", WORK),
      ...agentMessage("Left it running."),
      taskComplete("Left it running."),
      // The process ends after the turn (as a later turn would see it).
      execEnd("bg", "sleep 2", WORK, "", 0),
    ]);
    const started = `{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc 'sleep 2'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`;
    expect(lines.slice(2)).toEqual([
      started,
      `{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"Left it running."}}`,
      `{"type":"turn.completed","usage":${ZERO_USAGE}}`,
      `{"type":"item.completed","item":{"id":"item_2","type":"command_execution","command":"/bin/bash -lc 'sleep 2'","aggregated_output":"","exit_code":0,"status":"completed"}}`,
    ]);
    expect(result.exitCode).toBe(0);
  });

  it("a message with no turn item (the review's closing message) prints once and is the last message", () => {
    const { lines, result } = runJsonl([
      sessionConfigured(WORK),
      ...turnStart("review"),
      ...agentMessage("{}"),
      { type: "agent_message", message: "The changes look correct." },
      taskComplete(null),
    ]);
    expect(lines.slice(2, 4)).toEqual([
      `{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"{}"}}`,
      `{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"The changes look correct."}}`,
    ]);
    expect(result.lastMessage).toBe("The changes look correct.");
  });

  it("items Codex's exec JSONL has no twin for print nothing", () => {
    const { lines } = runJsonl([
      sessionConfigured(WORK),
      ...turnStart("p"),
      { type: "view_image_tool_call", call_id: "v1", path: `${WORK}/a.png` },
      { type: "context_compacted" } as EventMsg,
      taskComplete(null),
    ]);
    expect(lines.slice(2)).toEqual([`{"type":"turn.completed","usage":${ZERO_USAGE}}`]);
  });

  it("a command refused at its approval request prints as failed", () => {
    const { lines } = runJsonl([
      sessionConfigured(WORK),
      ...turnStart("p"),
      {
        type: "exec_approval_request",
        call_id: "c1",
        command: ["/bin/bash", "-lc", "rm -rf x"],
        cwd: WORK,
        parsed_cmd: [],
      },
      taskComplete(null),
    ]);
    expect(lines.slice(2)).toEqual([
      `{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc 'rm -rf x'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc 'rm -rf x'","aggregated_output":"","exit_code":null,"status":"failed"}}`,
      `{"type":"turn.completed","usage":${ZERO_USAGE}}`,
    ]);
  });

  it("web search and warnings become items", () => {
    // The core reports a hosted web search once it is done: its turn item, then the legacy event.
    const query = "node 20 release date";
    const { lines } = runJsonl([
      sessionConfigured(WORK),
      ...turnStart("p"),
      {
        type: "item_completed",
        thread_id: THREAD_ID,
        turn_id: "turn-1",
        item: { type: "WebSearch", id: "ws1", query },
      },
      { type: "web_search_end", call_id: "ws1", query },
      { type: "warning", message: "unknown config key `foo`" },
      taskComplete(null),
    ]);
    expect(lines.slice(2, 4)).toEqual([
      `{"type":"item.completed","item":{"id":"item_0","type":"web_search","query":"${query}","action":{"type":"search","query":"${query}"}}}`,
      `{"type":"item.completed","item":{"id":"item_1","type":"error","message":"unknown config key \`foo\`"}}`,
    ]);
  });
});
