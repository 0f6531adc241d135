import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { agentTurnCompletePayload, runNotify } from "../../src/notify/index.js";

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-notify-")));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("runNotify", () => {
  it("runs the program with its args and the JSON payload last, without secrets", async () => {
    const script = path.join(root, "notify.sh");
    const out = path.join(root, "out");
    writeFileSync(
      script,
      `#!/bin/sh\nprintf '%s\\n' "$#" "$1" > "${out}.tmp"\nfor last; do :; done\nprintf '%s' "$last" >> "${out}.tmp"\nprintf '\\n%s' "\${MY_API_KEY:-unset}" >> "${out}.tmp"\nmv "${out}.tmp" "${out}"\n`,
    );
    chmodSync(script, 0o755);
    const payload = agentTurnCompletePayload({
      threadId: "t-1",
      turnId: "7",
      cwd: "/w",
      inputMessages: ["Rename foo", "and bar"],
      lastAssistantMessage: "Done.",
    });
    const child = runNotify([script, "--flag"], payload, {
      env: { ...process.env, MY_API_KEY: "sk-secret" },
    });
    expect(child).not.toBeNull();
    const code = await new Promise((resolve) => child!.on("exit", resolve));
    expect(code).toBe(0);
    const [argc, first, json, key] = readFileSync(out, "utf8").split("\n");
    expect(argc).toBe("2");
    expect(first).toBe("--flag");
    expect(JSON.parse(json!)).toEqual({
      type: "agent-turn-complete",
      "thread-id": "t-1",
      "turn-id": "7",
      cwd: "/w",
      "input-messages": ["Rename foo", "and bar"],
      "last-assistant-message": "Done.",
    });
    expect(key).toBe("unset");
  });

  it("reports a missing program once instead of throwing", async () => {
    const messages: string[] = [];
    const missing = path.join(root, "no-such-notifier");
    const payload = agentTurnCompletePayload({
      threadId: "t",
      turnId: "1",
      cwd: "/",
      inputMessages: [],
      lastAssistantMessage: null,
    });
    for (let i = 0; i < 2; i++) {
      const child = runNotify([missing], payload, { log: (m) => messages.push(m) });
      await new Promise((resolve) => child!.on("error", resolve));
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(missing);
    expect(messages[0]).toContain("not found");
    expect(messages[0]).toContain("notify");
  });

  it("puts `client` (when there is one) after cwd, in Codex's key order", () => {
    const payload = agentTurnCompletePayload({
      threadId: "t",
      turnId: "u",
      cwd: "/w",
      client: "codex-tui",
      inputMessages: ["hi"],
      lastAssistantMessage: "ok",
    });
    expect(JSON.stringify(payload)).toBe(
      '{"type":"agent-turn-complete","thread-id":"t","turn-id":"u","cwd":"/w","client":"codex-tui",' +
        '"input-messages":["hi"],"last-assistant-message":"ok"}',
    );
  });

  it("does nothing for an empty notify setting", () => {
    const payload = agentTurnCompletePayload({
      threadId: "t",
      turnId: "1",
      cwd: "/",
      inputMessages: [],
      lastAssistantMessage: undefined,
    });
    expect(payload["last-assistant-message"]).toBeNull();
    expect(runNotify([], payload)).toBeNull();
  });
});
