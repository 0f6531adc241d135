// The history invariant every request must satisfy: each tool call has exactly one output, after
// it, of the matching kind, and no output lacks its call. The real API rejects such histories.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null;
}

const OUTPUT_FOR: Record<string, string> = {
  function_call: "function_call_output",
  local_shell_call: "function_call_output",
  custom_tool_call: "custom_tool_call_output",
};

interface Call {
  label: string;
  outputKind: string;
  outputs: number;
}

/** Violations in a Responses `input` array (empty when the history is well formed). */
export function responsesInputViolations(input: unknown[]): string[] {
  const violations: string[] = [];
  const calls = new Map<string, Call>();
  input.forEach((item, i) => {
    if (!isObject(item) || typeof item.type !== "string") return;
    const outputKind = OUTPUT_FOR[item.type];
    if (outputKind) {
      const callId =
        typeof item.call_id === "string"
          ? item.call_id
          : typeof item.id === "string"
            ? item.id
            : "";
      const label = `${item.type} "${String(item.name ?? "")}" (call_id ${callId}) at input[${i}]`;
      if (callId === "") violations.push(`${label} has no call_id`);
      else if (calls.has(callId)) violations.push(`duplicate call_id: ${label}`);
      else calls.set(callId, { label, outputKind, outputs: 0 });
      return;
    }
    if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
      const callId = String(item.call_id ?? "");
      const call = calls.get(callId);
      if (!call) {
        violations.push(`${item.type} at input[${i}] has no earlier call with call_id ${callId}`);
      } else if (call.outputKind !== item.type) {
        violations.push(
          `${item.type} at input[${i}] answers ${call.label}, which needs ${call.outputKind}`,
        );
      } else if (++call.outputs > 1) {
        violations.push(`second output for ${call.label} at input[${i}]`);
      }
    }
  });
  for (const call of calls.values()) {
    if (call.outputs === 0) violations.push(`${call.label} has no output`);
  }
  return violations;
}

/** Violations in a Chat Completions `messages` array. */
export function chatMessagesViolations(messages: unknown[]): string[] {
  const violations: string[] = [];
  const calls = new Map<string, Call>();
  messages.forEach((message, i) => {
    if (!isObject(message)) return;
    if (message.role === "assistant" && Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        const id = isObject(call) && typeof call.id === "string" ? call.id : "";
        const name = isObject(call) && isObject(call.function) ? String(call.function.name) : "";
        const label = `tool call "${name}" (id ${id}) at messages[${i}]`;
        if (id === "") violations.push(`${label} has no id`);
        else if (calls.has(id)) violations.push(`duplicate tool call id: ${label}`);
        else calls.set(id, { label, outputKind: "tool", outputs: 0 });
      }
    } else if (message.role === "tool") {
      const id = String(message.tool_call_id ?? "");
      const call = calls.get(id);
      if (!call)
        violations.push(`tool message at messages[${i}] has no earlier call with id ${id}`);
      else if (++call.outputs > 1)
        violations.push(`second tool message for ${call.label} at messages[${i}]`);
    }
  });
  for (const call of calls.values()) {
    if (call.outputs === 0) violations.push(`${call.label} has no tool message`);
  }
  return violations;
}

/** Checks whichever history the body carries. */
export function requestViolations(body: unknown): string[] {
  if (!isObject(body)) return [];
  if (Array.isArray(body.input)) return responsesInputViolations(body.input);
  if (Array.isArray(body.messages)) return chatMessagesViolations(body.messages);
  return [];
}
