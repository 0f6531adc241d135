// MCP servers' questions in the TUI: each `elicitation_request` opens a form (or, for a URL, a
// prompt to open it) on the alternate screen; the answer goes back as Op::ResolveElicitation and
// a line in the transcript says what was answered. Requests queue up one at a time; a turn that
// ends takes its open questions with it (the core has already cancelled them).
import type { EventMsg } from "../../../protocol/index.js";
import type { InputEvent, Overlay, TuiApi } from "../../extension.js";
import { FeatureInfoCell } from "../ui/cells.js";
import { ElicitationForm, type FormOutcome } from "./form.js";

type Request = Extract<EventMsg, { type: "elicitation_request" }> & { eventId: string };

const ANSWERED: Record<FormOutcome["action"], string> = {
  accept: "accepted",
  decline: "declined",
  cancel: "cancelled",
};

export function installElicitation(api: TuiApi): () => void {
  const queue: Request[] = [];
  let current: { req: Request; form: ElicitationForm } | null = null;

  const answer = (outcome: FormOutcome) => {
    if (!current) return;
    const { req } = current;
    current = null;
    api.closeOverlay();
    api.submit({
      type: "resolve_elicitation",
      server_name: req.server_name,
      request_id: req.id,
      decision: outcome.action,
      ...(outcome.action === "accept" && outcome.content ? { content: outcome.content } : {}),
    });
    if (outcome.action === "accept" && req.request.mode === "url")
      void import("../../../mcp/client/browser.js").then((b) =>
        b.openBrowser(req.request.mode === "url" ? req.request.url : "", process.env),
      );
    api.addCell(
      new FeatureInfoCell(
        [
          `MCP server \`${req.server_name}\` asked: ${req.request.message} (${ANSWERED[outcome.action]})`,
        ],
        api.theme,
      ),
    );
    showNext();
  };

  const overlay: Overlay = {
    render(width, height) {
      const lines = current?.form.render(width, api.theme) ?? [];
      return lines.slice(0, height);
    },
    handleInput(ev: InputEvent) {
      if (!current) return;
      if (ev.type === "paste") current.form.paste(ev.text);
      if (ev.type !== "key") return api.requestRedraw();
      const outcome = current.form.handleKey(ev);
      if (outcome) answer(outcome);
      else api.requestRedraw();
    },
  };

  const showNext = () => {
    if (current) return;
    const req = queue.shift();
    if (!req) return;
    current = { req, form: new ElicitationForm(req.server_name, req.request) };
    api.openOverlay(overlay);
  };

  const off = api.onEvent((ev) => {
    if (ev.msg.type === "elicitation_request") {
      queue.push({ ...ev.msg, eventId: ev.id });
      showNext();
      return;
    }
    if (ev.msg.type === "task_complete" || ev.msg.type === "turn_aborted") {
      // The core cancelled whatever this turn still had open.
      for (let i = queue.length - 1; i >= 0; i--)
        if (queue[i]?.eventId === ev.id) queue.splice(i, 1);
      if (current?.req.eventId === ev.id) {
        current = null;
        api.closeOverlay();
        showNext();
      }
    }
  });
  return off;
}
