// The item model (src/protocol/thread-items.ts) as `codex exec --json` prints it: Codex 0.169's
// exec JSONL has its own, older item shapes (snake_case, `item_N` ids assigned by the printer),
// so each model item that has a JSONL twin is converted here; the others print nothing.
import type { ThreadItem } from "../protocol/index.js";
import type { FileUpdateChange, ThreadItemDetails } from "./thread-events.js";

type ToolItem = Extract<ThreadItem, { type: "commandExecution" | "fileChange" | "mcpToolCall" }>;

/** Items printed as `item.started` … `item.completed` (tools); the rest print once, completed. */
export function isToolItem(item: ThreadItem): item is ToolItem {
  return (
    item.type === "commandExecution" || item.type === "fileChange" || item.type === "mcpToolCall"
  );
}

/** A tool item's JSONL details. A refused (declined) call prints as failed, as in Codex. */
export function toolDetails(item: ToolItem): ThreadItemDetails {
  const status =
    item.status === "inProgress"
      ? "in_progress"
      : item.status === "completed"
        ? "completed"
        : "failed";
  switch (item.type) {
    case "commandExecution":
      return {
        type: "command_execution",
        command: item.command,
        aggregated_output: item.aggregatedOutput ?? "",
        exit_code: item.exitCode,
        status,
      };
    case "fileChange":
      return { type: "file_change", changes: fileChanges(item.changes), status };
    case "mcpToolCall":
      return {
        type: "mcp_tool_call",
        server: item.server,
        tool: item.tool,
        arguments: item.arguments ?? null,
        result: item.result
          ? {
              content: item.result.content,
              structured_content: item.result.structuredContent ?? null,
            }
          : null,
        error: item.error,
        status,
      };
  }
}

/**
 * A completed message, reasoning or web search item's JSONL details; null for items Codex's
 * exec JSONL does not show (user messages, compactions, review markers, image views, plans) and
 * for reasoning without summary text.
 */
export function completedOnlyDetails(item: ThreadItem): ThreadItemDetails | null {
  switch (item.type) {
    case "agentMessage":
      return { type: "agent_message", text: item.text };
    case "reasoning": {
      // One reasoning item's summary parts are joined by a newline (reference §9).
      const text = item.summary.join("\n");
      return text.trim() === "" ? null : { type: "reasoning", text };
    }
    case "webSearch":
      return {
        type: "web_search",
        query: item.query,
        action: { type: "search", query: item.query },
      };
    default:
      return null;
  }
}

/** Codex lists a patch's files sorted by path, whatever their order in the patch. */
function fileChanges(
  changes: Extract<ThreadItem, { type: "fileChange" }>["changes"],
): FileUpdateChange[] {
  return changes
    .map((c) => ({ path: c.path, kind: c.kind.type }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
