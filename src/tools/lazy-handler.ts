// A tool whose implementation loads on its first call. The model sees the spec in every request,
// but most answers never call shell, exec_command or apply_patch; their handlers pull in the exec
// runner, the sandbox and the apply-patch engine, which `codex exec` would otherwise compile before
// its first request (bench/README.md, issue 15). The import is shared by all calls of the process.
import type { ToolSpec } from "../model/index.js";
import { RespondToModel } from "./errors.js";
import { warmUpShell } from "./shell-warm-up.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "./types.js";

export interface LazyToolOptions {
  name: string;
  spec: () => ToolSpec;
  parallelSafe: boolean;
  /** Handled when called but not offered to the model. */
  hidden?: boolean;
  /** Whether the stream's announcement of a call starts the shell warm-up. */
  shell?: boolean;
  /** Imports the module and builds the real handler. */
  load: () => Promise<ToolHandler>;
}

export class LazyToolHandler implements ToolHandler {
  private loading: Promise<ToolHandler> | null = null;

  constructor(private readonly options: LazyToolOptions) {}

  get name(): string {
    return this.options.name;
  }

  get parallelSafe(): boolean {
    return this.options.parallelSafe;
  }

  get hidden(): boolean {
    return this.options.hidden ?? false;
  }

  spec(): ToolSpec {
    return this.options.spec();
  }

  /** Every tool made lazy here changes files or runs processes. */
  isMutating(): boolean {
    return true;
  }

  prepare(ctx: ToolContext): void {
    if (this.options.shell) warmUpShell(ctx.config);
    // Start the import while the call's arguments are still streaming.
    void this.impl().catch(() => undefined);
  }

  async handle(ctx: ToolContext, call: ToolCall, signal: AbortSignal): Promise<ToolResult> {
    let handler: ToolHandler;
    try {
      handler = await this.impl();
    } catch (e) {
      // A broken install (a chunk missing from dist/) fails this call, not the session.
      this.loading = null;
      const reason = e instanceof Error ? e.message : String(e);
      throw new RespondToModel(
        `${this.name} is unavailable: its implementation failed to load (${reason})`,
      );
    }
    return handler.handle(ctx, call, signal);
  }

  private impl(): Promise<ToolHandler> {
    this.loading ??= this.options.load();
    return this.loading;
  }
}
