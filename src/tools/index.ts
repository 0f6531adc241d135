// The tool set a turn offers, chosen per model family and config.
import type { Config } from "../config/types.js";
import type { TurnSettings } from "../core/session-types.js";
import { ReadFileHandler } from "./handlers/read-file.js";
import { UpdatePlanHandler } from "./handlers/update-plan.js";
import { ViewImageHandler } from "./handlers/view-image.js";
import { LazyToolHandler } from "./lazy-handler.js";
import { ToolRegistry } from "./registry.js";
import { applyPatchSpec, execCommandSpec, shellSpec, writeStdinSpec } from "./tool-specs.js";

export { ToolRegistry, routeItem, outputItemFor } from "./registry.js";
export type { ToolHandler, ToolCall, ToolContext, ToolResult } from "./types.js";

// The shell-type and patch tools load their implementations on first call (./lazy-handler.ts):
// a plain answer never imports the exec runner, the sandbox or the apply-patch engine.
const shellTool = (name: "shell" | "local_shell", hidden = false) =>
  new LazyToolHandler({
    name,
    spec: () => shellSpec(name),
    parallelSafe: true,
    hidden,
    // Only offered tools warm the shell up when announced (the built-in one never was).
    shell: !hidden,
    load: async () => new (await import("./handlers/shell.js")).ShellHandler(name),
  });

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
    registry.register(
      new LazyToolHandler({
        name: "exec_command",
        spec: execCommandSpec,
        parallelSafe: true,
        shell: true,
        load: async () => new (await import("./handlers/unified-exec.js")).ExecCommandHandler(),
      }),
    );
    registry.register(
      new LazyToolHandler({
        name: "write_stdin",
        spec: writeStdinSpec,
        parallelSafe: true,
        load: async () => new (await import("./handlers/unified-exec.js")).WriteStdinHandler(),
      }),
    );
  } else {
    registry.register(shellTool("shell"));
  }
  // Models may also emit Responses' built-in local_shell calls; they are handled, not offered.
  registry.register(shellTool("local_shell", true));
  if (toolEnabled(config, "update_plan")) registry.register(new UpdatePlanHandler());
  const patchKind = family.applyPatchToolType;
  if (patchKind && toolEnabled(config, "apply_patch"))
    registry.register(
      new LazyToolHandler({
        name: "apply_patch",
        spec: () => applyPatchSpec(patchKind),
        parallelSafe: false,
        load: async () =>
          new (await import("./handlers/apply-patch.js")).ApplyPatchHandler(patchKind),
      }),
    );
  if (toolEnabled(config, "view_image")) registry.register(new ViewImageHandler());
  if (toolEnabled(config, "read_file")) registry.register(new ReadFileHandler());
  return registry;
}
