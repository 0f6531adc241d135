// The `codex exec --json` wire format: one ThreadEvent per stdout line. Field names and
// spellings follow Codex 0.169 (reference §9) so scripts written against Codex parse our output.

/** Token totals reported by `turn.completed` (thread-cumulative, as Codex reports them). */
export interface ThreadUsage {
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
}

export interface TodoEntry {
  text: string;
  completed: boolean;
}

export interface FileUpdateChange {
  path: string;
  kind: "add" | "delete" | "update";
}

export interface McpToolCallResultPayload {
  content: unknown[];
  structured_content: unknown;
}

/** The item payloads, discriminated by `type`; every item also carries `id` (`item_N`). */
export type ThreadItemDetails =
  | { type: "agent_message"; text: string }
  | { type: "reasoning"; text: string }
  | {
      type: "command_execution";
      command: string;
      aggregated_output: string;
      exit_code: number | null;
      status: "in_progress" | "completed" | "failed";
    }
  | {
      type: "file_change";
      changes: FileUpdateChange[];
      status: "in_progress" | "completed" | "failed";
    }
  | {
      type: "mcp_tool_call";
      server: string;
      tool: string;
      arguments: unknown;
      result: McpToolCallResultPayload | null;
      error: { message: string } | null;
      status: "in_progress" | "completed" | "failed";
    }
  | { type: "web_search"; query: string; action: { type: "search"; query: string } }
  | { type: "todo_list"; items: TodoEntry[] }
  | { type: "error"; message: string };

export type ThreadItem = { id: string } & ThreadItemDetails;

export type ThreadEvent =
  | { type: "thread.started"; thread_id: string }
  | { type: "turn.started" }
  | { type: "turn.completed"; usage: ThreadUsage }
  | { type: "turn.failed"; error: { message: string } }
  | { type: "item.started"; item: ThreadItem }
  | { type: "item.updated"; item: ThreadItem }
  | { type: "item.completed"; item: ThreadItem }
  | { type: "error"; message: string };
