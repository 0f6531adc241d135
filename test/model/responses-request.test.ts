// What goes on the wire for the Responses API: body (exact, key order), headers and URL.
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, startMockServer, type MockServer } from "../mock-server/index.js";
import type { ModelClientOptions, ToolSpec } from "../../src/model/index.js";
import type { ModelProviderInfo } from "../../src/config/types.js";
import { CONVERSATION_ID, clientFor, drain, family, prompt } from "./helpers.js";

let mock: MockServer;

afterEach(async () => {
  expect(mock.violations).toEqual([]);
  await mock.close();
});

async function firstRequest(
  over: Partial<ModelClientOptions> = {},
  providerOver: Partial<ModelProviderInfo> = {},
) {
  mock = await startMockServer({ script: [plainAnswer("Hello.")] });
  const result = await drain(clientFor(mock.url, over, providerOver));
  expect(result.error).toBeUndefined();
  const request = mock.requests[0];
  if (!request) throw new Error("no request recorded");
  return request;
}

const TOOLS: ToolSpec[] = [
  {
    type: "function",
    name: "shell",
    description: "Run a command.",
    strict: false,
    parameters: { type: "object", properties: { command: { type: "array" } } },
  },
  {
    type: "custom",
    name: "apply_patch",
    description: "Edit files.",
    format: { type: "grammar", syntax: "lark", definition: "start: /.+/" },
  },
  { type: "web_search" },
];

describe("Responses request", () => {
  it("sends the whole body in Codex's key order", async () => {
    mock = await startMockServer({ script: [plainAnswer("Hello.")] });
    const p = prompt({ tools: TOOLS });
    const result = await drain(clientFor(mock.url), p);
    expect(result.error).toBeUndefined();
    const request = mock.requests[0]!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/responses");
    expect(request.rawBody).toBe(
      JSON.stringify({
        model: "gpt-5",
        instructions: "You are a test assistant.",
        input: p.input,
        tools: TOOLS,
        tool_choice: "auto",
        parallel_tool_calls: true,
        reasoning: { effort: "medium", summary: "auto" },
        store: false,
        stream: true,
        include: ["reasoning.encrypted_content"],
        prompt_cache_key: CONVERSATION_ID,
        text: { verbosity: "low" },
      }),
    );
  });

  it("sends Codex's headers and the thread id in all three id headers", async () => {
    const request = await firstRequest();
    const h = request.headers;
    expect(h["authorization"]).toBe("Bearer sk-mock-key");
    expect(h["originator"]).toBe("codex_exec");
    expect(h["user-agent"]).toMatch(
      /^codex_exec\/0\.1\.0 \([^;]+; [^)]+\) xterm \(codex_exec; 0\.1\.0\)$/,
    );
    expect(h["session-id"]).toBe(CONVERSATION_ID);
    expect(h["thread-id"]).toBe(CONVERSATION_ID);
    expect(h["x-client-request-id"]).toBe(CONVERSATION_ID);
    expect(h["accept"]).toBe("text/event-stream");
    expect(h["content-type"]).toBe("application/json");
    expect(Object.keys(h).filter((k) => k.startsWith("x-stainless"))).toEqual([]);
    expect(h["openai-organization"]).toBeUndefined();
  });

  it("uses 'unknown' as terminal when TERM is unset and omits authorization without a key", async () => {
    const request = await firstRequest({ env: {}, apiKey: undefined, originator: "codex-tui" });
    expect(request.headers["authorization"]).toBeUndefined();
    expect(request.headers["user-agent"]).toMatch(
      /^codex-tui\/0\.1\.0 \(.*\) unknown \(codex-tui; 0\.1\.0\)$/,
    );
  });

  it("omits reasoning and include contents for families without reasoning", async () => {
    const request = await firstRequest({ family: family({ supportsReasoningSummaries: false }) });
    expect(request.body?.reasoning).toBeUndefined();
    expect(request.body?.include).toEqual([]);
  });

  it("sends effort alone when the summary is 'none', and summary alone without effort", async () => {
    const first = await firstRequest({ effort: "high", summary: "none" });
    expect(first.body?.reasoning).toEqual({ effort: "high" });
    await mock.close();
    const second = await firstRequest({ effort: null, summary: "detailed" });
    expect(second.body?.reasoning).toEqual({ summary: "detailed" });
    await mock.close();
    const third = await firstRequest({ effort: null, summary: "none" });
    expect(third.body?.reasoning).toBeUndefined();
    expect(third.body?.include).toEqual([]);
  });

  it("gates verbosity on the family and adds the output schema format", async () => {
    const schema = {
      type: "object",
      properties: { answer: { type: "string" } },
      required: ["answer"],
    };
    mock = await startMockServer({ script: [plainAnswer("{}"), plainAnswer("{}")] });
    await drain(clientFor(mock.url), prompt({ outputSchema: schema }));
    await drain(
      clientFor(mock.url, { family: family({ supportsVerbosity: false }) }),
      prompt({ outputSchema: schema }),
    );
    expect(mock.requests[0]!.body?.text).toEqual({
      verbosity: "low",
      format: { type: "json_schema", strict: true, schema, name: "codex_output_schema" },
    });
    expect(mock.requests[1]!.body?.text).toEqual({
      format: { type: "json_schema", strict: true, schema, name: "codex_output_schema" },
    });
  });

  it("omits text without verbosity or schema, and sends max_output_tokens only when set", async () => {
    const first = await firstRequest({ verbosity: null });
    expect(first.body?.text).toBeUndefined();
    expect(first.body?.max_output_tokens).toBeUndefined();
    await mock.close();
    const second = await firstRequest({ maxOutputTokens: 1234 });
    expect(second.body?.max_output_tokens).toBe(1234);
  });

  it("applies query_params, http_headers and env_http_headers (skipping unset variables)", async () => {
    const request = await firstRequest(
      { env: { TERM: "xterm", MOCK_PROJECT: "proj-7", EMPTY_VAR: "" } },
      {
        queryParams: { "api-version": "2025-04-01-preview" },
        httpHeaders: { "X-Static": "static-value" },
        envHttpHeaders: {
          "OpenAI-Project": "MOCK_PROJECT",
          "X-Missing": "NOT_SET",
          "X-Empty": "EMPTY_VAR",
        },
      },
    );
    expect(request.query).toEqual({ "api-version": "2025-04-01-preview" });
    expect(request.headers["x-static"]).toBe("static-value");
    expect(request.headers["openai-project"]).toBe("proj-7");
    expect(request.headers["x-missing"]).toBeUndefined();
    expect(request.headers["x-empty"]).toBeUndefined();
  });

  it("tolerates a trailing slash in base_url", async () => {
    mock = await startMockServer({ script: [plainAnswer("ok")] });
    const result = await drain(clientFor(`${mock.url}/`));
    expect(result.error).toBeUndefined();
    expect(mock.requests[0]!.path).toBe("/v1/responses");
  });
});
