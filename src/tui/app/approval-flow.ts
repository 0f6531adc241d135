// Pending approvals: one modal at a time, answered with the request's call id.
import type { Op, ReviewDecision } from "../../protocol/index.js";
import { ApprovalModal, decisionSummary } from "../approvals/approval-modal.js";
import { TextCell } from "../cells/notice.js";
import type { HistoryCell } from "../extension.js";
import type { KeyEvent } from "../terminal/keys.js";
import type { Theme } from "../terminal/theme.js";
import type { ChatState } from "./chat.js";
import type { Notifier } from "./notifications.js";

export class ApprovalFlow {
  modal: ApprovalModal | null = null;

  constructor(
    private readonly chat: () => ChatState,
    private readonly theme: Theme,
    private readonly notifier: Notifier,
    private readonly submit: (op: Op) => void,
    private readonly addCell: (cell: HistoryCell) => void,
  ) {}

  /** After an event: show the next request if none is open. */
  update(): void {
    if (!this.modal && this.chat().approvals.length > 0) this.next();
  }

  clear(): void {
    this.modal = null;
  }

  handleKey(k: KeyEvent): void {
    const d = this.modal?.handleKey(k);
    if (d) this.answer(d);
  }

  private next(): void {
    const req = this.chat().approvals[0];
    this.modal = req ? new ApprovalModal(req, this.theme) : null;
    if (req) {
      const what = req.kind === "exec" ? `run ${req.command.join(" ")}` : "apply a patch";
      this.notifier.notify("approval-requested", `Codex wants to ${what}`);
    }
  }

  private answer(decision: ReviewDecision): void {
    const approvals = this.chat().approvals;
    const req = approvals.shift();
    this.modal = null;
    if (!req) return;
    const type = req.kind === "exec" ? "exec_approval" : "patch_approval";
    this.submit({ type, id: req.callId, decision });
    this.chat().approvalAnswered(req.callId, decision);
    const summary = decisionSummary(req, decision, this.theme);
    this.addCell(new TextCell("approval", () => [summary]));
    if (decision === "abort") approvals.length = 0;
    this.next();
  }
}
