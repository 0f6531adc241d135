// `/init`: ask the model to write an AGENTS.md for the repository.
import { stat } from "node:fs/promises";
import path from "node:path";
import { busyError, type FeatureCommand } from "../actions.js";

/** Our own wording of the request. */
export const INIT_PROMPT = `Create an AGENTS.md file in the root of this repository: a short guide for coding agents (and new contributors) working here.

Explore the repository first: its layout, languages, build and test commands, and any existing contributor docs. Then write AGENTS.md, under about 300 words, in Markdown, covering what applies:

- Project layout: where source, tests and assets live, and what the main modules do.
- Build, test and run: the exact commands, and how to run a single test.
- Code style: formatting and lint tools, naming conventions.
- Testing: frameworks used, where tests go, how they are named.
- Commits and pull requests: conventions visible in the history.
- Anything an agent must not do (generated files, secrets, slow or destructive commands).

Be specific to this repository; leave out generic advice. Only create AGENTS.md; do not change other files.`;

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export const initCommand: FeatureCommand = {
  name: "init",
  description: "create an AGENTS.md file with instructions for Codex",
  async run(ctx) {
    if (ctx.taskRunning) return [busyError("init")];
    const target = path.join(ctx.session.cwd, "AGENTS.md");
    if (await exists(target)) {
      return [
        {
          type: "info",
          lines: [
            `${target} already exists; /init leaves it alone.`,
            "Edit it directly, or delete it and run /init again to start over.",
          ],
        },
      ];
    }
    return [{ type: "send_message", text: INIT_PROMPT }];
  },
};
