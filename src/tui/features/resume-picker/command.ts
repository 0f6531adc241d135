// `codex resume [SESSION_ID] [PROMPT] [--last] [--all]`: find the session (by id, the most
// recent, or with the picker) and start the TUI on it.
import { ConfigError, loadConfig } from "../../../config/index.js";
import type { InitialHistory } from "../../../core/index.js";
import { loadResumedHistory, ResumeError } from "../../../session/index.js";
import { toCliOverrides, type SessionFlags } from "../../../cli/shared-options.js";
import { pickSessionInTerminal } from "./standalone.js";

export interface ResumeFlags extends SessionFlags {
  last?: boolean;
  all?: boolean;
  altScreen?: boolean;
}

export const NO_TTY_MESSAGE =
  "Error: `codex resume` opens the interactive UI and needs a terminal (stdin and stdout must be a TTY).\n" +
  'To continue a session non-interactively, use `codex exec resume --last "your prompt"` ' +
  'or `codex exec resume <SESSION_ID> "your prompt"`.\n';

export type ResumeChoice =
  | { kind: "history"; history: InitialHistory & { kind: "resumed" } }
  | { kind: "cancelled" }
  | { kind: "error"; message: string };

/**
 * The session `codex resume` continues: by id, the most recent (`last`, this directory first
 * unless `all`), or the one chosen in the picker.
 */
export async function chooseResumeHistory(opts: {
  codexHome: string;
  cwd: string;
  id?: string;
  last?: boolean;
  all?: boolean;
}): Promise<ResumeChoice> {
  try {
    if (opts.id) {
      return {
        kind: "history",
        history: await loadResumedHistory(opts.codexHome, { id: opts.id }),
      };
    }
    if (opts.last) {
      return {
        kind: "history",
        history: await loadResumedHistory(opts.codexHome, {
          last: true,
          cwd: opts.cwd,
          all: opts.all,
        }),
      };
    }
    const session = await pickSessionInTerminal({
      codexHome: opts.codexHome,
      cwd: opts.cwd,
      all: opts.all ?? false,
    });
    if (!session) return { kind: "cancelled" };
    return {
      kind: "history",
      history: await loadResumedHistory(opts.codexHome, { id: session.id }),
    };
  } catch (err) {
    if (err instanceof ResumeError) return { kind: "error", message: err.message };
    throw err;
  }
}

export async function runResumeCommand(
  idOrPrompt: string | undefined,
  promptArg: string | undefined,
  flags: ResumeFlags,
): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(NO_TTY_MESSAGE);
    return 1;
  }
  // With --last there is no id: the first word is the prompt.
  const id = flags.last ? undefined : idOrPrompt;
  const prompt = flags.last ? (promptArg ?? idOrPrompt) : promptArg;
  let config;
  try {
    config = (await loadConfig({ cli: toCliOverrides(flags) })).config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const choice = await chooseResumeHistory({
    codexHome: config.codexHome,
    cwd: config.cwd,
    id,
    last: flags.last,
    all: flags.all,
  });
  if (choice.kind === "cancelled") return 0;
  if (choice.kind === "error") {
    process.stderr.write(
      `Error: ${choice.message}\nRun \`codex resume\` to pick from the saved sessions, or \`codex\` to start a new one.\n`,
    );
    return 1;
  }
  const { runTui } = await import("../../index.js");
  return runTui({ prompt, flags, initialHistory: choice.history });
}
