// What a slash command asks the app to do. Commands are pure functions from a SlashContext to
// a list of these, so each one is unit-testable; `apply-actions.ts` carries them out.
import type { Config } from "../../../config/types.js";
import type { Op } from "../../../protocol/index.js";
import type { SessionInfo } from "../../extension.js";

/** What commands read: a snapshot of the app's state when the command runs. */
export interface SlashContext {
  session: SessionInfo;
  config: Pick<Config, "codexHome" | "cwd" | "sandboxPolicy">;
  taskRunning: boolean;
}

/** One choice in a picker. */
export interface PickerItem {
  label: string;
  description?: string;
  /** Marks the current setting. */
  current?: boolean;
  /** What choosing it does (possibly opening the next picker). */
  actions: SlashAction[] | (() => Promise<SlashAction[]>);
}

export interface Picker {
  title: string;
  /** Shown under the title (e.g. how to pass arguments instead). */
  hint?: string;
  items: PickerItem[];
  /** Shown when `items` is empty. */
  emptyText?: string;
}

export type SlashAction =
  /** Submit an op to the core. */
  | { type: "op"; op: Op }
  /** Send text as the user's next message. */
  | { type: "send_message"; text: string }
  /** Insert text at the composer's cursor. */
  | { type: "insert"; text: string }
  /** Replace the composer's text (cursor at the end). */
  | { type: "set_composer"; text: string }
  /** Show lines in the transcript as an information cell. */
  | { type: "info"; lines: string[] }
  /** Show an error cell. */
  | { type: "error"; message: string }
  /** Let the user choose. */
  | { type: "picker"; picker: Picker }
  /** Open the session picker (`/resume`). */
  | { type: "resume_picker" }
  /** Wait for the reply to `list_mcp_tools` and show it. */
  | { type: "show_mcp_tools" };

/** Registered commands of this module. */
export interface FeatureCommand {
  name: string;
  description: string;
  availableDuringTask?: boolean;
  run(ctx: SlashContext, args: string): SlashAction[] | Promise<SlashAction[]>;
}

export function busyError(name: string): SlashAction {
  return {
    type: "error",
    message: `'/${name}' is disabled while a task is in progress. Wait for it to finish or press Esc to interrupt it.`,
  };
}
