// `codex exec` end to end: the built CLI as a real process against the mock model server.
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { plainAnswer, sse, responsesStream, type MockServer } from "../mock-server/index.js";
import {
  jsonLines,
  makeWorkspace,
  mockConfig,
  runCli,
  writeConfig,
  type Workspace,
  useMockWorkspace,
} from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

describe("codex exec: a plain answer", () => {
  it("prints only the final message on stdout and the header on stderr", async () => {
    mock.enqueue(
      plainAnswer("Hello from the mock. 2 + 2 = 4.", { input_tokens: 100, output_tokens: 7 }),
    );
    const r = await runCli(["exec", "Say hello"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Hello from the mock. 2 + 2 = 4.\n");
    expect(r.stderr).toContain(`workdir: ${ws.work}`);
    expect(r.stderr).toContain("model: gpt-5.5");
    expect(r.stderr).toContain("provider: mock");
    expect(r.stderr).toContain("approval: never");
    expect(r.stderr).toContain("sandbox: read-only");
  });

  it("sends the request fields and headers Codex sends", async () => {
    mock.enqueue(plainAnswer("ok"));
    const r = await runCli(["exec", "--json", "Say hello"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const [req] = mock.requests;
    expect(req).toBeDefined();
    expect(req!.path).toBe("/v1/responses");
    const body = req!.body!;
    expect(Object.keys(body).slice(0, 3)).toEqual(["model", "instructions", "input"]);
    expect(body.model).toBe("gpt-5.5");
    expect(typeof body.instructions).toBe("string");
    expect(body.store).toBe(false);
    expect(body.stream).toBe(true);
    expect(body.tool_choice).toBe("auto");
    expect(body.parallel_tool_calls).toBe(true);
    expect(body.include).toEqual(["reasoning.encrypted_content"]);
    const thread = jsonLines(r.stdout)[0]!;
    expect(thread.type).toBe("thread.started");
    expect(body.prompt_cache_key).toBe(thread.thread_id);
    expect(req!.headers.authorization).toBe("Bearer sk-mock-test-key");
    expect(req!.headers.originator).toBe("codex_exec");
    expect(req!.headers["user-agent"]).toMatch(/^codex_exec\//);
    expect(req!.headers["session-id"]).toBe(thread.thread_id);
    const names = (body.tools as Array<{ name?: string; type: string }>).map(
      (t) => t.name ?? t.type,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        "exec_command",
        "write_stdin",
        "apply_patch",
        "update_plan",
        "view_image",
      ]),
    );
    // The last input item is the prompt; before it the environment context.
    const input = body.input as Array<{ role: string; content: Array<{ text: string }> }>;
    expect(input.at(-1)!.content[0]!.text).toBe("Say hello");
    expect(input.at(-2)!.content.at(-1)!.text).toContain(`<cwd>${ws.work}</cwd>`);
  });

  it("emits the Codex JSONL stream and nothing else on stdout", async () => {
    mock.enqueue(
      responsesStream(
        sse.created("resp_1"),
        sse.reasoning(["**Answering** the greeting"]),
        sse.message("Hello there."),
        sse.completed("resp_1", {
          input_tokens: 1234,
          cached_tokens: 1000,
          output_tokens: 17,
          reasoning_tokens: 5,
        }),
      ),
    );
    const r = await runCli(["exec", "--json", "Say hello"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.type)).toEqual([
      "thread.started",
      "turn.started",
      "item.completed",
      "item.completed",
      "turn.completed",
    ]);
    expect(lines[2]!.item).toEqual({
      id: "item_0",
      type: "reasoning",
      text: "**Answering** the greeting",
    });
    expect(lines[3]!.item).toEqual({ id: "item_1", type: "agent_message", text: "Hello there." });
    expect(lines[4]!.usage).toMatchObject({
      input_tokens: 1234,
      cached_input_tokens: 1000,
      output_tokens: 17,
      reasoning_output_tokens: 5,
    });
  });

  it("writes the last message with -o and sends --output-schema as text.format", async () => {
    const schemaPath = path.join(ws.root, "schema.json");
    const schema = {
      type: "object",
      properties: { answer: { type: "string" } },
      required: ["answer"],
      additionalProperties: false,
    };
    writeFileSync(schemaPath, JSON.stringify(schema));
    mock.enqueue(plainAnswer('{"answer":"4"}'));
    const out = path.join(ws.root, "last.txt");
    const r = await runCli(["exec", "--output-schema", schemaPath, "-o", out, "What is 2+2?"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe('{"answer":"4"}');
    const text = mock.requests[0]!.body!.text as { format: Record<string, unknown> };
    expect(text.format).toEqual({
      type: "json_schema",
      strict: true,
      schema,
      name: "codex_output_schema",
    });
  });
});

describe("codex exec: AGENTS.md", () => {
  it("sends the global and project AGENTS.md files as user instructions", async () => {
    writeFileSync(path.join(ws.home, "AGENTS.md"), "Global rule.\n");
    writeFileSync(path.join(ws.work, "AGENTS.md"), "# Agent notes\n\nAlways answer in haiku.\n");
    mock.enqueue(plainAnswer("ok"));
    const r = await runCli(["exec", "hi"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const input = mock.requests[0]!.body!.input as Array<{
      role: string;
      content: Array<{ text: string }>;
    }>;
    const context = input.at(-2)!.content[0]!.text;
    expect(context.startsWith(`# AGENTS.md instructions for ${ws.work}\n\n<INSTRUCTIONS>\n`)).toBe(
      true,
    );
    expect(context).toContain("Global rule.");
    expect(context).toContain("Always answer in haiku.");
    expect(context.indexOf("Global rule.")).toBeLessThan(
      context.indexOf("Always answer in haiku."),
    );
  });
});

describe("codex exec: prompt from stdin", () => {
  it("appends piped stdin to the prompt as a <stdin> block", async () => {
    mock.enqueue(plainAnswer("summary"));
    const r = await runCli(["exec", "Summarize the piped text."], {
      cwd: ws.work,
      home: ws.home,
      stdin: "line one from stdin\nline two from stdin\n",
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Reading additional input from stdin...");
    const input = mock.requests[0]!.body!.input as Array<{ content: Array<{ text: string }> }>;
    expect(input.at(-1)!.content[0]!.text).toBe(
      "Summarize the piped text.\n\n<stdin>\nline one from stdin\nline two from stdin\n</stdin>",
    );
  });

  it("reads the whole prompt from stdin with `-`", async () => {
    mock.enqueue(plainAnswer("ok"));
    const r = await runCli(["exec", "-"], {
      cwd: ws.work,
      home: ws.home,
      stdin: "Prompt text that came from stdin.\n",
    });
    expect(r.code).toBe(0);
    const input = mock.requests[0]!.body!.input as Array<{ content: Array<{ text: string }> }>;
    expect(input.at(-1)!.content[0]!.text).toBe("Prompt text that came from stdin.\n");
  });

  it("fails with exit 1 and no request on an empty prompt", async () => {
    const r = await runCli(["exec"], { cwd: ws.work, home: ws.home, stdin: "" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("No prompt provided via stdin.");
    expect(mock.requests).toHaveLength(0);
  });

  it("survives non-UTF-8 bytes on stdin", async () => {
    mock.enqueue(plainAnswer("ok"));
    const r = await runCli(["exec", "-"], {
      cwd: ws.work,
      home: ws.home,
      stdin: Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x0a]),
    });
    expect(r.code).toBe(0);
    const input = mock.requests[0]!.body!.input as Array<{ content: Array<{ text: string }> }>;
    expect(input.at(-1)!.content[0]!.text).toBe("hi\uFFFD\uFFFD\n");
  });
});

describe("codex exec: outside a git repository", () => {
  it("refuses without --skip-git-repo-check and runs with it", async () => {
    const bare = makeWorkspace({ git: false });
    try {
      writeConfig(bare.home, mockConfig(mock.url));
      const refused = await runCli(["exec", "hi"], { cwd: bare.work, home: bare.home });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("--skip-git-repo-check");
      expect(mock.requests).toHaveLength(0);
      mock.enqueue(plainAnswer("ok"));
      const ok = await runCli(["exec", "--skip-git-repo-check", "hi"], {
        cwd: bare.work,
        home: bare.home,
      });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toBe("ok\n");
    } finally {
      bare.cleanup();
    }
  });
});

describe("codex exec: tools", () => {
  it("answers an unknown tool with `unsupported call: <name>` and continues", async () => {
    mock.enqueue(
      responsesStream(
        sse.created("r1"),
        sse.functionCall("call_x", "no_such_tool", "{}"),
        sse.completed("r1"),
      ),
      plainAnswer("done"),
    );
    const r = await runCli(["exec", "go"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("done\n");
    const input = mock.requests[1]!.body!.input as Array<Record<string, unknown>>;
    expect(input.at(-1)).toMatchObject({
      type: "function_call_output",
      call_id: "call_x",
      output: "unsupported call: no_such_tool",
    });
  });
});
