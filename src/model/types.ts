// The model client's public shapes: what callers send (Prompt, ToolSpec) and what they get back
// (ResponseEvent). Both wires (Responses and Chat Completions) produce the same events.
import type { ModelFamily, ModelProviderInfo } from "../config/types.js";
import type {
  RateLimitSnapshot,
  ReasoningEffort,
  ReasoningSummary,
  ResponseItem,
  TokenUsage,
  Verbosity,
} from "../protocol/index.js";

/** A tool offered to the model, in Responses API form. */
export type ToolSpec =
  | {
      type: "function";
      name: string;
      description: string;
      strict: boolean;
      parameters: Record<string, unknown>;
    }
  | {
      type: "custom";
      name: string;
      description: string;
      format: { type: "grammar"; syntax: "lark"; definition: string } | { type: "text" };
    }
  | { type: "web_search" }
  | { type: "local_shell" };

/** Everything one model request needs. The same Prompt may be streamed again on retry. */
export interface Prompt {
  /** Base instructions, sent as the top-level `instructions` (Responses) or the system message (chat). */
  instructions: string;
  /** Full conversation history. */
  input: ResponseItem[];
  tools: ToolSpec[];
  parallelToolCalls: boolean;
  /** JSON schema the final answer must follow (`--output-schema`). */
  outputSchema?: unknown;
}

/** What a stream yields, in order. Only `output_item_done` items belong in history. */
export type ResponseEvent =
  /** The server accepted the request. */
  | { type: "created" }
  /** An output item started; for display only (its content is incomplete). */
  | { type: "output_item_added"; item: ResponseItem }
  /** A finished output item: authoritative. */
  | { type: "output_item_done"; item: ResponseItem }
  | { type: "output_text_delta"; delta: string }
  | { type: "reasoning_summary_delta"; delta: string }
  /** A new reasoning summary section begins. */
  | { type: "reasoning_summary_part_added" }
  /** Raw reasoning text (gpt-oss, or chat providers' `reasoning_content`). */
  | { type: "reasoning_content_delta"; delta: string }
  /** Rate-limit headers of the response; comes first when present. */
  | { type: "rate_limits"; snapshot: RateLimitSnapshot }
  /** The stream finished; always the last event. */
  | { type: "completed"; responseId: string; usage: TokenUsage | null };

export interface ModelClientOptions {
  provider: ModelProviderInfo;
  /** Key of the provider in `model_providers` (used in error hints). */
  providerId: string;
  /** Bearer token; no `authorization` header is sent when absent. */
  apiKey?: string;
  model: string;
  family: ModelFamily;
  effort: ReasoningEffort | null;
  summary: ReasoningSummary;
  verbosity: Verbosity | null;
  /** Thread id: sent as `session-id`, `thread-id`, `x-client-request-id` and `prompt_cache_key`. */
  conversationId: string;
  /** `codex_exec` for exec, `codex-tui` for the TUI. */
  originator: string;
  cliVersion: string;
  maxOutputTokens?: number | null;
  /** Environment for `env_http_headers` and the user agent's terminal; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Base of the exponential HTTP retry backoff (default 200 ms); tests make it small. */
  backoffBaseMs?: number;
}
