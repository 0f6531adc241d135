// The official TypeScript SDK (@openai/codex-sdk), unchanged, driving the built CLI through its
// `codexPathOverride`, against the mock model: what it spawns (`exec --experimental-json …`,
// `resume <id>`, `--output-schema`, `--add-dir`, `-c openai_base_url=…`) must work as with Codex.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Codex, type ThreadEvent } from "@openai/codex-sdk";
import { plainAnswer, sse, type MockServer, type MockUsage } from "../mock-server/index.js";
import { CLI, mockConfig, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

const USAGE: MockUsage = {
  input_tokens: 2000,
  cached_tokens: 1500,
  output_tokens: 30,
  reasoning_tokens: 10,
};

/** What the SDK passes to the CLI: no inherited secrets, the test's CODEX_HOME. */
function sdkEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? ws.root,
    LANG: "C.UTF-8",
    CODEX_HOME: ws.home,
    MOCK_API_KEY: "sk-mock-test-key",
    ...extra,
  };
}

function codex(extra: Record<string, string> = {}, baseUrl?: string, apiKey?: string): Codex {
  return new Codex({ codexPathOverride: CLI, env: sdkEnv(extra), baseUrl, apiKey });
}

function rolloutFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(path.join(ws.home, "sessions"));
  return out;
}

function inputTexts(seq: number): string[] {
  const input = mock.requests[seq]!.body!.input as Array<{
    type: string;
    role?: string;
    content?: Array<{ text?: string }>;
  }>;
  return input
    .filter((i) => i.type === "message" && i.role === "user")
    .map((i) => i.content?.[0]?.text ?? "");
}

describe("@openai/codex-sdk against the built CLI", () => {
  it("run() returns the final response, items and usage; the originator is the SDK's", async () => {
    mock.enqueue(plainAnswer("Hello from the mock.", USAGE));
    const thread = codex().startThread({ workingDirectory: ws.work });
    const turn = await thread.run("Say hello.");
    expect(turn.finalResponse).toBe("Hello from the mock.");
    expect(turn.items).toEqual([
      { id: "item_0", type: "agent_message", text: "Hello from the mock." },
    ]);
    expect(turn.usage).toEqual({
      input_tokens: 2000,
      cached_input_tokens: 1500,
      cache_write_input_tokens: 0,
      output_tokens: 30,
      reasoning_output_tokens: 10,
    });
    expect(thread.id).toMatch(/^[0-9a-f-]{36}$/);
    // CODEX_INTERNAL_ORIGINATOR_OVERRIDE (set by the SDK) names the client everywhere.
    const headers = mock.requests[0]!.headers;
    expect(headers["originator"]).toBe("codex_sdk_ts");
    expect(headers["user-agent"]).toMatch(/^codex_sdk_ts\//);
    const [file] = rolloutFiles();
    const meta = JSON.parse(readFileSync(file!, "utf8").split("\n")[0]!) as {
      payload: { id: string; originator: string };
    };
    expect(meta.payload).toMatchObject({ id: thread.id, originator: "codex_sdk_ts" });
  });

  it("runStreamed() yields Codex's thread events in order", async () => {
    mock.enqueue({
      sse: [
        sse.created("r1"),
        ...sse.functionCall("call_1", "exec_command", JSON.stringify({ cmd: "echo streamed" })),
        sse.completed("r1"),
      ],
    });
    mock.enqueue(plainAnswer("Done."));
    const thread = codex().startThread({ workingDirectory: ws.work });
    const { events } = await thread.runStreamed("Run echo.");
    const seen: ThreadEvent[] = [];
    for await (const ev of events) seen.push(ev);
    expect(seen.map((e) => e.type)).toEqual([
      "thread.started",
      "turn.started",
      "item.started",
      "item.completed",
      "item.completed",
      "turn.completed",
    ]);
    const command = seen[3] as Extract<ThreadEvent, { type: "item.completed" }>;
    expect(command.item).toMatchObject({
      type: "command_execution",
      status: "completed",
      exit_code: 0,
    });
    expect((command.item as { command: string }).command).toContain("echo streamed");
    expect((command.item as { aggregated_output: string }).aggregated_output).toContain("streamed");
  });

  it("a second turn on one thread resumes it; usage continues the thread total", async () => {
    mock.enqueue(plainAnswer("Noted: 42.", USAGE), plainAnswer("The number was 42.", USAGE));
    const thread = codex().startThread({ workingDirectory: ws.work });
    const first = await thread.run("Remember the number 42.");
    const id = thread.id;
    const second = await thread.run("What was the number?");
    expect(thread.id).toBe(id);
    expect(second.finalResponse).toBe("The number was 42.");
    // As the reference (captures/codex-0.169.0/resume-followup): 2000, then 4000.
    expect(first.usage?.input_tokens).toBe(2000);
    expect(second.usage).toMatchObject({
      input_tokens: 4000,
      cached_input_tokens: 3000,
      output_tokens: 60,
      reasoning_output_tokens: 20,
    });
    expect(inputTexts(1).slice(-2)).toEqual(["Remember the number 42.", "What was the number?"]);
    expect(rolloutFiles()).toHaveLength(1);
  });

  it("resumeThread(id) continues a saved thread from a new SDK instance", async () => {
    mock.enqueue(plainAnswer("First."), plainAnswer("Second."));
    const thread = codex().startThread({ workingDirectory: ws.work });
    await thread.run("Turn one.");
    const resumed = codex().resumeThread(thread.id!, { workingDirectory: ws.work });
    const turn = await resumed.run("Turn two.");
    expect(turn.finalResponse).toBe("Second.");
    expect(resumed.id).toBe(thread.id);
    expect(inputTexts(1).slice(-2)).toEqual(["Turn one.", "Turn two."]);
  });

  it("outputSchema reaches the request as a strict JSON schema format", async () => {
    const schema = {
      type: "object",
      properties: { answer: { type: "string" } },
      required: ["answer"],
      additionalProperties: false,
    };
    mock.enqueue(plainAnswer('{"answer":"42"}'));
    const thread = codex().startThread({ workingDirectory: ws.work });
    const turn = await thread.run("Answer as JSON.", { outputSchema: schema });
    expect(JSON.parse(turn.finalResponse)).toEqual({ answer: "42" });
    const text = mock.requests[0]!.body!.text as { format?: Record<string, unknown> };
    expect(text.format).toMatchObject({ type: "json_schema", strict: true, schema });
  });

  it("additionalDirectories become writable roots (with workspace-write)", async () => {
    const extra = path.join(ws.root, "extra");
    mkdirSync(extra);
    const target = path.join(extra, "written.txt");
    mock.enqueue({
      sse: [
        sse.created("r1"),
        ...sse.functionCall(
          "call_w",
          "exec_command",
          JSON.stringify({ cmd: `echo ok > ${JSON.stringify(target)}` }),
        ),
        sse.completed("r1"),
      ],
    });
    mock.enqueue(plainAnswer("Wrote it."));
    const thread = codex().startThread({
      workingDirectory: ws.work,
      sandboxMode: "workspace-write",
      additionalDirectories: [extra],
    });
    const turn = await thread.run("Write a file in the extra directory.");
    expect(turn.finalResponse).toBe("Wrote it.");
    expect(readFileSync(target, "utf8")).toBe("ok\n");
    // The model is told about the extra root too.
    expect(JSON.stringify(mock.requests[0]!.body!.input)).toContain(extra);
  });

  it("baseUrl and apiKey point the built-in OpenAI provider at the given server", async () => {
    // No model_provider: the built-in `openai` provider, which would otherwise go to OpenAI.
    writeConfig(ws.home, 'model = "gpt-5.5"\n');
    mock.enqueue(plainAnswer("Via baseUrl."));
    const thread = codex({}, mock.url, "sk-sdk-key").startThread({ workingDirectory: ws.work });
    const turn = await thread.run("Hi.");
    expect(turn.finalResponse).toBe("Via baseUrl.");
    expect(mock.requests[0]!.path).toBe("/v1/responses");
    expect(mock.requests[0]!.headers["authorization"]).toBe("Bearer sk-sdk-key");
  });

  it("images reach the model, also on a resumed turn (`resume ID --image F`)", async () => {
    const png = path.join(ws.work, "dot.png");
    writeFileSync(
      png,
      Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
        "base64",
      ),
    );
    mock.enqueue(plainAnswer("A dot."), plainAnswer("Still a dot."));
    const thread = codex().startThread({ workingDirectory: ws.work });
    const input = [
      { type: "text" as const, text: "What is this?" },
      { type: "local_image" as const, path: png },
    ];
    expect((await thread.run(input)).finalResponse).toBe("A dot.");
    expect((await thread.run(input)).finalResponse).toBe("Still a dot.");
    for (const seq of [0, 1]) {
      const body = JSON.stringify(mock.requests[seq]!.body!.input);
      expect(body.match(/data:image\/png;base64,/g)?.length).toBe(seq + 1);
    }
  });

  it("model and sandbox options reach the run", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    mock.enqueue(plainAnswer("ok"));
    const thread = codex().startThread({
      workingDirectory: ws.work,
      model: "gpt-5.4",
      sandboxMode: "read-only",
      modelReasoningEffort: "low",
    });
    await thread.run("Hi.");
    const body = mock.requests[0]!.body!;
    expect(body.model).toBe("gpt-5.4");
    expect(body.reasoning).toMatchObject({ effort: "low" });
  });
});

/** Live processes whose environment names this test's CODEX_HOME (the CLI and its children). */
function processesUsing(home: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // A zombie is already gone; only its parent's wait is pending.
      if (/\) Z /.test(stat)) continue;
      if (env.includes(`CODEX_HOME=${home}`)) found.push(Number(pid));
    } catch {
      // Exited while we looked, or not ours to read.
    }
  }
  return found;
}

async function waitUntilNone(home: string, deadlineMs: number): Promise<number[]> {
  const end = Date.now() + deadlineMs;
  let left = processesUsing(home);
  while (left.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesUsing(home);
  }
  return left;
}

describe("@openai/codex-sdk abort (Linux /proc)", () => {
  it("aborting a turn with a background command running leaves no process behind", async () => {
    mock.enqueue({
      sse: [
        sse.created("r1"),
        ...sse.functionCall(
          "call_sleep",
          "exec_command",
          JSON.stringify({ cmd: "sleep 60", yield_time_ms: 250 }),
        ),
        sse.completed("r1"),
      ],
    });
    mock.enqueue({ hang: true });
    const controller = new AbortController();
    const thread = codex().startThread({ workingDirectory: ws.work });
    const running = thread.run("Sleep.", { signal: controller.signal });
    await mock.waitForRequests(2);
    // The CLI and its `sleep` are both alive now.
    expect(processesUsing(ws.home).length).toBeGreaterThanOrEqual(2);
    controller.abort();
    await expect(running).rejects.toThrow();
    expect(await waitUntilNone(ws.home, 15_000)).toEqual([]);
  });
});
