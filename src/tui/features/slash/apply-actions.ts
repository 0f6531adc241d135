// Carries out what slash commands return, against the running app.
import type { EventOf, Op } from "../../../protocol/index.js";
import type { TuiApi } from "../../extension.js";
import { FeatureErrorCell, FeatureInfoCell } from "../ui/cells.js";
import type { PopupSlot } from "../ui/popup-slot.js";
import type { PickerItem, SlashAction } from "./actions.js";
import { formatMcpTools } from "./commands/mcp.js";
import { PickerPopup } from "./picker-popup.js";

const PICKER_OWNER = "picker";

export interface ActionDeps {
  api: TuiApi;
  slot: PopupSlot;
  /** Opens the session picker (`/resume`). */
  openResumePicker(): void;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function applySlashActions(deps: ActionDeps, actions: SlashAction[]): Promise<void> {
  const { api } = deps;
  for (const action of actions) {
    switch (action.type) {
      case "op":
        api.submit(action.op);
        if (action.op.type === "override_turn_context") rememberOverride(api, action.op);
        break;
      case "send_message":
        api.submitText(action.text);
        break;
      case "insert": {
        const at = api.composer.cursor();
        api.composer.replaceRange(at, at, action.text);
        break;
      }
      case "set_composer":
        api.composer.setText(action.text, action.text.length);
        break;
      case "info":
        api.addCell(new FeatureInfoCell(action.lines, api.theme));
        break;
      case "error":
        api.addCell(new FeatureErrorCell(action.message, api.theme));
        break;
      case "picker":
        openPicker(deps, action.picker);
        break;
      case "resume_picker":
        deps.openResumePicker();
        break;
      case "show_mcp_tools": {
        const off = api.onEvent((ev) => {
          if (ev.msg.type !== "mcp_list_tools_response") return;
          off();
          const reply = ev.msg as EventOf<"mcp_list_tools_response">;
          api.addCell(new FeatureInfoCell(formatMcpTools(reply), api.theme));
          api.requestRedraw();
        });
        break;
      }
    }
  }
  api.requestRedraw();
}

/**
 * The core emits nothing for override_turn_context, so keep the app's view of the session in
 * step (the header, /status and the pickers' "current" marks read it).
 */
function rememberOverride(api: TuiApi, op: Extract<Op, { type: "override_turn_context" }>): void {
  const session = api.session;
  if (op.model !== undefined) session.model = op.model;
  if (op.effort !== undefined) session.effort = op.effort;
  if (op.approval_policy !== undefined) session.approvalPolicy = op.approval_policy;
  if (op.sandbox_policy !== undefined) session.sandboxPolicy = op.sandbox_policy;
  if (op.cwd !== undefined) session.cwd = op.cwd;
}

function openPicker(deps: ActionDeps, picker: PickerPopup["picker"]): void {
  const { slot, api } = deps;
  const choose = (item: PickerItem) => {
    slot.close(PICKER_OWNER);
    const run = async () => {
      const next = typeof item.actions === "function" ? await item.actions() : item.actions;
      await applySlashActions(deps, next);
    };
    run().catch((err: unknown) => {
      api.addCell(new FeatureErrorCell(`${item.label}: ${describe(err)}`, api.theme));
      api.requestRedraw();
    });
  };
  const popup = new PickerPopup(picker, api.theme, choose, () => slot.close(PICKER_OWNER));
  slot.show(PICKER_OWNER, popup, { force: true });
}
