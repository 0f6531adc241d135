// Builds a real in-process conversation (real config loader, real tools) against the mock model.
import { loadConfig } from "../../src/config/index.js";
import { ConversationManager, type NewConversation } from "../../src/core/index.js";
import type { Event, EventMsg } from "../../src/protocol/index.js";
import { buildToolRegistry } from "../../src/tools/index.js";
import { mockConfig, writeConfig, type Workspace } from "../harness.js";

export async function startConversation(
  ws: Workspace,
  mockUrl: string,
  cli: Parameters<typeof loadConfig>[0]["cli"] = {},
  extraToml = "",
): Promise<NewConversation> {
  writeConfig(ws.home, mockConfig(mockUrl, extraToml));
  const { config } = await loadConfig({
    cli: { cwd: ws.work, ...cli },
    env: { ...process.env, CODEX_HOME: ws.home },
  });
  return new ConversationManager().newConversation({
    config,
    apiKey: "sk-test",
    originator: "codex_exec",
    buildTools: buildToolRegistry,
  });
}

/** Read events until one matches; returns every event read (including the match). */
export async function eventsUntil(
  conv: NewConversation["conversation"],
  pred: (msg: EventMsg) => boolean,
): Promise<Event[]> {
  const seen: Event[] = [];
  for (;;) {
    const ev = await conv.nextEvent();
    if (!ev)
      throw new Error(
        `session ended before the expected event; saw: ${seen.map((e) => e.msg.type).join(", ")}`,
      );
    seen.push(ev);
    if (pred(ev.msg)) return seen;
  }
}
