// What the app draws: the live region (status, queue, popup, composer, footer or the approval
// modal), overlays on the alternate screen, and the lines left behind on exit.
import type { Composer } from "../composer/composer.js";
import type { Popup, SessionInfo } from "../extension.js";
import type { ApprovalModal } from "../approvals/approval-modal.js";
import type { TokenUsageInfo } from "../../protocol/index.js";
import type { Frame } from "../terminal/screen.js";
import type { Theme } from "../terminal/theme.js";
import { stringWidth, truncate } from "../terminal/width.js";
import { footerLine, statusLine } from "../status/status-line.js";
import type { ChatState } from "./chat.js";

export interface LiveFrameInput {
  width: number;
  rows: number;
  theme: Theme;
  now: number;
  tick: number;
  ready: boolean;
  chat: ChatState;
  modal: ApprovalModal | null;
  queuedText: readonly string[];
  popup: Popup | null;
  composer: Composer;
  hint: string | null;
}

export const IDLE_PLACEHOLDER = "Ask Codex to do anything";
export const BUSY_PLACEHOLDER = "Type to queue a message for the next turn";

export function liveFrame(i: LiveFrameInput): Frame {
  const { width, theme: t, chat } = i;
  const lines = chat.liveLines(width, i.now, i.tick);
  if (!i.ready) {
    // Keys typed now reach the composer; it is shown once the session (and features) are up.
    return { lines: ["", t.dim("  Starting session…")] };
  }
  if (i.modal) {
    lines.push("", ...i.modal.render(width, Math.max(8, i.rows - 2)));
    return { lines };
  }
  if (chat.taskRunning) {
    lines.push(
      "",
      statusLine(width, t, {
        header: chat.statusHeader,
        elapsedMs: i.now - chat.taskStartedAt,
        tick: i.tick,
      }),
    );
  }
  for (const q of i.queuedText) {
    lines.push(t.dim(truncate(`  ↳ queued: ${q.replace(/\n/g, " ")}`, width)));
  }
  if (i.popup) lines.push(...i.popup.render(width));
  else lines.push("");
  const view = i.composer.render(width, t, chat.taskRunning ? BUSY_PLACEHOLDER : IDLE_PLACEHOLDER);
  const top = lines.length;
  lines.push(...view.lines);
  lines.push(
    footerLine(width, t, {
      hint: i.hint,
      contextLeft: chat.contextLeft,
      running: chat.taskRunning,
    }),
  );
  return { lines, cursor: { row: top + view.cursorRow, col: Math.min(view.cursorCol, width - 1) } };
}

/** One full repaint of the alternate screen, inside a synchronized-output block. */
export function overlayOutput(lines: string[], columns: number, rows: number): string {
  let s = "\x1b[?2026h\x1b[?25l\x1b[H";
  lines.slice(0, rows).forEach((l, i, all) => {
    const fitted = stringWidth(l) > columns ? truncate(l, columns) : l;
    s +=
      fitted +
      (stringWidth(fitted) >= columns ? "" : "\x1b[K") +
      (i < all.length - 1 ? "\r\n" : "");
  });
  if (lines.length < rows) s += "\r\n\x1b[J";
  return s + "\x1b[?2026l";
}

/** Token usage and how to resume, printed when the TUI exits. */
export function exitSummary(
  theme: Theme,
  info: TokenUsageInfo | null,
  session: SessionInfo | undefined,
): string[] {
  const lines: string[] = [""];
  if (info && info.total_token_usage.total_tokens > 0) {
    const u = info.total_token_usage;
    const cached = u.cached_input_tokens ? ` (+ ${u.cached_input_tokens} cached)` : "";
    lines.push(
      theme.dim(
        `Token usage: total=${u.total_tokens} input=${u.input_tokens}${cached} output=${u.output_tokens}`,
      ),
    );
  }
  if (session?.rolloutPath) {
    lines.push(theme.dim(`To continue this session, run codex resume ${session.sessionId}`));
  }
  return lines;
}
