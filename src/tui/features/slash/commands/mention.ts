// `/mention`: start an `@` file mention at the cursor (the file search popup takes over).
import type { FeatureCommand } from "../actions.js";

export const mentionCommand: FeatureCommand = {
  name: "mention",
  description: "mention a file (opens @ file search)",
  availableDuringTask: true,
  run() {
    return [{ type: "insert", text: "@" }];
  },
};
