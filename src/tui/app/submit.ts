// What happens to submitted composer text: a slash command, a `!` shell command, or a message.
import type { UserInput } from "../../protocol/index.js";
import { NoticeCell } from "../cells/notice.js";
import type { App } from "./app.js";

/** `/name rest` → ["name", "rest"]; null when the text is not a command (e.g. a path). */
export function parseSlash(text: string): [string, string] | null {
  const m = /^\/([^\s/]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  return [m[1]!, (m[2] ?? "").trim()];
}

export async function handleSubmittedText(app: App, text: string): Promise<void> {
  const slash = parseSlash(text);
  if (slash) {
    const [name, args] = slash;
    const cmd = app.slashCommands().find((c) => c.name === name);
    if (!cmd) {
      app.addCell(
        new NoticeCell(
          "error",
          `Unknown command /${name}. Type / to see the available commands.`,
          app.theme,
        ),
      );
      return;
    }
    if (app.isTaskRunning() && cmd.availableDuringTask === false) {
      app.addCell(
        new NoticeCell("error", `/${name} is not available while a task is running.`, app.theme),
      );
      return;
    }
    try {
      await cmd.run(app, args);
    } catch (e) {
      app.addCell(new NoticeCell("error", `/${name} failed: ${(e as Error).message}`, app.theme));
    }
    app.requestRedraw();
    return;
  }
  if (text.startsWith("!") && text.trim().length > 1) {
    app.submit({ type: "run_user_shell_command", command: text.slice(1).trim() });
    return;
  }
  const items: UserInput[] = [{ type: "text", text }];
  app.sendUserMessage(text, items);
}
