// The TUI in a real pseudo-terminal against the mock model: prompt, streaming, queueing, history,
// paste, interrupt and quitting.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { plainAnswer, sse } from "../mock-server/index.js";
import { KEYS } from "./pty-harness.js";
import { lastUserText, startCase } from "./tui-helpers.js";

describe("tui session", () => {
  it("submits the PROMPT argument, streams Markdown, persists the rollout and quits on ctrl+c twice", async () => {
    const answer =
      "Here is **the plan**:\n\n1. first step\n2. second step\n\n```js\nconst answer = 42;\n```\n";
    const c = await startCase(
      [
        {
          sse: [
            sse.created("r1"),
            ...sse.textDeltas(answer.match(/[\s\S]{1,7}/g)!),
            sse.completed("r1"),
          ],
          delayMs: 5,
        },
      ],
      { args: ["explain the plan"] },
    );
    try {
      await c.tui.waitForText("› explain the plan");
      await c.tui.waitForText("const answer = 42;");
      await c.tui.waitForText("2. second step");
      await c.tui.waitForText("• Here is the plan:");
      await c.tui.waitForText("Ask Codex to do anything");
      expect(c.mock.requests[0]!.headers.originator).toBe("codex-tui");
      expect(lastUserText(c.mock)).toContain("explain the plan");
      c.tui.write(KEYS.ctrlC);
      await c.tui.waitForText("ctrl+c again to quit");
      c.tui.write(KEYS.ctrlC);
      expect(await c.tui.exited).toBe(0);
      await c.tui.waitForText("To continue this session, run codex resume", { anywhere: true });
      const sessions = path.join(c.ws.home, "sessions");
      expect(existsSync(sessions)).toBe(true);
      const found = readdirSync(sessions, { recursive: true }).map(String);
      expect(found.some((f) => f.endsWith(".jsonl"))).toBe(true);
    } finally {
      await c.close();
    }
  });

  it("a message typed while a turn runs is queued and sent as the next turn", async () => {
    const c = await startCase([
      {
        sse: [sse.created("r1"), ...sse.textDeltas(Array(40).fill("slow ")), sse.completed("r1")],
        delayMs: 40,
      },
      plainAnswer("second answer"),
    ]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("first");
      await c.tui.waitForText("esc to interrupt");
      await c.tui.submit("follow up");
      await c.tui.waitForText("↳ queued: follow up");
      await c.tui.waitForText("second answer");
      expect(c.mock.requests).toHaveLength(2);
      expect(lastUserText(c.mock)).toContain("follow up");
    } finally {
      await c.close();
    }
  });

  it("Esc interrupts a running turn", async () => {
    const c = await startCase([
      {
        sse: [sse.created("r1"), ...sse.textDeltas(Array(200).fill("word ")), sse.completed("r1")],
        delayMs: 50,
      },
    ]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("go");
      await c.tui.waitForText("esc to interrupt");
      c.tui.write(KEYS.escape);
      await c.tui.waitForText("Turn interrupted");
      await c.tui.waitForNoText("esc to interrupt");
    } finally {
      await c.close();
    }
  });

  it("Up recalls prompts from history.jsonl; Ctrl-D on an empty composer quits", async () => {
    const c = await startCase([plainAnswer("ok")], {
      config: (url, ws) => {
        writeFileSync(
          path.join(ws.home, "history.jsonl"),
          [
            { session_id: "s1", ts: 1, text: "older prompt" },
            { session_id: "s1", ts: 2, text: "newest prompt" },
          ]
            .map((e) => JSON.stringify(e) + "\n")
            .join(""),
        );
        return `model = "gpt-5.5"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "Mock"\nbase_url = "${url}"\nenv_key = "MOCK_API_KEY"\n[projects."${ws.work}"]\ntrust_level = "trusted"\n`;
      },
    });
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      c.tui.write(KEYS.up);
      await c.tui.waitForText("› newest prompt");
      c.tui.write(KEYS.up);
      await c.tui.waitForText("› older prompt");
      c.tui.write(KEYS.down);
      await c.tui.waitForText("› newest prompt");
      c.tui.write(KEYS.down);
      await c.tui.waitForText("Ask Codex to do anything");
      c.tui.write(KEYS.ctrlD);
      expect(await c.tui.exited).toBe(0);
    } finally {
      await c.close();
    }
  });

  it("a large bracketed paste shows as a placeholder and is expanded on send", async () => {
    const c = await startCase([plainAnswer("got it")]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      const big = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");
      await c.tui.type("summarise: ");
      c.tui.paste(big);
      await c.tui.waitForText("[Pasted 30 lines]");
      c.tui.write(KEYS.enter);
      await c.tui.waitForText("got it");
      const sent = lastUserText(c.mock);
      expect(sent).toContain("summarise: line 1\nline 2");
      expect(sent).toContain("line 30");
      expect(sent).not.toContain("[Pasted");
    } finally {
      await c.close();
    }
  });

  it("Shift-Enter and Ctrl-J insert newlines; Enter sends the multi-line message", async () => {
    const c = await startCase([plainAnswer("multi ok")]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.type("one");
      c.tui.write(KEYS.shiftEnter);
      await c.tui.type("two");
      c.tui.write(KEYS.ctrlJ);
      await c.tui.submit("three");
      await c.tui.waitForText("multi ok");
      expect(lastUserText(c.mock)).toContain("one\ntwo\nthree");
    } finally {
      await c.close();
    }
  });
});
