import { describe, expect, it } from "vitest";
import { key } from "../terminal/keys.js";
import { createTheme } from "../terminal/theme.js";
import { stripAnsi } from "../terminal/width.js";
import { ApprovalModal, decisionSummary, type ApprovalRequest } from "./approval-modal.js";

const theme = createTheme({ color: false, background: "dark" });
const exec: ApprovalRequest = {
  kind: "exec",
  callId: "c1",
  command: ["/bin/bash", "-lc", "rm -rf build"],
  cwd: "/repo",
  reason: "clean the build output",
};
const bigPatch: ApprovalRequest = {
  kind: "patch",
  callId: "p1",
  changes: {
    "/repo/a.txt": {
      type: "add",
      content: Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n"),
    },
  },
  cwd: "/repo",
  reason: null,
  grantRoot: null,
};

describe("ApprovalModal", () => {
  it("shows command, cwd and reason, and answers with one key", () => {
    const m = new ApprovalModal(exec, theme);
    const lines = m.render(80, 20).map(stripAnsi);
    expect(lines[0]).toBe("▲ Allow this command to run?");
    expect(lines).toContain("  clean the build output");
    expect(lines).toContain("  $ rm -rf build");
    expect(lines).toContain("  in /repo");
    expect(new ApprovalModal(exec, theme).handleKey(key("y"))).toBe("approved");
    expect(new ApprovalModal(exec, theme).handleKey(key("a"))).toBe("approved_for_session");
    expect(new ApprovalModal(exec, theme).handleKey(key("n"))).toBe("denied");
    expect(new ApprovalModal(exec, theme).handleKey(key("escape"))).toBe("abort");
    expect(new ApprovalModal(exec, theme).handleKey(key("c", { ctrl: true }))).toBe("abort");
  });

  it("Enter takes the selected option; arrows move the selection", () => {
    const m = new ApprovalModal(exec, theme);
    expect(m.handleKey(key("down"))).toBeNull();
    expect(m.handleKey(key("down"))).toBeNull();
    expect(m.handleKey(key("enter"))).toBe("denied");
  });

  it("scrolls a long diff inside the space it has", () => {
    const m = new ApprovalModal(bigPatch, theme);
    const first = m.render(80, 20).map(stripAnsi);
    expect(first.length).toBeLessThanOrEqual(20);
    expect(first.some((l) => l.includes("+line 0"))).toBe(true);
    expect(first.some((l) => /lines 1-\d+ of 51/.test(l))).toBe(true);
    m.handleKey(key("pagedown"));
    const after = m.render(80, 20).map(stripAnsi);
    expect(after.some((l) => l.includes("+line 0"))).toBe(false);
    expect(after.some((l) => l.includes("+line 10"))).toBe(true);
  });

  it("summarises the answer for the transcript", () => {
    expect(stripAnsi(decisionSummary(exec, "approved", theme))).toBe("✔ You approved rm -rf build");
    expect(stripAnsi(decisionSummary(bigPatch, "denied", theme))).toBe(
      "✗ You declined changes to 1 file(s)",
    );
  });
});
