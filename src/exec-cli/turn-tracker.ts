// Turn bookkeeping shared by both output processors: did the turn fail, what was the last
// agent message, what are the thread-cumulative token totals. The rule for failure: an `error`
// event while a turn is running fails that turn (reference §8: fatal errors arrive as `error`,
// retries as `stream_error`).
import type { TokenUsage, TurnAbortReason } from "../protocol/index.js";
import type { ExecResult, TurnOutcome } from "./types.js";

export class TurnTracker {
  private turnOpen = false;
  private turnError: string | null = null;
  private lastMessageInTurn: string | null = null;
  private outcome: TurnOutcome = "none";
  private lastMessage: string | null = null;
  private failureMessage: string | null = null;
  /** Thread-cumulative usage from the latest `token_count`. */
  totalUsage: TokenUsage | null = null;

  get isTurnOpen(): boolean {
    return this.turnOpen;
  }

  /** The error that will fail the running turn, if one arrived. */
  get pendingTurnError(): string | null {
    return this.turnError;
  }

  turnStarted(): void {
    this.turnOpen = true;
    this.turnError = null;
    this.lastMessageInTurn = null;
  }

  error(message: string): void {
    if (this.turnOpen) this.turnError = message;
    else this.failureMessage ??= message;
  }

  agentMessage(text: string): void {
    this.lastMessageInTurn = text;
  }

  /** Returns the outcome of the turn that just ended. */
  turnComplete(lastAgentMessage: string | null): "completed" | "failed" {
    this.turnOpen = false;
    if (this.turnError !== null) {
      this.fail(this.turnError);
      return "failed";
    }
    this.outcome = "completed";
    this.failureMessage = null;
    this.lastMessage = lastAgentMessage ?? this.lastMessageInTurn;
    return "completed";
  }

  turnAborted(reason: TurnAbortReason): void {
    this.turnOpen = false;
    this.lastMessage = null;
    if (reason === "interrupted") {
      this.outcome = "interrupted";
    } else {
      this.fail(
        reason === "replaced" ? "turn replaced by a new task" : "turn aborted: review ended",
      );
    }
  }

  /** The stream ended while a turn was still running; returns that turn's failure message. */
  abandonOpenTurn(): string {
    const message = this.turnError ?? "the session ended before the turn completed";
    this.turnOpen = false;
    this.fail(message);
    return message;
  }

  result(): ExecResult {
    let exitCode: number;
    if (this.outcome === "completed") exitCode = 0;
    else if (this.outcome === "interrupted") exitCode = 130;
    else exitCode = 1;
    return {
      exitCode,
      lastMessage: this.outcome === "completed" ? this.lastMessage : null,
      outcome: this.outcome,
      errorMessage: this.outcome === "completed" ? null : this.failureMessage,
    };
  }

  private fail(message: string): void {
    this.outcome = "failed";
    this.failureMessage = message;
    this.lastMessage = null;
  }
}
