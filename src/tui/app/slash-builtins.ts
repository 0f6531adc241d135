// The slash commands the app itself provides: /new, /quit, /exit, /status, /compact, /diff, /undo.
import { execFile } from "node:child_process";
import { loadUserInstructions } from "../../config/project-doc.js";
import { NoticeCell, TextCell } from "../cells/notice.js";
import type { SlashCommand, TuiApi } from "../extension.js";
import { renderUnifiedDiff } from "../render/diff.js";
import type { App } from "./app.js";
import { statusCard } from "./status-card.js";

function gitDiff(cwd: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      "git",
      ["diff", "--no-color", "--no-ext-diff", "HEAD"],
      { cwd, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout) => resolve(err ? null : stdout),
    );
  });
}

async function showStatus(app: App): Promise<void> {
  const s = app.session;
  const c = app.config;
  const docs = await loadUserInstructions({
    codexHome: c.codexHome,
    cwd: s.cwd,
    maxBytes: c.projectDocMaxBytes,
    fallbackFilenames: c.projectDocFallbackFilenames,
  }).catch(() => ({ files: [] as string[] }));
  const input = {
    session: { ...s },
    providerId: c.modelProviderId,
    agentsFiles: docs.files,
    tokenInfo: app.chat.tokenInfo,
    contextWindow: app.chat.contextWindow,
    home: process.env.HOME,
  };
  app.addCell(new TextCell("status", (width) => statusCard(input, width, app.theme)));
}

async function showDiff(app: App): Promise<void> {
  const turn = app.chat.lastTurnDiff;
  const diff = turn && turn.trim() ? turn : await gitDiff(app.session.cwd);
  if (diff === null) {
    app.addCell(
      new NoticeCell(
        "error",
        "/diff: not a git repository and no changes were made in this session.",
        app.theme,
      ),
    );
    return;
  }
  if (diff.trim() === "") {
    app.addCell(new NoticeCell("info", "No changes.", app.theme));
    return;
  }
  const t = app.theme;
  app.addCell(
    new TextCell("diff", (width) => [
      `${t.accent("• ")}${t.bold(turn ? "Changes in the last turn" : "git diff")}`,
      ...renderUnifiedDiff(diff, width - 2, t).map((l) => "  " + l),
    ]),
  );
}

export function builtinSlashCommands(app: App): SlashCommand[] {
  const info = (msg: string) => app.addCell(new NoticeCell("info", msg, app.theme));
  return [
    {
      name: "new",
      description: "start a new chat in this session",
      availableDuringTask: false,
      run: (api: TuiApi) => api.newSession(),
    },
    {
      name: "status",
      description: "show session, model, tokens and sandbox",
      run: () => showStatus(app),
    },
    {
      name: "diff",
      description: "show the changes (last turn, else git diff)",
      run: () => showDiff(app),
    },
    {
      name: "compact",
      description: "summarise the conversation to free context",
      availableDuringTask: false,
      run: (api) => {
        info("Compacting the conversation…");
        api.submit({ type: "compact" });
      },
    },
    {
      name: "undo",
      description: "restore the files as they were before the last turn",
      availableDuringTask: false,
      run: (api) => {
        api.submit({ type: "undo" });
      },
    },
    { name: "quit", description: "exit codex", run: (api) => api.exit() },
    { name: "exit", description: "exit codex", run: (api) => api.exit() },
  ];
}
