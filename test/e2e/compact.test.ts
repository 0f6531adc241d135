// Automatic compaction in `codex exec`, its rollout record, and resuming after it.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ResponseItem } from "../../src/protocol/index.js";
import { readRollout, SUMMARY_PREFIX } from "../../src/rollout/index.js";
import { jsonLines, runCli, useMockWorkspace, type Workspace } from "../harness.js";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: "model_auto_compact_token_limit = 1000" },
);

function rolloutFile(): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else found.push(p);
    }
  };
  walk(path.join(ws.home, "sessions"));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("automatic compaction in exec", () => {
  it("compacts mid-task, records it, and a resume continues from the compacted history", async () => {
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("call_1", "exec_command", JSON.stringify({ cmd: "echo big" })),
          sse.completed("r1", { input_tokens: 4000, output_tokens: 100 }),
        ],
      },
      plainAnswer("SUMMARY: ran echo big", { input_tokens: 4100, output_tokens: 50 }),
      plainAnswer("finished after compaction", { input_tokens: 300, output_tokens: 10 }),
    );
    const r = await runCli(["exec", "--json", "do a big job"], { cwd: ws.work, home: ws.home });
    expect(r.code, r.stderr).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events.at(-1)).toMatchObject({ type: "turn.completed" });
    expect(events.filter((e) => e.type === "item.completed").at(-1)).toMatchObject({
      item: { type: "agent_message", text: "finished after compaction" },
    });

    const { items } = await readRollout(rolloutFile());
    const compacted = items.filter((i) => i.type === "compacted");
    expect(compacted).toHaveLength(1);
    const payload = compacted[0]!.payload as {
      message: string;
      replacement_history: ResponseItem[];
    };
    expect(payload.message).toBe("SUMMARY: ran echo big");
    expect(JSON.stringify(payload.replacement_history.at(-1))).toContain(SUMMARY_PREFIX);
    expect(
      items.some((i) => i.type === "event_msg" && i.payload.type === "context_compacted"),
    ).toBe(true);
    // The live continuation request was exactly the replacement history.
    expect(mock.requests[2]!.body!.input).toEqual(payload.replacement_history);

    mock.enqueue(plainAnswer("resumed"));
    const resumed = await runCli(["exec", "resume", "--json", "--last", "and now?"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    const input = mock.requests[3]!.body!.input as ResponseItem[];
    expect(input.slice(0, payload.replacement_history.length)).toEqual(payload.replacement_history);
    const rest = input.slice(payload.replacement_history.length);
    expect(rest.map((i) => (i.type === "message" ? i.role : i.type))).toEqual([
      "assistant",
      "user",
    ]);
    expect(JSON.stringify(rest)).toContain("finished after compaction");
    expect(JSON.stringify(rest)).toContain("and now?");
  });
});
