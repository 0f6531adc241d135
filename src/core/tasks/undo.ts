// Op::Undo: put the working tree back to the snapshot taken before the last turn (B6.13).
// It runs to the end even when interrupted: stopping halfway would leave a mixed tree.
import type { EventMsg } from "../../protocol/index.js";
import type { ActiveTask, TaskHost } from "./types.js";

export async function runUndoTask(host: TaskHost, task: ActiveTask): Promise<void> {
  const emit = (msg: EventMsg) => host.emit(task.subId, msg);
  emit({ type: "task_started", model_context_window: host.contextWindow() });
  emit({ type: "undo_started", message: "Undoing the file changes of the last turn…" });
  const outcome = await host.snapshots.undo(host.settings.cwd);
  emit({ type: "undo_completed", success: outcome.success, message: outcome.message });
  emit({ type: "task_complete", last_agent_message: null });
}
