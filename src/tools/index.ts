// The tool set a turn offers, chosen per model family and config.
import type { Config } from "../config/types.js";
import type { TurnSettings } from "../core/session-types.js";
import { ApplyPatchHandler } from "./handlers/apply-patch.js";
import { ReadFileHandler } from "./handlers/read-file.js";
import { ShellHandler } from "./handlers/shell.js";
import { ExecCommandHandler, WriteStdinHandler } from "./handlers/unified-exec.js";
import { UpdatePlanHandler } from "./handlers/update-plan.js";
import { ViewImageHandler } from "./handlers/view-image.js";
import { ToolRegistry } from "./registry.js";

export { ToolRegistry, routeItem, outputItemFor } from "./registry.js";
export type { ToolHandler, ToolCall, ToolContext, ToolResult } from "./types.js";
export { unifiedExecManager } from "./handlers/unified-exec.js";

/** `[tools]` switches default to on unless listed here. */
const OFF_BY_DEFAULT = new Set(["read_file"]);

function toolEnabled(config: Config, name: string): boolean {
  return config.tools[name] ?? !OFF_BY_DEFAULT.has(name);
}

export function buildToolRegistry(config: Config, _settings: TurnSettings): ToolRegistry {
  const family = config.modelFamily;
  const registry = new ToolRegistry();
  const shellType =
    config.features.unified_exec === false
      ? "shell"
      : config.features.unified_exec === true
        ? "unified_exec"
        : family.shellToolType;
  if (shellType === "unified_exec" && config.modelProvider.wireApi === "responses") {
    registry.register(new ExecCommandHandler());
    registry.register(new WriteStdinHandler());
  } else {
    registry.register(new ShellHandler("shell"));
  }
  // Models may also emit Responses' built-in local_shell calls; they are handled, not offered.
  registry.register(new HiddenHandler(new ShellHandler("local_shell")));
  if (toolEnabled(config, "update_plan")) registry.register(new UpdatePlanHandler());
  const patchKind = family.applyPatchToolType;
  if (patchKind && toolEnabled(config, "apply_patch"))
    registry.register(new ApplyPatchHandler(patchKind));
  if (toolEnabled(config, "view_image")) registry.register(new ViewImageHandler());
  if (toolEnabled(config, "read_file")) registry.register(new ReadFileHandler());
  return registry;
}

/** A handler that runs calls but is not advertised to the model. */
class HiddenHandler {
  readonly hidden = true;
  constructor(private readonly inner: ShellHandler) {}
  get name() {
    return this.inner.name;
  }
  get parallelSafe() {
    return this.inner.parallelSafe;
  }
  spec() {
    return this.inner.spec();
  }
  isMutating() {
    return true;
  }
  handle(...args: Parameters<ShellHandler["handle"]>) {
    return this.inner.handle(...args);
  }
}
