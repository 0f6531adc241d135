// The model's access to MCP resources: list_mcp_resources, list_mcp_resource_templates and
// read_mcp_resource. Offered only when a connected server supports resources. Each call is shown
// as an MCP tool call (server "codex" when it spans all servers).
import type { ToolSpec } from "../../model/index.js";
import { RespondToModel } from "../errors.js";
import { parseArgs } from "../parse-args.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../types.js";

/** Resource operations of the connected servers; errors reject with a message for the model. */
export interface McpResourceBackend {
  /** Servers that are connected and support resources, sorted. */
  servers(): string[];
  listResources(
    server: string,
    cursor?: string,
  ): Promise<{ resources: unknown[]; nextCursor?: string }>;
  listResourceTemplates(
    server: string,
    cursor?: string,
  ): Promise<{ resourceTemplates: unknown[]; nextCursor?: string }>;
  readResource(server: string, uri: string): Promise<Record<string, unknown>>;
}

type ResourceToolName = "list_mcp_resources" | "list_mcp_resource_templates" | "read_mcp_resource";

export const MCP_RESOURCE_TOOL_NAMES: readonly ResourceToolName[] = [
  "list_mcp_resources",
  "list_mcp_resource_templates",
  "read_mcp_resource",
];

const SERVER_PARAM = {
  type: "string",
  description: "Name of the MCP server (as configured). Omit to cover every server.",
};
const CURSOR_PARAM = {
  type: "string",
  description: "The `nextCursor` of a previous page; only together with `server`.",
};

const SPECS: Record<
  ResourceToolName,
  { description: string; parameters: Record<string, unknown> }
> = {
  list_mcp_resources: {
    description:
      "List the resources (files, documents, records…) that the connected MCP servers expose. Read one with read_mcp_resource.",
    parameters: {
      type: "object",
      properties: { server: SERVER_PARAM, cursor: CURSOR_PARAM },
      additionalProperties: false,
    },
  },
  list_mcp_resource_templates: {
    description:
      "List the URI templates of parameterised resources that the connected MCP servers expose.",
    parameters: {
      type: "object",
      properties: { server: SERVER_PARAM, cursor: CURSOR_PARAM },
      additionalProperties: false,
    },
  },
  read_mcp_resource: {
    description: "Read one resource of an MCP server by its URI.",
    parameters: {
      type: "object",
      properties: {
        server: { type: "string", description: "Name of the MCP server that has the resource." },
        uri: { type: "string", description: "The resource's URI, as listed." },
      },
      required: ["server", "uri"],
      additionalProperties: false,
    },
  },
};

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string")
    throw new RespondToModel(`invalid field \`${field}\`: expected a string`);
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

export class McpResourceHandler implements ToolHandler {
  readonly parallelSafe = true;

  constructor(
    readonly name: ResourceToolName,
    private readonly backend: McpResourceBackend,
  ) {}

  spec(): ToolSpec {
    const { description, parameters } = SPECS[this.name];
    return { type: "function", name: this.name, description, strict: false, parameters };
  }

  isMutating(): boolean {
    return false;
  }

  async handle(ctx: ToolContext, call: ToolCall): Promise<ToolResult> {
    if (call.payload.kind !== "function")
      throw new RespondToModel(`${this.name} expects JSON arguments`);
    const rawArgs = parseArgs<Record<string, unknown>>(call.payload.arguments);
    const server = optionalText(rawArgs.server, "server");
    const invocation = { server: server ?? "codex", tool: this.name, arguments: rawArgs };
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
    try {
      const payload = await this.run(server, rawArgs);
      const text = JSON.stringify(payload);
      end({ Ok: { content: [{ type: "text", text }], isError: false } });
      return { content: text, success: true };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      end({ Err: message });
      throw new RespondToModel(message);
    }
  }

  private requireServer(server: string | undefined): string {
    if (server === undefined) throw new RespondToModel("missing field `server`");
    if (!this.backend.servers().includes(server))
      throw new RespondToModel(
        `unknown MCP server \`${server}\` (servers with resources: ${this.backend.servers().join(", ") || "none"})`,
      );
    return server;
  }

  private async run(
    server: string | undefined,
    args: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const cursor = optionalText(args.cursor, "cursor");
    if (this.name === "read_mcp_resource") {
      const target = this.requireServer(server);
      const uri = optionalText(args.uri, "uri");
      if (uri === undefined) throw new RespondToModel("missing field `uri`");
      const result = await this.backend.readResource(target, uri);
      return { server: target, uri, ...result };
    }
    const listing = this.name === "list_mcp_resources" ? "resources" : "resourceTemplates";
    if (server !== undefined) {
      const target = this.requireServer(server);
      const page =
        this.name === "list_mcp_resources"
          ? await this.backend.listResources(target, cursor)
          : await this.backend.listResourceTemplates(target, cursor);
      const items = "resources" in page ? page.resources : page.resourceTemplates;
      return {
        server: target,
        [listing]: items.map((r) => ({ server: target, ...(r as object) })),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    }
    if (cursor !== undefined)
      throw new RespondToModel("cursor can only be used when a server is specified");
    const all: unknown[] = [];
    const errors: Record<string, string> = {};
    for (const s of this.backend.servers()) {
      // Every page of every server: without a server there is no cursor to hand back. A server
      // that fails is reported beside the others' results.
      try {
        let next: string | undefined;
        do {
          const page =
            this.name === "list_mcp_resources"
              ? await this.backend.listResources(s, next)
              : await this.backend.listResourceTemplates(s, next);
          const items = "resources" in page ? page.resources : page.resourceTemplates;
          all.push(...items.map((r) => ({ server: s, ...(r as object) })));
          next = page.nextCursor;
        } while (next);
      } catch (e) {
        errors[s] = e instanceof Error ? e.message : String(e);
      }
    }
    if (Object.keys(errors).length > 0) return { [listing]: all, errors };
    return { [listing]: all };
  }
}
