// A saved history may end mid-turn (a crash between writing a tool call and its output).
// Models reject a call without an output, so a resumed or forked history gets the same
// "aborted" output an interrupt would have produced, and stray outputs are dropped.
import type { ResponseItem } from "../protocol/index.js";

const ABORTED_OUTPUT = "aborted";

function callIdOf(item: ResponseItem): string | null {
  if (item.type === "function_call" || item.type === "custom_tool_call") return item.call_id;
  if (item.type === "local_shell_call") return item.call_id ?? null;
  return null;
}

function outputIdOf(item: ResponseItem): string | null {
  if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
    return item.call_id;
  }
  return null;
}

export function repairCallPairs(history: readonly ResponseItem[]): ResponseItem[] {
  const outputs = new Set<string>();
  for (const item of history) {
    const id = outputIdOf(item);
    if (id !== null) outputs.add(id);
  }
  const calls = new Set<string>();
  const repaired: ResponseItem[] = [];
  for (const item of history) {
    const outputId = outputIdOf(item);
    if (outputId !== null && !calls.has(outputId)) continue;
    repaired.push(item);
    const callId = callIdOf(item);
    if (callId === null) continue;
    calls.add(callId);
    if (!outputs.has(callId)) {
      repaired.push(
        item.type === "custom_tool_call"
          ? { type: "custom_tool_call_output", call_id: callId, output: ABORTED_OUTPUT }
          : { type: "function_call_output", call_id: callId, output: ABORTED_OUTPUT },
      );
    }
  }
  return repaired;
}
