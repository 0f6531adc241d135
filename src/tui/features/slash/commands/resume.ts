// `/resume`: pick a saved session and continue it in place of the current one.
import { busyError, type FeatureCommand } from "../actions.js";

export const resumeCommand: FeatureCommand = {
  name: "resume",
  description: "resume a saved session",
  run(ctx) {
    if (ctx.taskRunning) return [busyError("resume")];
    return [{ type: "resume_picker" }];
  },
};
