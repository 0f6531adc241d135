import { describe, expect, it } from "vitest";
import { IDLE, backtrackStep, type BacktrackEvent, type BacktrackState } from "./state.js";

const esc = (over: Partial<Extract<BacktrackEvent, { type: "escape" }>> = {}): BacktrackEvent => ({
  type: "escape",
  composerEmpty: true,
  taskRunning: false,
  userMessages: 3,
  ...over,
});

function run(events: BacktrackEvent[], start: BacktrackState = IDLE) {
  let state = start;
  const effects: string[] = [];
  const consumed: boolean[] = [];
  for (const ev of events) {
    const step = backtrackStep(state, ev);
    state = step.state;
    consumed.push(step.consumed);
    for (const e of step.effects)
      effects.push("selected" in e ? `${e.type}:${e.selected}` : e.type);
  }
  return { state, effects, consumed };
}

describe("backtrack state machine", () => {
  it("Esc on an empty composer primes; a second Esc opens the preview at the last user message", () => {
    const r = run([esc(), esc()]);
    expect(r.effects).toEqual(["show_hint", "hide_hint", "open_preview:2"]);
    expect(r.state).toEqual({ mode: "preview", selected: 2, count: 3 });
    expect(r.consumed).toEqual([true, true]);
  });

  it("further Esc steps to older messages and stops at the oldest", () => {
    const r = run([esc(), esc(), esc(), esc(), esc()]);
    expect(r.effects.slice(3)).toEqual(["select:1", "select:0"]);
    expect(r.state).toMatchObject({ selected: 0 });
    expect(r.consumed.every(Boolean)).toBe(true);
  });

  it("newer moves back toward the last message", () => {
    const r = run([esc(), esc(), esc(), { type: "newer" }, { type: "newer" }]);
    expect(r.state).toMatchObject({ selected: 2 });
    expect(r.effects.slice(3)).toEqual(["select:1", "select:2"]);
  });

  it("Enter forks at the selected message and returns to idle", () => {
    const r = run([esc(), esc(), esc(), { type: "enter" }]);
    expect(r.effects.slice(-2)).toEqual(["close_preview", "fork:1"]);
    expect(r.state).toEqual(IDLE);
  });

  it("closing the preview forks nothing", () => {
    const r = run([esc(), esc(), { type: "close" }]);
    expect(r.effects.at(-1)).toBe("close_preview");
    expect(r.effects).not.toContain("fork:2");
    expect(r.state).toEqual(IDLE);
  });

  it("does not prime with text in the composer, during a turn, or without user messages", () => {
    for (const ev of [
      esc({ composerEmpty: false }),
      esc({ taskRunning: true }),
      esc({ userMessages: 0 }),
    ]) {
      const r = run([ev]);
      expect(r.state).toEqual(IDLE);
      expect(r.consumed).toEqual([false]);
      expect(r.effects).toEqual([]);
    }
  });

  it("any other key cancels priming and is passed on", () => {
    const r = run([esc(), { type: "other" }]);
    expect(r.state).toEqual(IDLE);
    expect(r.effects).toEqual(["show_hint", "hide_hint"]);
    expect(r.consumed).toEqual([true, false]);
  });

  it("a second Esc after the composer filled up (or a turn started) does not open the preview", () => {
    const r = run([esc(), esc({ taskRunning: true })]);
    expect(r.state).toEqual(IDLE);
    expect(r.consumed).toEqual([true, false]);
  });
});
