// Shared fixtures for model client tests: a provider pointing at the mock, a family, and a
// collector that drains a stream into events plus the error that ended it (if any).
import type { ModelFamily, ModelProviderInfo } from "../../src/config/types.js";
import type { ModelClientOptions, Prompt, ResponseEvent } from "../../src/model/index.js";
import { ModelClient, ModelError } from "../../src/model/index.js";

export function provider(
  baseUrl: string,
  over: Partial<ModelProviderInfo> = {},
): ModelProviderInfo {
  return {
    name: "Mock",
    baseUrl,
    envKey: "MOCK_API_KEY",
    wireApi: "responses",
    queryParams: {},
    httpHeaders: {},
    envHttpHeaders: {},
    requestMaxRetries: 4,
    streamMaxRetries: 5,
    streamIdleTimeoutMs: 10_000,
    requiresOpenaiAuth: false,
    ...over,
  };
}

export function family(over: Partial<ModelFamily> = {}): ModelFamily {
  return {
    slug: "gpt-5",
    supportsReasoningSummaries: true,
    supportsParallelToolCalls: true,
    supportsVerbosity: true,
    shellToolType: "shell",
    applyPatchToolType: "freeform",
    contextWindow: 272_000,
    maxOutputTokens: null,
    defaultReasoningEffort: "medium",
    defaultVerbosity: "low",
    ...over,
  };
}

export const CONVERSATION_ID = "01a1fc60-c39a-7eb2-b4e4-37fea82f7e82";

export function clientFor(
  baseUrl: string,
  over: Partial<ModelClientOptions> = {},
  providerOver: Partial<ModelProviderInfo> = {},
): ModelClient {
  return new ModelClient({
    provider: provider(baseUrl, providerOver),
    providerId: "mock",
    apiKey: "sk-mock-key",
    model: "gpt-5",
    family: family(),
    effort: "medium",
    summary: "auto",
    verbosity: "low",
    conversationId: CONVERSATION_ID,
    originator: "codex_exec",
    cliVersion: "0.1.0",
    backoffBaseMs: 1,
    env: { TERM: "xterm" },
    ...over,
  });
}

export function prompt(over: Partial<Prompt> = {}): Prompt {
  return {
    instructions: "You are a test assistant.",
    input: [
      { type: "message", role: "user", content: [{ type: "input_text", text: "Say hello." }] },
    ],
    tools: [],
    parallelToolCalls: true,
    ...over,
  };
}

export interface Drained {
  events: ResponseEvent[];
  error: ModelError | undefined;
}

export async function drain(
  client: ModelClient,
  p: Prompt = prompt(),
  signal: AbortSignal = new AbortController().signal,
): Promise<Drained> {
  const events: ResponseEvent[] = [];
  try {
    for await (const event of client.stream(p, signal)) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    if (error instanceof ModelError) return { events, error };
    throw error;
  }
}

/** The items of output_item_done events, in order. */
export function doneItems(events: ResponseEvent[]) {
  return events.flatMap((e) => (e.type === "output_item_done" ? [e.item] : []));
}
