// Response items: the conversation history as the Responses API sees it. Wire names follow OpenAI.

/** One part of a message's content. */
export type ContentItem =
  /** Text the user (or the harness) sent. */
  | { type: "input_text"; text: string }
  /** An image, as a data: or https: URL. */
  | { type: "input_image"; image_url: string; detail?: "auto" | "low" | "high" }
  /** Text the model produced. */
  | { type: "output_text"; text: string; annotations?: unknown[] };

/** A reasoning summary part. */
export interface ReasoningSummaryPart {
  type: "summary_text";
  text: string;
}

/** Raw reasoning content part. */
export interface ReasoningContentPart {
  type: "reasoning_text" | "text";
  text: string;
}

/** Output of a tool call; text, or content items (e.g. images) for tools that return them. */
export type FunctionCallOutputBody = string | ContentItem[];

/** Local shell action (Responses built-in `local_shell`). */
export interface LocalShellAction {
  type: "exec";
  command: string[];
  timeout_ms?: number | null;
  working_directory?: string | null;
  env?: Record<string, string> | null;
  user?: string | null;
}

/** One item of conversation history. */
export type ResponseItem =
  /** A message from the user, developer, system or assistant. */
  | {
      type: "message";
      id?: string;
      role: "user" | "assistant" | "developer" | "system";
      content: ContentItem[];
      status?: string;
      phase?: string;
    }
  /** The model's reasoning (summaries, optionally encrypted content to replay). */
  | {
      type: "reasoning";
      id?: string;
      summary: ReasoningSummaryPart[];
      content?: ReasoningContentPart[] | null;
      encrypted_content?: string | null;
    }
  /** A JSON function tool call. */
  | {
      type: "function_call";
      id?: string;
      status?: string;
      name: string;
      namespace?: string;
      arguments: string;
      call_id: string;
    }
  /** The output of a function (or local shell) call. */
  | { type: "function_call_output"; id?: string; call_id: string; output: FunctionCallOutputBody }
  /** A freeform (grammar) tool call, e.g. apply_patch. */
  | {
      type: "custom_tool_call";
      id?: string;
      status?: string;
      call_id: string;
      name: string;
      namespace?: string;
      input: string;
    }
  /** The output of a custom tool call. */
  | {
      type: "custom_tool_call_output";
      id?: string;
      call_id: string;
      output: FunctionCallOutputBody;
    }
  /** The Responses built-in local shell call. */
  | {
      type: "local_shell_call";
      id?: string;
      call_id?: string | null;
      status: string;
      action: LocalShellAction;
    }
  /** A hosted web search the model ran. */
  | { type: "web_search_call"; id?: string; status?: string; action?: unknown };

export type ResponseItemType = ResponseItem["type"];

/** Token usage as reported by the model, normalised. */
export interface TokenUsage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
}

export const ZERO_USAGE: TokenUsage = {
  input_tokens: 0,
  cached_input_tokens: 0,
  output_tokens: 0,
  reasoning_output_tokens: 0,
  total_tokens: 0,
};

/** Rate-limit window read from `x-codex-*` headers. */
export interface RateLimitWindow {
  used_percent: number;
  window_minutes?: number | null;
  resets_at?: number | null;
}

export interface RateLimitSnapshot {
  primary?: RateLimitWindow | null;
  secondary?: RateLimitWindow | null;
}
