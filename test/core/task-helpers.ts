// Helpers for session-level tests: conversations with real rollout persistence, and readers
// for what the mock model was sent.
import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/types.js";
import {
  BASE_INSTRUCTIONS,
  ConversationManager,
  type InitialHistory,
  type NewConversation,
} from "../../src/core/index.js";
import type { ResponseItem } from "../../src/protocol/index.js";
import { createRolloutPersistence } from "../../src/rollout/session-persistence.js";
import { buildToolRegistry } from "../../src/tools/index.js";
import type { RecordedRequest } from "../mock-server/index.js";
import { mockConfig, writeConfig, type Workspace } from "../harness.js";

/** The user submits `text`. */
export const say = (text: string) => ({
  type: "user_input" as const,
  items: [{ type: "text" as const, text }],
});

export interface SessionSetup {
  extraToml?: string;
  /** Write a rollout file (default: ephemeral). */
  persist?: boolean;
  initialHistory?: InitialHistory;
  originator?: string;
  /** The `client` of notify payloads (the TUI sets "codex-tui"). */
  notifyClient?: string;
  env?: NodeJS.ProcessEnv;
}

export async function testConfig(ws: Workspace, url: string, extraToml = ""): Promise<Config> {
  writeConfig(ws.home, mockConfig(url, extraToml));
  const { config } = await loadConfig({
    cli: { cwd: ws.work },
    env: { ...process.env, CODEX_HOME: ws.home },
  });
  return config;
}

export async function startSession(
  ws: Workspace,
  url: string,
  setup: SessionSetup = {},
): Promise<NewConversation> {
  const config = await testConfig(ws, url, setup.extraToml);
  return new ConversationManager().newConversation({
    config,
    apiKey: "sk-test",
    originator: setup.originator ?? "codex_exec",
    notifyClient: setup.notifyClient,
    buildTools: buildToolRegistry,
    initialHistory: setup.initialHistory,
    env: setup.env,
    log: process.env.CODEX_TS_TEST_LOG
      ? (m) => process.stderr.write(`[session] ${m}\n`)
      : undefined,
    createPersistence: setup.persist
      ? (id, initial) =>
          createRolloutPersistence(
            {
              config,
              originator: "codex_exec",
              source: "exec",
              cliVersion: "0.0.0-test",
              baseInstructions: BASE_INSTRUCTIONS,
            },
            id,
            initial,
          )
      : undefined,
  });
}

export function requestInput(req: RecordedRequest | undefined): ResponseItem[] {
  if (!req?.body) throw new Error("no such request");
  return req.body.input as ResponseItem[];
}

/** The text of each message of a request's input, in order (`role: text`). */
export function messageTexts(req: RecordedRequest | undefined): string[] {
  return requestInput(req).flatMap((item) =>
    item.type === "message"
      ? [
          `${item.role}: ${item.content
            .map((c) => (c.type === "input_text" || c.type === "output_text" ? c.text : ""))
            .join("")}`,
        ]
      : [],
  );
}

export function contextLengthExceeded(): { status: number; body: unknown } {
  return {
    status: 400,
    body: {
      error: {
        type: "invalid_request_error",
        code: "context_length_exceeded",
        message: "Your input exceeds the context window of this model.",
      },
    },
  };
}
