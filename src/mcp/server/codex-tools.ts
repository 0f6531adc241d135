// The `codex` and `codex-reply` tool calls: load config, start or find the thread, run the turn,
// and shape the outcome as an MCP tool result. Every expected failure is a tool error, not a crash.
import { statSync } from "node:fs";
import path from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ConversationManager } from "../../core/index.js";
import { apiKeyOutcome, loadConfigOutcome, startSession } from "../../session/index.js";
import {
  ThreadUnavailableError,
  ThreadRunner,
  type ClientChannel,
  type RequestId,
  type TurnOutcome,
} from "./thread-runner.js";
import {
  ToolArgumentError,
  parseCodexReplyArgs,
  parseCodexToolArgs,
  toCliOverrides,
} from "./tool-params.js";

const ORIGINATOR = "codex_mcp";

export interface ToolCallContext {
  requestId: RequestId;
  /** Aborted when the client cancels the call or disconnects. */
  signal: AbortSignal;
}

export function toolError(text: string, threadId?: string): CallToolResult {
  const result: CallToolResult = { content: [{ type: "text", text }], isError: true };
  if (threadId !== undefined) result.structuredContent = { threadId, content: text };
  return result;
}

function outcomeResult(threadId: string, outcome: TurnOutcome): CallToolResult {
  switch (outcome.kind) {
    case "completed": {
      const text = outcome.lastMessage ?? "";
      return { content: [{ type: "text", text }], structuredContent: { threadId, content: text } };
    }
    case "failed":
      return toolError(`The turn failed: ${outcome.message}`, threadId);
    case "aborted":
      return toolError(
        `The turn was aborted (${outcome.reason}). Continue with codex-reply and threadId ${threadId}.`,
        threadId,
      );
  }
}

/** Every thread this server started, kept for codex-reply until the client disconnects. */
export class CodexThreads {
  private readonly manager = new ConversationManager();
  private readonly runners = new Map<string, ThreadRunner>();
  private closing = false;
  /** Sessions being created right now; shutdown waits for them so none escapes it. */
  private readonly starting = new Set<Promise<unknown>>();

  constructor(
    private readonly channel: ClientChannel,
    /** `-c` flags given to `codex mcp-server` itself; each call's `config` wins over them. */
    private readonly serverOverrides: string[],
    private readonly log: (message: string) => void,
  ) {}

  async startThread(args: unknown, call: ToolCallContext): Promise<CallToolResult> {
    if (this.closing) return toolError("The server is shutting down.");
    let params;
    try {
      params = parseCodexToolArgs(args);
    } catch (e) {
      if (e instanceof ToolArgumentError) return toolError(`Invalid codex arguments: ${e.message}`);
      throw e;
    }
    if (params.cwd !== undefined) {
      const cwd = path.resolve(params.cwd);
      let isDir = false;
      try {
        isDir = statSync(cwd).isDirectory();
      } catch {
        // reported below
      }
      if (!isDir) return toolError(`Invalid codex arguments: \`cwd\` ${cwd} is not a directory`);
    }
    const loaded = await loadConfigOutcome({ cli: toCliOverrides(params, this.serverOverrides) });
    if (!loaded.ok) return toolError(`Configuration error: ${loaded.message}`);
    const { warnings } = loaded.value;
    let { config } = loaded.value;
    for (const w of warnings) this.log(`warning: ${w}`);
    // MCP clients cannot undo, so per-turn git snapshots would only cost time; a configured
    // `features.ghost_commit` still decides.
    if (config.features.ghost_commit === undefined)
      config = { ...config, features: { ...config.features, ghost_commit: false } };
    const apiKey = apiKeyOutcome(config);
    if (!apiKey.ok) return toolError(apiKey.message);
    const creating = startSession(config, {
      apiKey: apiKey.value,
      manager: this.manager,
      ephemeral: false,
      source: "mcp",
      originator: ORIGINATOR,
      // The core's diagnostics are chatty; like `codex exec`, show them only when asked.
      log: (m) => {
        if (process.env.CODEX_TS_LOG) this.log(m);
      },
    });
    this.starting.add(creating);
    let started;
    try {
      started = await creating;
    } finally {
      this.starting.delete(creating);
    }
    if (!started.ok) return toolError(`Could not start a session: ${started.message}`);
    const { conversationId, conversation, sessionConfigured } = started.value;
    const runner = new ThreadRunner(conversationId, conversation, this.channel, this.log);
    this.runners.set(conversationId, runner);
    runner.forward({ id: "", msg: sessionConfigured }, call.requestId);
    if (this.closing) {
      await runner.shutdown();
      return toolError("The server is shutting down.", conversationId);
    }
    const outcome = await runner.runTurn(params.prompt, call.requestId, call.signal);
    return outcomeResult(conversationId, outcome);
  }

  async reply(args: unknown, call: ToolCallContext): Promise<CallToolResult> {
    if (this.closing) return toolError("The server is shutting down.");
    let params;
    try {
      params = parseCodexReplyArgs(args);
    } catch (e) {
      if (e instanceof ToolArgumentError)
        return toolError(`Invalid codex-reply arguments: ${e.message}`);
      throw e;
    }
    const runner = this.runners.get(params.threadId);
    if (!runner)
      return toolError(
        `Unknown threadId ${params.threadId}: no session with that id was started by this server ` +
          "(threads last as long as the mcp-server process). Start one with the codex tool.",
      );
    try {
      const outcome = await runner.runTurn(params.prompt, call.requestId, call.signal);
      return outcomeResult(params.threadId, outcome);
    } catch (e) {
      if (e instanceof ThreadUnavailableError) return toolError(e.message, params.threadId);
      throw e;
    }
  }

  /** Ends every session: running turns are interrupted and each rollout is flushed. */
  async shutdownAll(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.starting]);
    await Promise.all(
      [...this.runners.values()].map((r) =>
        r.shutdown().catch((e: Error) => this.log(`thread ${r.threadId}: ${e.message}`)),
      ),
    );
  }
}
