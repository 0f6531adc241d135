// `/prompts:<name>`: custom prompts from $CODEX_HOME/prompts and the project's .codex/prompts,
// expanded with the arguments typed after the name and sent as the next message.
import { expandCustomPrompt } from "../../../../prompts/index.js";
import type { CustomPrompt } from "../../../../protocol/index.js";
import type { FeatureCommand } from "../actions.js";

export const PROMPT_COMMAND_PREFIX = "prompts:";

export function customPromptCommand(prompt: CustomPrompt): FeatureCommand {
  const name = `${PROMPT_COMMAND_PREFIX}${prompt.name}`;
  return {
    name,
    description:
      prompt.description ??
      (prompt.argument_hint ? `custom prompt ${prompt.argument_hint}` : "custom prompt"),
    // Sent like a typed message: while a turn runs, the app queues it.
    availableDuringTask: true,
    run(_ctx, args) {
      const expanded = expandCustomPrompt(prompt, args);
      if (!expanded.ok) return [{ type: "error", message: expanded.message }];
      if (expanded.text.trim() === "") {
        return [{ type: "error", message: `${prompt.path} is empty; there is nothing to send.` }];
      }
      return [{ type: "send_message", text: expanded.text }];
    },
  };
}
