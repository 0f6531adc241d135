// First run in a folder (trust prompt), the API-key prompt, notifications, colours and resizing.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { plainAnswer } from "../mock-server/index.js";
import { mockConfig, runCli } from "../harness.js";
import { KEYS, startTui } from "./pty-harness.js";
import { TEST_CLI, startCase } from "./tui-helpers.js";

describe("tui onboarding", () => {
  it("asks to trust a new folder, records it with comments kept, and does not ask again", async () => {
    const c = await startCase([], {
      config: (url) =>
        `# my settings\n${mockConfig(url)}\n[notice]\nhide_full_access_warning = true\n\n[tui]\nanimations = false\n`,
    });
    try {
      await c.tui.waitForText("has not been used with Codex before");
      await c.tui.waitForText("› 2. Auto");
      c.tui.write("3");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.waitForText("sandbox:   danger-full-access");
      await c.tui.waitForText("approval:  never");
      const toml = readFileSync(path.join(c.ws.home, "config.toml"), "utf8");
      expect(toml).toContain("# my settings");
      expect(toml).toContain(`[projects."${c.ws.work}"]`);
      expect(toml).toMatch(/trust_level = "trusted"/);
      c.tui.write(KEYS.ctrlD);
      expect(await c.tui.exited).toBe(0);

      const again = startTui({ cwd: c.ws.work, home: c.ws.home, cli: TEST_CLI });
      try {
        await again.waitForText("Ask Codex to do anything");
        expect(again.allText()).not.toContain("has not been used with Codex before");
        // A trusted folder opens with the Auto preset.
        expect(again.screen()).toContain("sandbox:   workspace-write");
      } finally {
        again.kill();
        await again.exited;
      }
    } finally {
      await c.close();
    }
  });

  it("asks for an API key when none exists and stores it as codex login does", async () => {
    const c = await startCase([plainAnswer("keyed")], {
      config: (url, ws) =>
        `model = "gpt-5.5"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "Mock"\nbase_url = "${url}"\nrequires_openai_auth = true\n[projects."${ws.work}"]\ntrust_level = "trusted"\n`,
      env: { MOCK_API_KEY: undefined, OPENAI_API_KEY: undefined, CODEX_API_KEY: undefined },
    });
    try {
      await c.tui.waitForText("Sign in with an API key");
      c.tui.paste("sk-typed-in-the-tui");
      await c.tui.waitForText("•••");
      expect(c.tui.screen()).not.toContain("sk-typed");
      c.tui.write(KEYS.enter);
      await c.tui.waitForText("Ask Codex to do anything");
      const auth = JSON.parse(readFileSync(path.join(c.ws.home, "auth.json"), "utf8")) as Record<
        string,
        unknown
      >;
      expect(auth.OPENAI_API_KEY).toBe("sk-typed-in-the-tui");
      await c.tui.submit("hi");
      await c.tui.waitForText("keyed");
      expect(c.mock.requests[0]!.headers.authorization).toBe("Bearer sk-typed-in-the-tui");
    } finally {
      await c.close();
    }
  });

  it("sends a desktop notification when a turn completes while the terminal is unfocused", async () => {
    const c = await startCase([plainAnswer("all done here")], {
      env: { CODEX_TS_NOTIFICATION_METHOD: "osc9" },
    });
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      expect(c.tui.raw).toContain("\x1b[?1004h");
      await c.tui.type("work");
      c.tui.write("\x1b[O");
      c.tui.write(KEYS.enter);
      await c.tui.waitForText("all done here");
      await c.tui.waitFor(() => c.tui.raw.includes("\x1b]9;Codex: all done here\x07"), "OSC 9");
    } finally {
      await c.close();
    }
  });

  it("NO_COLOR output carries no colour codes", async () => {
    const c = await startCase([plainAnswer("plain **text** and `code`")], {
      env: { NO_COLOR: "1" },
      args: ["go"],
    });
    try {
      await c.tui.waitForText("plain text and code");
      expect(c.tui.raw).not.toMatch(/\x1b\[(3[0-7]|9[0-7]|38;)/);
    } finally {
      await c.close();
    }
  });

  it("works at 80x24 and keeps the composer usable after a resize", async () => {
    const c = await startCase([plainAnswer("resized answer")], { cols: 80, rows: 24 });
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      c.tui.resize(50, 20);
      await c.tui.submit("after resize");
      await c.tui.waitForText("resized answer");
      // Exactly one composer on screen: the old live region left nothing behind.
      await c.tui.waitFor(
        () =>
          c.tui.screenLines().filter((l) => l.includes("Ask Codex to do anything")).length === 1,
        "a single composer",
      );
      expect(c.tui.screenLines().every((l) => l.length <= 50)).toBe(true);
    } finally {
      await c.close();
    }
  });

  it("`codex PROMPT` without a terminal points to codex exec", async () => {
    const r = await runCli(["hello"], { cwd: process.cwd(), home: "/nonexistent" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("codex exec");
  });
});
