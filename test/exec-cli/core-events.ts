// Builders for the core events a real `codex exec` run produces, in the order the core emits
// them, so the output tests read like the reference scenarios.
import type {
  Event,
  EventMsg,
  FileChange,
  SandboxPolicy,
  TokenUsage,
} from "../../src/protocol/index.js";

export const THREAD_ID = "01a1fc60-c39a-7eb2-b4e4-37fea82f7e82";

let nextId = 0;
export function ev(msg: EventMsg): Event {
  return { id: String(nextId++), msg };
}

export function sessionConfigured(
  cwd: string,
  sandbox: SandboxPolicy = { type: "read-only" },
): EventMsg {
  return {
    type: "session_configured",
    session_id: THREAD_ID,
    model: "gpt-5.5",
    model_provider_id: "mock",
    approval_policy: "never",
    sandbox_policy: sandbox,
    cwd,
    reasoning_effort: null,
    history_log_id: 0,
    history_entry_count: 0,
    initial_messages: null,
    rollout_path: null,
  };
}

export function usage(
  input: number,
  cached: number,
  output: number,
  reasoning: number,
): TokenUsage {
  return {
    input_tokens: input,
    cached_input_tokens: cached,
    output_tokens: output,
    reasoning_output_tokens: reasoning,
    total_tokens: input + output,
  };
}

export function tokenCount(total: TokenUsage): EventMsg {
  return {
    type: "token_count",
    info: { total_token_usage: total, last_token_usage: total, model_context_window: 258_400 },
    rate_limits: null,
  };
}

/** A user turn opening: task_started plus the UserMessage item. */
export function turnStart(prompt: string): EventMsg[] {
  return [
    { type: "task_started", model_context_window: 258_400 },
    { type: "user_message", message: prompt },
    {
      type: "item_completed",
      thread_id: THREAD_ID,
      turn_id: "turn-1",
      item: { type: "UserMessage", id: "u1", content: [{ type: "text", text: prompt }] },
    },
  ];
}

/** A streamed assistant message: deltas, the item, then the legacy event. */
export function agentMessage(text: string, id = "msg_1"): EventMsg[] {
  const half = Math.ceil(text.length / 2);
  return [
    {
      type: "item_started",
      thread_id: THREAD_ID,
      turn_id: "turn-1",
      item: { type: "AgentMessage", id, content: [] },
    },
    { type: "agent_message_delta", delta: text.slice(0, half) },
    { type: "agent_message_delta", delta: text.slice(half) },
    {
      type: "item_completed",
      thread_id: THREAD_ID,
      turn_id: "turn-1",
      item: { type: "AgentMessage", id, content: [{ type: "Text", text }] },
    },
    { type: "agent_message", message: text },
  ];
}

/**
 * A reasoning item with summary parts, streamed, then one legacy event per part (and, as with
 * `show_raw_agent_reasoning`, one per raw content part).
 */
export function reasoning(parts: string[], id = "rs_1", raw: string[] = []): EventMsg[] {
  const out: EventMsg[] = [];
  parts.forEach((part, i) => {
    if (i > 0) out.push({ type: "agent_reasoning_section_break" });
    out.push({ type: "agent_reasoning_delta", delta: part });
  });
  out.push({
    type: "item_completed",
    thread_id: THREAD_ID,
    turn_id: "turn-1",
    item: { type: "Reasoning", id, summary_text: parts, raw_content: raw },
  });
  for (const part of parts) out.push({ type: "agent_reasoning", text: part });
  for (const text of raw) out.push({ type: "agent_reasoning_raw_content", text });
  return out;
}

/** A hosted web search as the core reports it: the turn item, then the legacy event. */
export function webSearch(callId: string, query: string): EventMsg[] {
  return [
    {
      type: "item_completed",
      thread_id: THREAD_ID,
      turn_id: "turn-1",
      item: { type: "WebSearch", id: callId, query },
    },
    { type: "web_search_end", call_id: callId, query },
  ];
}

export function execBegin(callId: string, cmd: string, cwd: string): EventMsg {
  return {
    type: "exec_command_begin",
    call_id: callId,
    command: ["/bin/bash", "-lc", cmd],
    cwd,
    parsed_cmd: [{ type: "unknown", cmd }],
    source: "agent",
  };
}

export function execEnd(
  callId: string,
  cmd: string,
  cwd: string,
  output: string,
  exitCode: number,
  ms = 3,
): EventMsg {
  return {
    type: "exec_command_end",
    call_id: callId,
    command: ["/bin/bash", "-lc", cmd],
    cwd,
    stdout: output,
    stderr: "",
    aggregated_output: output,
    exit_code: exitCode,
    duration_ms: ms,
    formatted_output: output,
  };
}

export function exec(
  callId: string,
  cmd: string,
  cwd: string,
  output: string,
  exitCode = 0,
  ms = 3,
): EventMsg[] {
  return [
    execBegin(callId, cmd, cwd),
    {
      type: "exec_command_output_delta",
      call_id: callId,
      stream: "stdout",
      chunk: Buffer.from(output).toString("base64"),
    },
    execEnd(callId, cmd, cwd, output, exitCode, ms),
  ];
}

export function patch(
  callId: string,
  changes: Record<string, FileChange>,
  success = true,
): EventMsg[] {
  const summary = Object.entries(changes)
    .map(([p, c]) => `${c.type === "add" ? "A" : c.type === "delete" ? "D" : "M"} ${p}`)
    .join("\n");
  return [
    { type: "patch_apply_begin", call_id: callId, auto_approved: true, changes },
    {
      type: "patch_apply_end",
      call_id: callId,
      stdout: success ? `Success. Updated the following files:\n${summary}\n` : "",
      stderr: success ? "" : "apply_patch verification failed: Failed to find expected lines",
      success,
      changes,
    },
    { type: "turn_diff", unified_diff: "diff --git a/x b/x\n" },
  ];
}

export function taskComplete(last: string | null): EventMsg {
  return { type: "task_complete", last_agent_message: last };
}
