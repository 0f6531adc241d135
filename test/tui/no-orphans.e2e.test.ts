// The TUI's exit paths end the processes its session started: quitting, SIGTERM, and SIGHUP (the
// terminal went away). Checked with /proc (a `sleep <marker>` left running through exec_command).
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, sse } from "../mock-server/index.js";
import { killMarked, processesWithMarker, sleepMarker, survivors } from "../proc-scan.js";
import { KEYS } from "./pty-harness.js";
import { startCase, trustedConfig } from "./tui-helpers.js";

function backgroundSleepTurn(mark: string) {
  return {
    sse: [
      sse.created("r1"),
      ...sse.functionCall(
        "c1",
        "exec_command",
        JSON.stringify({ cmd: `sleep ${mark} & sleep ${mark}`, yield_time_ms: 300 }),
      ),
      sse.completed("r1"),
    ],
  };
}

const CONFIG = 'sandbox_mode = "danger-full-access"\napproval_policy = "never"';

// Cleanup runs in afterEach, so even a test that times out leaves nothing running.
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startWithBackgroundSleep(mark: string) {
  const c = await startCase([backgroundSleepTurn(mark), plainAnswer("left it running")], {
    config: (url, ws) => trustedConfig(url, ws.work, CONFIG),
    args: ["start something in the background"],
  });
  cleanups.push(async () => {
    killMarked(mark);
    await c.close();
  });
  await c.tui.waitForText("left it running");
  await c.tui.waitForText("Ask Codex to do anything");
  expect(processesWithMarker(mark).length).toBeGreaterThanOrEqual(2);
  return c;
}

describe("tui: no process outlives it", () => {
  it("quitting (Ctrl-D) ends a background exec_command session", async () => {
    const mark = sleepMarker();
    const c = await startWithBackgroundSleep(mark);
    c.tui.write(KEYS.ctrlD);
    expect(await c.tui.exited).toBe(0);
    expect(await survivors(mark)).toEqual([]);
  });

  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    it(`${signal} restores the terminal, ends the session's processes and exits ${code}`, async () => {
      const mark = sleepMarker();
      const c = await startWithBackgroundSleep(mark);
      c.tui.pty.kill(signal);
      expect(await c.tui.exited).toBe(code);
      expect(await survivors(mark)).toEqual([]);
    });
  }
});
