// `codex` in a terminal: load config, onboard (trust, API key), start the session and the app.
import path from "node:path";
import { existsSync, statSync } from "node:fs";
import { ConfigError, loadConfig, type LoadedConfig } from "../config/index.js";
import { MissingApiKeyError, resolveApiKey, saveApiKey } from "../auth/index.js";
import { OPENAI_PROVIDER_ID } from "../config/providers.js";
import { ConversationManager, type InitialHistory } from "../core/index.js";
import { lookupHistoryEntry } from "../history/index.js";
import type { UserInput } from "../protocol/index.js";
import { createSessionServices } from "../session/index.js";
import { toCliOverrides, type SessionFlags } from "../cli/shared-options.js";
import type { Config } from "../config/types.js";
import { App, type SessionChoices } from "./app/app.js";
import { Notifier, notificationMethod } from "./app/notifications.js";
import { builtinSlashCommands } from "./app/slash-builtins.js";
import { PromptHistory } from "./composer/prompt-history.js";
import type { TuiApi } from "./extension.js";
import type { InputEvent } from "./terminal/keys.js";
import { Screen } from "./terminal/screen.js";
import { TerminalIO, type TtyIn, type TtyOut } from "./terminal/terminal-io.js";
import { themeFromEnv } from "./terminal/theme.js";
import { preloadHighlighter } from "./render/highlight-loader.js";
import { secretPrompt, type PromptHost } from "./onboarding/prompts.js";
import {
  askTrust,
  configSetsSandbox,
  flagsChoosePolicy,
  recordTrust,
  recordedTrust,
  trustRoot,
} from "./onboarding/trust.js";
import { installFeatures } from "./features/index.js";
import { logLine } from "../telemetry/log/file.js";

export const TUI_ORIGINATOR = "codex-tui";

export interface TuiOptions {
  prompt?: string;
  flags: SessionFlags;
  /** Start from a saved session (resume) or a copy of one (fork). */
  initialHistory?: InitialHistory;
  /** Called once the app runs (e.g. to open the resume picker overlay). */
  onStart?: (api: TuiApi) => void;
  stdin?: TtyIn;
  stdout?: TtyOut;
  env?: NodeJS.ProcessEnv;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

async function load(
  flags: SessionFlags,
  extra: Partial<ReturnType<typeof toCliOverrides>> = {},
): Promise<LoadedConfig> {
  return loadConfig({ cli: { ...toCliOverrides(flags), ...extra } });
}

/**
 * The config for a session started from inside the TUI, with the choices of the one it replaces.
 * A different model is resolved again so its family (context window, tools) comes along.
 */
async function configWith(
  base: Config,
  carry: SessionChoices,
  flags: SessionFlags,
): Promise<Config> {
  let config = base;
  if (carry.model !== base.model) {
    try {
      const again = (await load(flags, { model: carry.model })).config;
      config = {
        ...base,
        model: again.model,
        modelFamily: again.modelFamily,
        modelContextWindow: again.modelContextWindow,
        modelMaxOutputTokens: again.modelMaxOutputTokens,
      };
    } catch {
      // The config file changed under us and no longer loads: keep the model name alone.
      config = { ...base, model: carry.model };
    }
  }
  return {
    ...config,
    modelReasoningEffort: carry.effort,
    approvalPolicy: carry.approvalPolicy,
    sandboxPolicy: carry.sandboxPolicy,
    sandboxMode: carry.sandboxPolicy.type,
  };
}

export async function runTui(opts: TuiOptions): Promise<number> {
  const env = opts.env ?? process.env;
  const stdin = opts.stdin ?? (process.stdin as TtyIn);
  const stdout = opts.stdout ?? (process.stdout as unknown as TtyOut);
  const flags = opts.flags;
  let loaded: LoadedConfig;
  try {
    loaded = await load(flags);
  } catch (e) {
    if (e instanceof ConfigError) return fail(e.message);
    throw e;
  }
  // Config warnings (unknown keys, tables Codex writes that we ignore) go to the log, never a dialog.
  for (const w of loaded.warnings) logLine("codex_tui", "warn", `warning: ${w}`);

  const images = flags.image ?? [];
  for (const img of images) {
    const abs = path.resolve(loaded.config.cwd, img);
    if (!existsSync(abs) || !statSync(abs).isFile()) return fail(`Image not found: ${img}`);
  }

  void preloadHighlighter();
  const theme = themeFromEnv(env);
  let route: ((ev: InputEvent) => void) | null = null;
  let onResize: () => void = () => {};
  const io = new TerminalIO(
    stdin,
    stdout,
    (ev) => route?.(ev),
    () => onResize(),
  );
  const screen = new Screen(stdout);
  const host: PromptHost = {
    screen,
    theme,
    capture(handler) {
      const prev = route;
      route = handler;
      return () => {
        route = prev;
      };
    },
  };
  io.start();
  const restore = () => io.stop();
  const onSignal = (sig: NodeJS.Signals) => {
    restore();
    process.kill(process.pid, sig);
  };
  // A bug must not leave the terminal in raw mode with the cursor hidden.
  const onCrash = (e: unknown) => {
    restore();
    process.stderr.write(`\ncodex: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGHUP", onSignal);
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  try {
    onResize = () => screen.handleResize();
    // --- onboarding: trust -------------------------------------------------------------
    let config = loaded.config;
    const trust = recordedTrust(config, config.cwd);
    if (trust === null && !flagsChoosePolicy(flags)) {
      const root = trustRoot(config.cwd);
      const preset = await askTrust(host, root);
      if (!preset) {
        screen.finish(true);
        return 0;
      }
      try {
        recordTrust(config.configPath, root, preset.id === "read-only" ? "untrusted" : "trusted");
      } catch (e) {
        screen.commit([
          theme.yellow(`⚠ Could not record trust in ${config.configPath}: ${(e as Error).message}`),
        ]);
      }
      config = (await load(flags, { sandboxMode: preset.sandbox, approvalPolicy: preset.approval }))
        .config;
    } else if (trust === "trusted" && !flagsChoosePolicy(flags) && !configSetsSandbox(config)) {
      // A trusted folder defaults to the Auto preset, as in Codex.
      config = (await load(flags, { sandboxMode: "workspace-write" })).config;
    }

    // --- onboarding: API key -----------------------------------------------------------
    let apiKey: string | undefined;
    for (;;) {
      try {
        apiKey = resolveApiKey(
          config.modelProvider,
          config.modelProviderId,
          env,
          config.codexHome,
        ).key;
        break;
      } catch (e) {
        if (!(e instanceof MissingApiKeyError)) throw e;
        const openai =
          config.modelProviderId === OPENAI_PROVIDER_ID || config.modelProvider.requiresOpenaiAuth;
        if (!openai) {
          screen.finish(true);
          io.stop();
          return fail(e.message);
        }
        const key = await secretPrompt(host, {
          title: "Sign in with an API key",
          body: [
            "No OpenAI API key was found (OPENAI_API_KEY, CODEX_API_KEY or a saved login).",
            `Paste a key to save it in ${path.join(config.codexHome, "auth.json")}, as \`codex login --with-api-key\` would.`,
          ],
          label: "API key:",
        });
        if (key === null) {
          screen.finish(true);
          return 0;
        }
        saveApiKey(config.codexHome, key);
      }
    }

    // --- the app ---------------------------------------------------------------------
    const finalConfig = config;
    const services = createSessionServices(finalConfig, {
      ephemeral: false,
      source: "cli",
      originator: TUI_ORIGINATOR,
    });
    const manager = new ConversationManager();
    const notifier = new Notifier(
      (s) => stdout.write(s),
      finalConfig.tui.notifications,
      notificationMethod(env),
    );
    const app = new App({
      config: finalConfig,
      theme,
      io,
      screen,
      notifier,
      startSession: async (o, carry) =>
        manager.newConversation({
          config: carry ? await configWith(finalConfig, carry, flags) : finalConfig,
          apiKey,
          originator: TUI_ORIGINATOR,
          notifyClient: TUI_ORIGINATOR,
          initialHistory: o.initialHistory,
          ...services,
          log: (m) => logLine("codex_core", "debug", m),
        }),
      history: (sc) =>
        new PromptHistory(
          finalConfig.history.persistence === "none"
            ? null
            : async (offset) =>
                (await lookupHistoryEntry(finalConfig.codexHome, sc.history_log_id, offset))
                  ?.text ?? null,
          sc.history_entry_count,
        ),
    });
    route = (ev) => app.handleInput(ev);
    onResize = () => app.handleResize();
    await app.start({ initialHistory: opts.initialHistory });
    for (const cmd of builtinSlashCommands(app)) app.registerSlashCommand(cmd);
    installFeatures(app);
    app.markReady();
    opts.onStart?.(app);
    if (opts.prompt?.trim() || images.length) {
      const text = opts.prompt ?? "";
      const items: UserInput[] = [
        ...images.map((p): UserInput => ({
          type: "local_image",
          path: path.resolve(finalConfig.cwd, p),
        })),
        { type: "text", text },
      ];
      app.sendUserMessage(text, items);
    }
    await app.exited;
    return 0;
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
    process.off("uncaughtException", onCrash);
    process.off("unhandledRejection", onCrash);
    io.stop();
  }
}
