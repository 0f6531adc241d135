// Part B's features in the real TUI, in a pseudo-terminal against the mock model: `@` file
// search, slash commands with pickers, Esc-Esc backtrack and fork, overlays.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainAnswer } from "../../mock-server/index.js";
import { KEYS } from "../pty-harness.js";
import { lastUserText, startCase } from "../tui-helpers.js";

type Input = { role?: string; content?: { text?: string }[] };
const userTexts = (body: unknown): string[] =>
  (((body as { input?: Input[] })?.input ?? []) as Input[])
    .filter((i) => i.role === "user")
    .map((i) => (i.content ?? []).map((c) => c.text ?? "").join(""))
    .filter((t) => !t.startsWith("<") && !t.startsWith("# AGENTS.md"));

describe("tui features", () => {
  it("@ opens fuzzy file search; Tab inserts the chosen path", async () => {
    const c = await startCase([plainAnswer("done")]);
    try {
      mkdirSync(path.join(c.ws.work, "src", "deep"), { recursive: true });
      writeFileSync(path.join(c.ws.work, "src", "deep", "widgetFactory.ts"), "");
      writeFileSync(path.join(c.ws.work, "src", "other.ts"), "");
      mkdirSync(path.join(c.ws.work, "ignored"));
      writeFileSync(path.join(c.ws.work, "ignored", "widgetFactory.ts"), "");
      writeFileSync(path.join(c.ws.work, ".gitignore"), "ignored/\n");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.type("look at @wfac");
      await c.tui.waitForText("› src/deep/widgetFactory.ts");
      expect(c.tui.screen()).not.toContain("ignored/widgetFactory.ts");
      c.tui.write(KEYS.tab);
      await c.tui.waitForText("look at src/deep/widgetFactory.ts");
      await c.tui.submit("please");
      await c.tui.waitForText("done");
      expect(lastUserText(c.mock)).toContain("look at src/deep/widgetFactory.ts please");
    } finally {
      await c.close();
    }
  });

  it("Esc closes the file popup and leaves the text as typed", async () => {
    const c = await startCase([]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.type("@hello");
      await c.tui.waitForText("› hello.txt");
      c.tui.write(KEYS.escape);
      await c.tui.waitForNoText("› hello.txt");
      expect(c.tui.screen()).toContain("@hello");
    } finally {
      await c.close();
    }
  });

  it("/ lists commands; /model picks a model and effort used by the next request", async () => {
    const c = await startCase([plainAnswer("ok")]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.type("/mo");
      await c.tui.waitForText("/model");
      c.tui.write(KEYS.enter);
      await c.tui.waitForText("Select a model");
      await c.tui.waitForText("gpt-5.5 (current)");
      c.tui.write(KEYS.down);
      await c.tui.waitForText("› 2. gpt-6-astra");
      c.tui.write(KEYS.enter);
      await c.tui.waitForText("Reasoning effort for gpt-6-astra");
      c.tui.write("4");
      await c.tui.waitForText("Model set to gpt-6-astra (reasoning effort: high).");
      await c.tui.submit("hi");
      await c.tui.waitForText("ok");
      const body = c.mock.requests.at(-1)!.body as {
        model: string;
        reasoning?: { effort?: string };
      };
      expect(body.model).toBe("gpt-6-astra");
      expect(body.reasoning?.effort).toBe("high");
    } finally {
      await c.close();
    }
  });

  it("/approvals switches to Full Access", async () => {
    const c = await startCase([]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("/approvals");
      await c.tui.waitForText("Approval mode");
      c.tui.write("3");
      await c.tui.waitForText("Approval mode set to Full Access");
      await c.tui.submit("/status");
      await c.tui.waitForText(/Approval:\s+never/);
    } finally {
      await c.close();
    }
  });

  it("/mcp without servers says how to add one", async () => {
    const c = await startCase([]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("/mcp");
      await c.tui.waitForText("No MCP servers are configured.");
    } finally {
      await c.close();
    }
  });

  it("Esc Esc edits a previous message: the fork drops later turns and resubmits", async () => {
    const c = await startCase([
      plainAnswer("answer one"),
      plainAnswer("answer two"),
      plainAnswer("answer again"),
    ]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("first question");
      await c.tui.waitForText("answer one");
      await c.tui.submit("second question");
      await c.tui.waitForText("answer two");
      await c.tui.waitForText("Ask Codex to do anything");
      c.tui.write(KEYS.escape);
      await c.tui.waitForText("Esc again to edit a previous message");
      c.tui.write(KEYS.escape);
      await c.tui.waitForText("Edit a previous message");
      await c.tui.waitForText("▌ › second question");
      c.tui.write(KEYS.escape);
      await c.tui.waitForText("▌ › first question");
      c.tui.write(KEYS.enter);
      await c.tui.waitForNoText("Edit a previous message");
      await c.tui.waitForText("› first question");
      // The composer holds the message again; the transcript no longer shows the later turns.
      await c.tui.waitForNoText("answer one");
      expect(c.tui.allText()).not.toContain("second question");
      await c.tui.submit(" (edited)");
      await c.tui.waitForText("answer again");
      expect(userTexts(c.mock.requests.at(-1)!.body)).toEqual(["first question (edited)"]);
    } finally {
      await c.close();
    }
  });

  it("Ctrl-T opens the transcript overlay with search; q restores the view", async () => {
    const c = await startCase([plainAnswer("the needle is here")]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("find it");
      await c.tui.waitForText("the needle is here");
      c.tui.write(KEYS.ctrlT);
      await c.tui.waitForText("Transcript");
      c.tui.write("/needle");
      await c.tui.waitForText("/needle");
      c.tui.write(KEYS.enter);
      await c.tui.waitForText("match 1/1");
      c.tui.write("q");
      await c.tui.waitForNoText("match 1/1");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.waitForText("the needle is here");
    } finally {
      await c.close();
    }
  });

  it("? on an empty composer shows help", async () => {
    const c = await startCase([]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      c.tui.write("?");
      await c.tui.waitForText("Esc Esc");
      await c.tui.waitForText("/approvals");
      c.tui.write(KEYS.escape);
      await c.tui.waitForText("Ask Codex to do anything");
    } finally {
      await c.close();
    }
  });
});
