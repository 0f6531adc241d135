// Esc-Esc backtrack as a pure state machine. Esc on an empty composer (no turn running) primes
// it; a second Esc opens the transcript preview on the last user message; each further Esc
// steps to an older one (Left/Right also move); Enter forks the conversation there; q closes.

export type BacktrackState =
  | { mode: "idle" }
  | { mode: "primed" }
  /** `selected` indexes the transcript's user messages, 0 = the oldest. */
  | { mode: "preview"; selected: number; count: number };

export type BacktrackEvent =
  | { type: "escape"; composerEmpty: boolean; taskRunning: boolean; userMessages: number }
  | { type: "enter" }
  | { type: "older" }
  | { type: "newer" }
  | { type: "close" }
  /** Any other key while primed. */
  | { type: "other" };

export type BacktrackEffect =
  | { type: "show_hint" }
  | { type: "hide_hint" }
  | { type: "open_preview"; selected: number }
  | { type: "select"; selected: number }
  | { type: "close_preview" }
  | { type: "fork"; selected: number };

export interface BacktrackStep {
  state: BacktrackState;
  effects: BacktrackEffect[];
  /** Whether the key that caused the event was used (and must not reach anything else). */
  consumed: boolean;
}

export const IDLE: BacktrackState = { mode: "idle" };

export function backtrackStep(state: BacktrackState, event: BacktrackEvent): BacktrackStep {
  switch (state.mode) {
    case "idle":
      if (
        event.type === "escape" &&
        event.composerEmpty &&
        !event.taskRunning &&
        event.userMessages > 0
      ) {
        return { state: { mode: "primed" }, effects: [{ type: "show_hint" }], consumed: true };
      }
      return { state, effects: [], consumed: false };

    case "primed":
      if (event.type === "escape") {
        if (!event.composerEmpty || event.taskRunning || event.userMessages === 0) {
          return { state: IDLE, effects: [{ type: "hide_hint" }], consumed: false };
        }
        const selected = event.userMessages - 1;
        return {
          state: { mode: "preview", selected, count: event.userMessages },
          effects: [{ type: "hide_hint" }, { type: "open_preview", selected }],
          consumed: true,
        };
      }
      // Anything else cancels priming and goes on to wherever it was headed.
      return { state: IDLE, effects: [{ type: "hide_hint" }], consumed: false };

    case "preview":
      switch (event.type) {
        case "escape":
        case "older": {
          const selected = Math.max(0, state.selected - 1);
          return {
            state: { ...state, selected },
            effects: selected === state.selected ? [] : [{ type: "select", selected }],
            consumed: true,
          };
        }
        case "newer": {
          const selected = Math.min(state.count - 1, state.selected + 1);
          return {
            state: { ...state, selected },
            effects: selected === state.selected ? [] : [{ type: "select", selected }],
            consumed: true,
          };
        }
        case "enter":
          return {
            state: IDLE,
            effects: [{ type: "close_preview" }, { type: "fork", selected: state.selected }],
            consumed: true,
          };
        case "close":
          return { state: IDLE, effects: [{ type: "close_preview" }], consumed: true };
        case "other":
          return { state, effects: [], consumed: true };
      }
  }
}
