// Ops that answer questions or write shared files without starting a task: prompt history
// (seed-spec B3.74–B3.76) and custom prompts (B3.78).
import type { Config } from "../config/types.js";
import { appendHistoryEntry, historyMetadata, lookupHistoryEntry } from "../history/index.js";
import { listCustomPrompts } from "../prompts/index.js";
import type { EventOf } from "../protocol/index.js";

/** Append a prompt to history.jsonl per `[history]`; the caller does not wait (B3.74). */
export function appendPromptHistory(
  config: Config,
  sessionId: string,
  text: string,
  log: (message: string) => void,
): Promise<void> {
  return appendHistoryEntry({
    codexHome: config.codexHome,
    sessionId,
    text,
    persistence: config.history.persistence,
    maxBytes: config.history.maxBytes,
  }).catch((e: Error) => log(`failed to append to message history: ${e.message}`));
}

/** For SessionConfigured; an unreadable file counts as empty (the session must still start). */
export async function promptHistoryMetadata(
  config: Config,
  log: (message: string) => void,
): Promise<{ logId: number; entryCount: number }> {
  try {
    return await historyMetadata(config.codexHome);
  } catch (e) {
    log(`failed to read message history metadata: ${(e as Error).message}`);
    return { logId: 0, entryCount: 0 };
  }
}

export async function historyEntryResponse(
  config: Config,
  offset: number,
  logId: number,
): Promise<EventOf<"get_history_entry_response">> {
  const entry = await lookupHistoryEntry(config.codexHome, logId, offset);
  return { type: "get_history_entry_response", offset, log_id: logId, entry };
}

export async function customPromptsResponse(
  config: Config,
  cwd: string,
  log: (message: string) => void,
): Promise<EventOf<"list_custom_prompts_response">> {
  try {
    const prompts = await listCustomPrompts({ codexHome: config.codexHome, cwd });
    return { type: "list_custom_prompts_response", custom_prompts: prompts };
  } catch (e) {
    log(`failed to list custom prompts: ${(e as Error).message}`);
    return { type: "list_custom_prompts_response", custom_prompts: [] };
  }
}
