// Pure conversions from the core's event payloads to item-model values (src/protocol/thread-items).
import type {
  CommandAction,
  CommandExecutionSource,
  EventOf,
  FileChange,
  FileUpdateChange,
  ItemUserInput,
  ParsedCommand,
  ThreadItem,
  UserInput,
} from "../../protocol/index.js";
import { formatCommandForDisplay } from "../../shell/display.js";

export function commandActions(parsed: readonly ParsedCommand[]): CommandAction[] {
  return parsed.map((p): CommandAction => {
    switch (p.type) {
      case "read":
        return { type: "read", command: p.cmd, name: p.name, path: p.path ?? p.name };
      case "list_files":
        return { type: "listFiles", command: p.cmd, path: p.path ?? null };
      case "search":
        return { type: "search", command: p.cmd, query: p.query ?? null, path: p.path ?? null };
      default:
        return { type: "unknown", command: p.cmd };
    }
  });
}

const SOURCES: Record<string, CommandExecutionSource> = {
  agent: "agent",
  user_shell: "userShell",
  unified_exec_startup: "unifiedExecStartup",
  unified_exec_interaction: "unifiedExecInteraction",
};

export function commandSource(source: string | undefined): CommandExecutionSource {
  return SOURCES[source ?? "agent"] ?? "agent";
}

/** A command item as it starts (from its approval request or its begin event). */
export function commandItem(
  callId: string,
  argv: readonly string[],
  cwd: string,
  parsed: readonly ParsedCommand[],
  source?: string,
): Extract<ThreadItem, { type: "commandExecution" }> {
  return {
    type: "commandExecution",
    id: callId,
    command: formatCommandForDisplay(argv),
    cwd,
    processId: null,
    source: commandSource(source),
    status: "inProgress",
    commandActions: commandActions(parsed),
    aggregatedOutput: null,
    exitCode: null,
    durationMs: null,
  };
}

export function fileUpdateChanges(changes: Record<string, FileChange>): FileUpdateChange[] {
  return Object.entries(changes).map(([path, c]): FileUpdateChange => {
    if (c.type === "add") return { path, kind: { type: "add" }, diff: c.content };
    if (c.type === "delete") return { path, kind: { type: "delete" }, diff: c.content };
    return { path, kind: { type: "update", move_path: c.move_path }, diff: c.unified_diff };
  });
}

export function itemUserInput(items: readonly UserInput[]): ItemUserInput[] {
  return items.map((i): ItemUserInput => {
    if (i.type === "text") return { type: "text", text: i.text, text_elements: [] };
    if (i.type === "image") return { type: "image", url: i.image_url };
    return { type: "localImage", path: i.path };
  });
}

export function mcpItemEnd(
  msg: EventOf<"mcp_tool_call_end">,
): Extract<ThreadItem, { type: "mcpToolCall" }> {
  const base = {
    type: "mcpToolCall" as const,
    id: msg.call_id,
    server: msg.invocation.server,
    tool: msg.invocation.tool,
    arguments: msg.invocation.arguments ?? null,
    durationMs: msg.duration_ms,
  };
  if ("Err" in msg.result) {
    return { ...base, status: "failed", result: null, error: { message: msg.result.Err } };
  }
  // A CallToolResult in the SDK's camelCase or Codex's snake_case; anything else reads as empty.
  const ok: Record<string, unknown> =
    typeof msg.result.Ok === "object" && msg.result.Ok !== null
      ? (msg.result.Ok as Record<string, unknown>)
      : {};
  const content = Array.isArray(ok.content) ? (ok.content as unknown[]) : [];
  const structuredContent = ok.structuredContent ?? ok.structured_content ?? null;
  const isError = ok.isError === true || ok.is_error === true;
  const result = { content, structuredContent };
  return { ...base, status: isError ? "failed" : "completed", result, error: null };
}

/** Decode a base64 output chunk; invalid UTF-8 becomes U+FFFD rather than failing. */
export function decodeChunk(chunk: string): string {
  return Buffer.from(chunk, "base64").toString("utf8");
}

/** An item whose approval was refused. */
export function declined(item: ThreadItem): ThreadItem {
  if (item.type === "commandExecution" || item.type === "fileChange") {
    return { ...item, status: "declined" };
  }
  return unfinished(item);
}

/** An item its task left open: tools failed; messages keep what streamed. */
export function unfinished(item: ThreadItem): ThreadItem {
  switch (item.type) {
    case "commandExecution":
    case "fileChange":
    case "mcpToolCall":
      return { ...item, status: "failed" };
    default:
      return item;
  }
}

// The other way, for front-ends that render items with cells written for the core's shapes.

/** A file change item's changes as the core's `path → FileChange` map (`fileUpdateChanges`⁻¹). */
export function fileChangesOf(changes: readonly FileUpdateChange[]): Record<string, FileChange> {
  const out: Record<string, FileChange> = {};
  for (const c of changes) {
    if (c.kind.type === "update") {
      out[c.path] = { type: "update", unified_diff: c.diff, move_path: c.kind.move_path };
    } else out[c.path] = { type: c.kind.type, content: c.diff };
  }
  return out;
}

/** A command item's actions as the core's `ParsedCommand`s (`commandActions`⁻¹). */
export function parsedCommandsOf(actions: readonly CommandAction[]): ParsedCommand[] {
  return actions.map((a): ParsedCommand => {
    switch (a.type) {
      case "read":
        return { type: "read", cmd: a.command, name: a.name, path: a.path };
      case "listFiles":
        return { type: "list_files", cmd: a.command, path: a.path };
      case "search":
        return { type: "search", cmd: a.command, query: a.query, path: a.path };
      default:
        return { type: "unknown", cmd: a.command };
    }
  });
}
