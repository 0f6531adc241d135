// Approval modals in a real pseudo-terminal: approve a command, deny a patch, abort with Esc.
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import path from "node:path";
import { plainAnswer, sse } from "../mock-server/index.js";
import { mockConfig } from "../harness.js";
import { startCase } from "./tui-helpers.js";

const turn = (...events: ReturnType<typeof sse.functionCall>[]) => ({
  sse: [sse.created("r1"), ...events.flat(), sse.completed("r1")],
});

function outputs(requestBody: Record<string, unknown> | undefined): Record<string, string> {
  const input = (requestBody?.input ?? []) as Array<{
    type: string;
    call_id?: string;
    output?: unknown;
  }>;
  const out: Record<string, string> = {};
  for (const i of input) if (i.type.endsWith("_output")) out[i.call_id!] = String(i.output);
  return out;
}

describe("tui approvals", () => {
  it("approves a command with one key press", async () => {
    const c = await startCase(
      [
        turn(sse.functionCall("c1", "exec_command", JSON.stringify({ cmd: "touch approved.txt" }))),
        plainAnswer("created it"),
      ],
      { args: ["-a", "untrusted", "-s", "danger-full-access", "make the file"] },
    );
    try {
      await c.tui.waitForText("Allow this command to run?");
      await c.tui.waitForText("$ touch approved.txt");
      await c.tui.waitForText(`in ${c.ws.work}`);
      c.tui.write("y");
      await c.tui.waitForText("created it");
      expect(c.tui.allText()).toContain("✔ You approved touch approved.txt");
      expect(existsSync(path.join(c.ws.work, "approved.txt"))).toBe(true);
      expect(c.mock.violations).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("denies a patch: the file is not written and the model is told", async () => {
    const patch = "*** Begin Patch\n*** Add File: new.txt\n+hello from the patch\n*** End Patch\n";
    const c = await startCase(
      [turn(sse.customToolCall("p1", "apply_patch", patch)), plainAnswer("understood, no changes")],
      { args: ["-a", "on-request", "-s", "read-only", "add a file"] },
    );
    try {
      await c.tui.waitForText("Apply these changes?");
      await c.tui.waitForText("Added new.txt");
      await c.tui.waitForText("+hello from the patch");
      c.tui.write("n");
      await c.tui.waitForText("understood, no changes");
      expect(c.tui.allText()).toContain("✗ You declined changes to 1 file(s)");
      expect(existsSync(path.join(c.ws.work, "new.txt"))).toBe(false);
      expect(outputs(c.mock.requests[1]!.body).p1).toContain("patch rejected by user");
    } finally {
      await c.close();
    }
  });

  it("Esc in the modal aborts the turn", async () => {
    const c = await startCase(
      [turn(sse.functionCall("c1", "exec_command", JSON.stringify({ cmd: "touch nope.txt" })))],
      { args: ["-a", "untrusted", "-s", "danger-full-access", "try it"] },
    );
    try {
      await c.tui.waitForText("Allow this command to run?");
      c.tui.write("\x1b");
      await c.tui.waitForText("Turn interrupted");
      await c.tui.waitForText("Ask Codex to do anything");
      expect(existsSync(path.join(c.ws.work, "nope.txt"))).toBe(false);
    } finally {
      await c.close();
    }
  });

  it("runs a command under the sandbox without asking and shows its output cell", async () => {
    const c = await startCase(
      [
        turn(
          sse.functionCall(
            "c1",
            "exec_command",
            JSON.stringify({ cmd: "echo visible-output; exit 3" }),
          ),
        ),
        plainAnswer("it failed"),
      ],
      {
        config: (url, ws) =>
          `${mockConfig(url, 'sandbox_mode = "danger-full-access"\napproval_policy = "never"')}\n[projects."${ws.work}"]\ntrust_level = "trusted"\n`,
        args: ["run it"],
      },
    );
    try {
      await c.tui.waitForText("it failed");
      const text = c.tui.allText();
      expect(text).toContain("Ran echo visible-output; exit 3");
      expect(text).toContain("exit 3");
      expect(text).toContain("└ visible-output");
    } finally {
      await c.close();
    }
  });
});
