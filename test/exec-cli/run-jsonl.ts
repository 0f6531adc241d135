// Runs core events through the real item tracker (as the session emits them) into the `--json`
// printer, and returns what it printed. Approval requests are denied, as `codex exec` does.
import { ItemTracker } from "../../src/core/items/item-tracker.js";
import { JsonlEventProcessor } from "../../src/exec-cli/index.js";
import type { EventMsg } from "../../src/protocol/index.js";
import { THREAD_ID, ev } from "./core-events.js";

export function runJsonl(events: EventMsg[]) {
  let stdout = "";
  const processor = new JsonlEventProcessor({ stdout: { write: (s: string) => (stdout += s) } });
  const items = new ItemTracker(THREAD_ID);
  for (const msg of events) {
    const { id } = ev(msg);
    for (const m of items.sequence("turn", msg)) processor.processEvent({ id, msg: m });
    if (msg.type === "exec_approval_request" || msg.type === "apply_patch_approval_request") {
      for (const m of items.decided(msg.call_id, "denied")) processor.processEvent({ id, msg: m });
    }
  }
  const result = processor.finish();
  return { lines: stdout.split("\n").filter((l) => l !== ""), stdout, result };
}
