// Chat Completions request: history → messages, ToolSpecs → function tools. Custom (freeform)
// tools become functions with one string argument `input`, so every provider can call them.
import type { ContentItem, FunctionCallOutputBody, ResponseItem } from "../protocol/index.js";
import { OUTPUT_SCHEMA_NAME } from "./responses-request.js";
import type { ModelClientOptions, Prompt, ToolSpec } from "./types.js";

type ChatContentPart =
  { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

export interface ChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: "system" | "user"; content: string | ChatContentPart[] }
  | { role: "assistant"; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string | ChatContentPart[] };

function parts(content: ContentItem[]): ChatContentPart[] {
  return content.map((c) =>
    c.type === "input_image"
      ? { type: "image_url", image_url: { url: c.image_url } }
      : { type: "text", text: c.text },
  );
}

/** Plain string unless an image forces the array form (not every server accepts arrays). */
function contentOf(content: ContentItem[]): string | ChatContentPart[] {
  if (content.some((c) => c.type === "input_image")) return parts(content);
  return content.map((c) => (c.type === "input_image" ? "" : c.text)).join("");
}

function outputContent(output: FunctionCallOutputBody): string | ChatContentPart[] {
  return typeof output === "string" ? output : contentOf(output);
}

/** Appends a tool call to the open assistant message, or opens one. */
function pushToolCall(messages: ChatMessage[], call: ChatToolCall): void {
  const last = messages[messages.length - 1];
  if (last?.role === "assistant") {
    (last.tool_calls ??= []).push(call);
    return;
  }
  messages.push({ role: "assistant", content: null, tool_calls: [call] });
}

export function chatMessages(instructions: string, input: ResponseItem[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (instructions !== "") messages.push({ role: "system", content: instructions });
  for (const item of input) {
    switch (item.type) {
      case "message": {
        if (item.role === "assistant") {
          const text = item.content.map((c) => (c.type === "input_image" ? "" : c.text)).join("");
          messages.push({ role: "assistant", content: text });
        } else {
          // Ollama, vLLM and LM Studio accept "system" everywhere; "developer" is OpenAI-only.
          const role = item.role === "user" ? "user" : "system";
          messages.push({ role, content: contentOf(item.content) });
        }
        break;
      }
      case "function_call":
        pushToolCall(messages, {
          id: item.call_id,
          type: "function",
          function: { name: item.name, arguments: item.arguments },
        });
        break;
      case "custom_tool_call":
        pushToolCall(messages, {
          id: item.call_id,
          type: "function",
          function: { name: item.name, arguments: JSON.stringify({ input: item.input }) },
        });
        break;
      case "local_shell_call":
        pushToolCall(messages, {
          id: item.call_id ?? item.id ?? "",
          type: "function",
          function: { name: "local_shell", arguments: JSON.stringify(item.action) },
        });
        break;
      case "function_call_output":
      case "custom_tool_call_output":
        messages.push({
          role: "tool",
          tool_call_id: item.call_id,
          content: outputContent(item.output),
        });
        break;
      case "reasoning":
      case "web_search_call":
        break;
    }
  }
  return messages;
}

function customToolDescription(spec: Extract<ToolSpec, { type: "custom" }>): string {
  if (spec.format.type !== "grammar") return spec.description;
  return (
    `${spec.description}\n\nPass the raw text as the \`input\` argument; it must match this ` +
    `Lark grammar:\n${spec.format.definition}`
  );
}

export function chatTools(tools: ToolSpec[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const spec of tools) {
    if (spec.type === "function") {
      out.push({
        type: "function",
        function: { name: spec.name, description: spec.description, parameters: spec.parameters },
      });
    } else if (spec.type === "custom") {
      out.push({
        type: "function",
        function: {
          name: spec.name,
          description: customToolDescription(spec),
          parameters: {
            type: "object",
            properties: { input: { type: "string", description: "The raw tool input." } },
            required: ["input"],
            additionalProperties: false,
          },
        },
      });
    }
    // web_search and local_shell are Responses built-ins with no chat equivalent.
  }
  return out;
}

type ChatBodyOptions = Pick<ModelClientOptions, "model" | "family" | "effort" | "maxOutputTokens">;

export function chatBody(prompt: Prompt, o: ChatBodyOptions): Record<string, unknown> {
  const tools = chatTools(prompt.tools);
  const body: Record<string, unknown> = {
    model: o.model,
    messages: chatMessages(prompt.instructions, prompt.input),
  };
  if (tools.length > 0) {
    body.tools = tools;
    body.tool_choice = "auto";
    body.parallel_tool_calls = prompt.parallelToolCalls;
  }
  if (o.family.supportsReasoningSummaries && o.effort !== null && o.effort !== "none") {
    body.reasoning_effort = o.effort;
  }
  if (prompt.outputSchema !== undefined) {
    body.response_format = {
      type: "json_schema",
      json_schema: { name: OUTPUT_SCHEMA_NAME, strict: true, schema: prompt.outputSchema },
    };
  }
  if (o.maxOutputTokens !== undefined && o.maxOutputTokens !== null) {
    body.max_tokens = o.maxOutputTokens;
  }
  body.stream = true;
  body.stream_options = { include_usage: true };
  return body;
}
