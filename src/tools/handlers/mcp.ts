// A tool of a connected MCP server, offered to the model as `server__tool`. MCP servers run outside
// the sandbox (seed-spec B12.12), so the approval policy is the only gate: under `untrusted` a call
// asks first unless the server marks the tool read-only (`annotations.readOnlyHint`); under the
// other policies calls run without asking.
import type { ToolSpec } from "../../model/index.js";
import type { ReviewDecision } from "../../protocol/index.js";
import { RespondToModel, ToolDenied, TurnAbortRequested } from "../errors.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../types.js";
import { mcpResultToToolResult, type McpCallToolResult } from "./mcp-result.js";
import { normaliseInputSchema } from "./mcp-schema.js";

export interface McpProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** One MCP tool and how to call it; supplied by the MCP connection manager. */
export interface McpToolBinding {
  /** The model-facing name (`server__tool`, sanitised and unique). */
  qualifiedName: string;
  server: string;
  tool: string;
  description: string;
  inputSchema: unknown;
  readOnly: boolean;
  /** Whether the server is still connected. */
  available(): boolean;
  /** Call the tool; rejects with an Error whose message is meant for the model. */
  call(
    args: Record<string, unknown> | undefined,
    opts: { signal: AbortSignal; onProgress: (p: McpProgress) => void },
  ): Promise<McpCallToolResult>;
}

const APPROVED_MCP_TOOLS = "mcp.approvedTools";

function approvedTools(ctx: ToolContext): Set<string> {
  let set = ctx.sessionStore.get(APPROVED_MCP_TOOLS) as Set<string> | undefined;
  if (!set) {
    set = new Set();
    ctx.sessionStore.set(APPROVED_MCP_TOOLS, set);
  }
  return set;
}

function parseMcpArguments(raw: string): Record<string, unknown> | undefined {
  if (raw.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new RespondToModel(`failed to parse function arguments: ${(e as Error).message}`);
  }
  if (value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value))
    throw new RespondToModel("failed to parse function arguments: expected a JSON object");
  return value as Record<string, unknown>;
}

export class McpToolHandler implements ToolHandler {
  constructor(private readonly binding: McpToolBinding) {}

  get name(): string {
    return this.binding.qualifiedName;
  }

  /** Read-only tools may run beside other read-only calls. */
  get parallelSafe(): boolean {
    return this.binding.readOnly;
  }

  /** A server that has stopped keeps answering calls (with an explanation) but is not offered. */
  get hidden(): boolean {
    return !this.binding.available();
  }

  spec(): ToolSpec {
    return {
      type: "function",
      name: this.binding.qualifiedName,
      description: this.binding.description,
      strict: false,
      parameters: normaliseInputSchema(this.binding.inputSchema),
    };
  }

  isMutating(): boolean {
    return !this.binding.readOnly;
  }

  async handle(ctx: ToolContext, call: ToolCall, signal: AbortSignal): Promise<ToolResult> {
    const raw =
      call.payload.kind === "function" || call.payload.kind === "mcp"
        ? call.payload.arguments
        : null;
    if (raw === null) throw new RespondToModel(`${this.name} expects JSON arguments`);
    const args = parseMcpArguments(raw);
    const { server, tool } = this.binding;
    await this.approve(ctx, call.callId, args);

    const invocation = { server, tool, arguments: args ?? null };
    ctx.emit({ type: "mcp_tool_call_begin", call_id: call.callId, invocation });
    const started = performance.now();
    const end = (result: { Ok: unknown } | { Err: string }) =>
      ctx.emit({
        type: "mcp_tool_call_end",
        call_id: call.callId,
        invocation,
        duration_ms: Math.round(performance.now() - started),
        result,
      });
    let result: McpCallToolResult;
    try {
      result = await this.binding.call(args, {
        signal,
        onProgress: (p) =>
          ctx.emit({
            type: "mcp_tool_call_progress",
            call_id: call.callId,
            progress: p.progress,
            ...(p.total !== undefined ? { total: p.total } : {}),
            ...(p.message !== undefined ? { message: p.message } : {}),
          }),
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      end({ Err: message });
      // An interrupted call is answered "aborted" by the turn; everything else tells the model.
      if (signal.aborted) throw e;
      throw new RespondToModel(`tool call failed: ${message}`);
    }
    end({ Ok: result });
    return mcpResultToToolResult(result);
  }

  private async approve(
    ctx: ToolContext,
    callId: string,
    args: Record<string, unknown> | undefined,
  ): Promise<void> {
    if (ctx.turn.approvalPolicy !== "untrusted" || this.binding.readOnly) return;
    const { server, tool } = this.binding;
    const key = `${server}\0${tool}`;
    if (approvedTools(ctx).has(key)) return;
    const argsJson = JSON.stringify(args ?? {});
    const decision: ReviewDecision = await ctx.approvals.requestExec({
      callId,
      command: ["mcp", server, tool, argsJson],
      cwd: ctx.turn.cwd,
      reason: `Call tool \`${tool}\` of MCP server \`${server}\` (MCP servers run outside the sandbox)`,
      parsedCmd: [{ type: "unknown", cmd: `mcp ${server} ${tool} ${argsJson}` }],
    });
    switch (decision) {
      case "approved":
        return;
      case "approved_for_session":
        approvedTools(ctx).add(key);
        return;
      case "abort":
        throw new TurnAbortRequested();
      default:
        throw new ToolDenied(`MCP tool call rejected by user: ${server}/${tool}`);
    }
  }
}
