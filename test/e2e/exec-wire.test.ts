// Where scripts look: usage totals across `exec resume`, a background command at turn end, the
// request's output cap, and malformed model output, each through the built CLI.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  chatAnswer,
  plainAnswer,
  sse,
  type MockServer,
  type MockUsage,
} from "../mock-server/index.js";
import {
  jsonLines,
  mockConfig,
  runCli,
  useMockWorkspace,
  writeConfig,
  type Workspace,
} from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

const run = (args: string[]) => runCli(args, { cwd: ws.work, home: ws.home });

// The numbers of captures/codex-0.169.0/resume-followup.
const USAGE: MockUsage = {
  input_tokens: 2000,
  cached_tokens: 1500,
  output_tokens: 30,
  reasoning_tokens: 10,
};

function rolloutLines(): Array<{ type: string; payload: Record<string, unknown> }> {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(path.join(ws.home, "sessions"));
  expect(files).toHaveLength(1);
  return readFileSync(files[0]!, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; payload: Record<string, unknown> });
}

describe("usage after resume", () => {
  it("turn.completed and the rollout's running total continue the thread total", async () => {
    mock.enqueue(plainAnswer("Noted: 42.", USAGE), plainAnswer("The number was 42.", USAGE));
    const first = await run(["exec", "--json", "First turn: remember the number 42."]);
    expect(first.code).toBe(0);
    const second = await run([
      "exec",
      "resume",
      "--last",
      "--json",
      "Second turn: what was the number?",
    ]);
    expect(second.code).toBe(0);
    expect(jsonLines(second.stdout).at(-1)).toEqual({
      type: "turn.completed",
      usage: {
        input_tokens: 4000,
        cached_input_tokens: 3000,
        cache_write_input_tokens: 0,
        output_tokens: 60,
        reasoning_output_tokens: 20,
      },
    });
    const counts = rolloutLines()
      .filter((l) => l.type === "event_msg" && l.payload.type === "token_count")
      .map((l) => l.payload.info as Record<string, Record<string, number>>);
    expect(counts.map((c) => c.total_token_usage!.total_tokens)).toEqual([2030, 4060]);
    expect(counts.at(-1)!.last_token_usage!.total_tokens).toBe(2030);
  });

  it("auto-compaction on the resumed turn counts the resumed context", async () => {
    writeConfig(ws.home, mockConfig(mock.url, "model_auto_compact_token_limit = 3000"));
    mock.enqueue(
      plainAnswer("One.", { input_tokens: 1000, output_tokens: 10 }),
      // The resumed request carries the whole thread: over the limit, so it compacts.
      plainAnswer("Two.", { input_tokens: 3500, output_tokens: 10 }),
      plainAnswer("Summary of the thread.", { input_tokens: 100, output_tokens: 10 }),
    );
    expect((await run(["exec", "--json", "one"])).code).toBe(0);
    const r = await run(["exec", "resume", "--last", "--json", "two"]);
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(3);
    expect(JSON.stringify(mock.requests[2]!.body!.input)).toContain("two");
  });

  it("a resumed session already over the limit compacts before the new request", async () => {
    mock.enqueue(
      plainAnswer("One.", { input_tokens: 3500, output_tokens: 10 }),
      plainAnswer("Summary of the thread.", { input_tokens: 100, output_tokens: 10 }),
      plainAnswer("Two.", { input_tokens: 200, output_tokens: 10 }),
    );
    // The first run has no limit; the resumed one has, and its restored count is above it.
    expect((await run(["exec", "--json", "one"])).code).toBe(0);
    const r = await run([
      "exec",
      "-c",
      "model_auto_compact_token_limit=3000",
      "resume",
      "--last",
      "--json",
      "two",
    ]);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout).at(-2)).toMatchObject({
      type: "item.completed",
      item: { type: "agent_message", text: "Two." },
    });
    expect(mock.requests).toHaveLength(3);
    // The compaction request comes first; the answer is asked for on the compacted history.
    const third = JSON.stringify(mock.requests[2]!.body!.input);
    expect(third).toContain("Summary of the thread.");
    expect(third).not.toContain("One.");
  });
});

describe("a background command at turn end", () => {
  it("gets no extra failed item.completed", async () => {
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall(
            "call_bg",
            "exec_command",
            JSON.stringify({ cmd: "sleep 2", yield_time_ms: 100 }),
          ),
          sse.completed("r1"),
        ],
      },
      plainAnswer("Left it running."),
    );
    const r = await run(["exec", "--json", "-s", "danger-full-access", "start something"]);
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    const commandEvents = events.filter(
      (e) => (e.item as { type?: string } | undefined)?.type === "command_execution",
    );
    expect(commandEvents.map((e) => e.type)).toEqual(["item.started"]);
    expect(events.at(-1)!.type).toBe("turn.completed");
  });
});

describe("output token cap", () => {
  it("max_output_tokens is sent only when model_max_output_tokens is configured", async () => {
    mock.enqueue(plainAnswer("a"), plainAnswer("b"));
    expect((await run(["exec", "hi"])).code).toBe(0);
    expect(mock.requests[0]!.body).not.toHaveProperty("max_output_tokens");
    expect((await run(["exec", "-c", "model_max_output_tokens=1234", "hi"])).code).toBe(0);
    expect(mock.requests[1]!.body!.max_output_tokens).toBe(1234);
  });

  it("max_tokens on the chat wire likewise", async () => {
    writeConfig(ws.home, mockConfig(mock.url, "", { wireApi: "chat", model: "llama3.1" }));
    mock.enqueue(chatAnswer("a"), chatAnswer("b"));
    expect((await run(["exec", "hi"])).code).toBe(0);
    expect(mock.requests[0]!.body).not.toHaveProperty("max_tokens");
    expect((await run(["exec", "-c", "model_max_output_tokens=99", "hi"])).code).toBe(0);
    expect(mock.requests[1]!.body!.max_tokens).toBe(99);
  });
});

describe("malformed model output", () => {
  it("items that do not fit are dropped where they enter; the turn goes on", async () => {
    mock.enqueue({
      sse: [
        sse.created("r1"),
        sse.itemDone({ type: "local_shell_call", id: "ls1", call_id: "c1", status: "completed" }),
        sse.itemDone({ type: "mystery_item", id: "m1", payload: 1 }),
        sse.itemDone({
          type: "function_call",
          id: "f1",
          name: "exec_command",
          call_id: "c2",
          arguments: 42,
        }),
        sse.itemDone({ type: "message", role: "assistant", content: "not an array" }),
        sse.message("Still fine."),
        sse.completed("r1"),
      ],
    });
    const r = await run(["exec", "--json", "hi"]);
    expect(r.stderr).not.toContain("Cannot read properties");
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events.filter((e) => e.type === "item.completed").map((e) => e.item)).toEqual([
      { id: "item_0", type: "agent_message", text: "Still fine." },
    ]);
    expect(events.at(-1)!.type).toBe("turn.completed");
    // Nothing malformed was recorded: a resumed session would not replay it.
    const recorded = rolloutLines()
      .filter((l) => l.type === "response_item")
      .map((l) => l.payload.type);
    expect(recorded).not.toContain("local_shell_call");
    expect(recorded).not.toContain("mystery_item");
    expect(recorded).not.toContain("function_call");
  });
});
