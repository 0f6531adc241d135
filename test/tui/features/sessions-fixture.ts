// Saved sessions on disk for the resume picker tests: real rollout files in a temp CODEX_HOME.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { rolloutPathFor } from "../../../src/rollout/index.js";

export interface FixtureSession {
  id: string;
  cwd: string;
  when: Date;
  messages: string[];
}

/** A UUIDv7-shaped id whose time prefix is `when` (find-by-id looks in that day's folder). */
export function idFor(when: Date, n: number): string {
  const hex = when.getTime().toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-${String(n).padStart(12, "0")}`;
}

export function writeSession(codexHome: string, s: FixtureSession): string {
  const file = rolloutPathFor(codexHome, s.when, s.id);
  mkdirSync(path.dirname(file), { recursive: true });
  const ts = s.when.toISOString();
  const lines: unknown[] = [
    {
      timestamp: ts,
      type: "session_meta",
      payload: {
        id: s.id,
        timestamp: ts,
        cwd: s.cwd,
        originator: "codex-tui",
        cli_version: "0.1.0",
        source: "cli",
      },
    },
  ];
  for (const [i, text] of s.messages.entries()) {
    lines.push(
      {
        timestamp: ts,
        type: "response_item",
        payload: { type: "message", role: "user", content: [{ type: "input_text", text }] },
      },
      { timestamp: ts, type: "event_msg", payload: { type: "user_message", message: text } },
      {
        timestamp: ts,
        type: "response_item",
        payload: {
          type: "message",
          role: "assistant",
          content: [{ type: "output_text", text: `answer ${i + 1}` }],
        },
      },
      {
        timestamp: ts,
        type: "event_msg",
        payload: { type: "agent_message", message: `answer ${i + 1}` },
      },
    );
  }
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return file;
}
