import { describe, expect, it } from "vitest";
import { Notifier, notificationAllowed, notificationMethod } from "./notifications.js";

describe("notifications", () => {
  it("only notify while unfocused, per tui.notifications", () => {
    let out = "";
    const n = new Notifier((s) => (out += s), ["agent-turn-complete"], "osc9");
    expect(n.notify("agent-turn-complete", "done")).toBe(false);
    n.setFocused(false);
    expect(n.notify("approval-requested", "approve?")).toBe(false);
    expect(n.notify("agent-turn-complete", "done\nnow")).toBe(true);
    expect(out).toBe("\x1b]9;done now\x07");
  });

  it("falls back to BEL where OSC 9 is not known to work", () => {
    let out = "";
    const n = new Notifier((s) => (out += s), true, "bel");
    n.setFocused(false);
    n.notify("approval-requested", "x");
    expect(out).toBe("\x07");
    expect(notificationMethod({ TERM_PROGRAM: "iTerm.app" })).toBe("osc9");
    expect(notificationMethod({ TERM: "xterm-256color" })).toBe("bel");
    expect(notificationAllowed(false, "agent-turn-complete")).toBe(false);
  });
});
