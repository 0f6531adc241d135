// Registers this module's slash commands with the app and drives the `/` popup.
import { listCustomPrompts } from "../../../prompts/index.js";
import type { SlashCommand, TuiApi } from "../../extension.js";
import { FeatureErrorCell } from "../ui/cells.js";
import type { PopupSlot } from "../ui/popup-slot.js";
import type { FeatureCommand, SlashContext } from "./actions.js";
import { applySlashActions, type ActionDeps } from "./apply-actions.js";
import { slashPrefix } from "./filter.js";
import { SlashPopup } from "./popup.js";
import { FEATURE_COMMANDS } from "./registry.js";
import { customPromptCommand } from "./commands/custom-prompts.js";

const OWNER = "slash";

export function slashContext(api: TuiApi): SlashContext {
  return {
    session: api.session,
    config: api.config,
    taskRunning: api.isTaskRunning(),
  };
}

/** Adapt a pure FeatureCommand to the app's SlashCommand. */
export function toSlashCommand(
  command: FeatureCommand,
  deps: Omit<ActionDeps, "api">,
): SlashCommand {
  return {
    name: command.name,
    description: command.description,
    availableDuringTask: command.availableDuringTask,
    async run(api, args) {
      try {
        const actions = await command.run(slashContext(api), args);
        await applySlashActions({ ...deps, api }, actions);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        api.addCell(new FeatureErrorCell(`/${command.name} failed: ${message}`, api.theme));
        api.requestRedraw();
      }
    },
  };
}

export class SlashFeature {
  private popup: SlashPopup | null = null;
  /** The composer text when the user dismissed the popup; it stays closed until that changes. */
  private dismissedText: string | null = null;

  constructor(
    private readonly api: TuiApi,
    private readonly slot: PopupSlot,
    private readonly deps: Omit<ActionDeps, "api">,
  ) {}

  install(): () => void {
    const registered = new Set(this.api.slashCommands().map((c) => c.name));
    for (const command of FEATURE_COMMANDS) {
      if (!registered.has(command.name)) {
        this.api.registerSlashCommand(toSlashCommand(command, this.deps));
      }
    }
    void this.registerCustomPrompts(registered);
    const off = this.api.composer.onChange(() => this.onComposerChange());
    return () => {
      off();
      this.close();
    };
  }

  private async registerCustomPrompts(registered: Set<string>): Promise<void> {
    const prompts = await listCustomPrompts({
      codexHome: this.api.config.codexHome,
      cwd: this.api.session.cwd,
    }).catch(() => []);
    for (const prompt of prompts) {
      const command = customPromptCommand(prompt);
      if (!registered.has(command.name)) {
        this.api.registerSlashCommand(toSlashCommand(command, this.deps));
      }
    }
  }

  private onComposerChange(): void {
    const text = this.api.composer.text();
    const prefix = slashPrefix(text, this.api.composer.cursor());
    if (!prefix) {
      this.dismissedText = null;
      this.close();
      return;
    }
    if (this.dismissedText !== null) {
      if (this.dismissedText === text) return;
      this.dismissedText = null;
    }
    const popup = this.popup ?? this.createPopup();
    const count = popup.update(this.api.slashCommands(), prefix.filter);
    if (count === 0) {
      this.close();
      return;
    }
    if (!this.popup) {
      if (!this.slot.show(OWNER, popup)) return;
      this.popup = popup;
    }
    this.api.requestRedraw();
  }

  private createPopup(): SlashPopup {
    return new SlashPopup(
      this.api.theme,
      {
        complete: (name) => {
          const text = this.api.composer.text();
          const end = slashPrefix(text, this.api.composer.cursor())?.end ?? text.length;
          const rest = text.slice(end).replace(/^\s*/, "");
          const next = `/${name} ${rest}`;
          this.api.composer.setText(next, name.length + 2);
        },
        run: (name) => {
          const text = this.api.composer.text();
          const end = slashPrefix(text, this.api.composer.cursor())?.end ?? text.length;
          const rest = text.slice(end).trim();
          this.close();
          this.api.composer.setText("", 0);
          this.api.submitText(rest === "" ? `/${name}` : `/${name} ${rest}`);
        },
        dismiss: () => {
          this.dismissedText = this.api.composer.text();
          this.close();
        },
      },
      () => this.api.isTaskRunning(),
    );
  }

  private close(): void {
    if (!this.popup) return;
    this.popup = null;
    this.slot.close(OWNER);
  }
}
