// The contract between the `codex exec` runner and the two output processors.
import type { Config } from "../config/types.js";
import type { Event } from "../protocol/index.js";

/** Where processors write. `process.stdout`/`process.stderr` satisfy it, and so does a test buffer. */
export interface TextSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** The parts of the resolved config the human header shows. A full `Config` fits. */
export type HeaderConfig = Pick<
  Config,
  | "cwd"
  | "model"
  | "modelProviderId"
  | "approvalPolicy"
  | "sandboxPolicy"
  | "modelReasoningEffort"
  | "modelReasoningSummary"
  | "modelFamily"
  | "hideAgentReasoning"
  | "showRawAgentReasoning"
>;

/** What the runner hands over once the session is configured. */
export interface HeaderSummary {
  config: HeaderConfig;
  sessionId: string;
  /** The final prompt text (after stdin was appended), echoed under `user`. */
  prompt: string;
  /** Printed as `codex-ts v<version>`; defaults to the package version. */
  version?: string;
}

/** How the last turn ended, as far as the processor saw it. */
export type TurnOutcome = "completed" | "failed" | "interrupted" | "none";

export interface ExecResult {
  /**
   * 0 when the last turn completed; 1 when a turn failed or no turn completed at all;
   * 130 when the last turn was interrupted (Ctrl-C).
   */
  exitCode: number;
  /** Last agent message of a completed turn (for `-o`); null on failure or interrupt. */
  lastMessage: string | null;
  outcome: TurnOutcome;
  /** The message of the error that failed the turn, if any. */
  errorMessage: string | null;
}

export interface EventProcessor {
  /** Called once the session is configured, before further events (JSONL prints nothing here). */
  printHeader(summary: HeaderSummary): void;
  /** Feed every core event, in order. */
  processEvent(ev: Event): void;
  /** Called once at the end; closes anything still open and prints the closing lines. */
  finish(): ExecResult;
}
