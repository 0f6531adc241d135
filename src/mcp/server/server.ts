// `codex mcp-server`: codex-ts as an MCP server on stdin/stdout (official SDK, stdio transport).
// Stdout carries the protocol and nothing else; diagnostics go to stderr.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  ResultSchema,
  type Notification,
} from "@modelcontextprotocol/sdk/types.js";
import { CLI_VERSION } from "../../version.js";
import { CodexThreads, toolError } from "./codex-tools.js";
import type { ClientChannel, CodexEventParams } from "./thread-runner.js";
import { CODEX_REPLY_TOOL, CODEX_TOOL, TOOL_DEFINITIONS } from "./tool-definitions.js";

/** The event notification Codex's MCP server sends. */
export const CODEX_EVENT_METHOD = "codex/event";

/** setTimeout's ceiling: an approval waits for a person, however long they take. */
const APPROVAL_TIMEOUT_MS = 2 ** 31 - 1;

export interface McpServerOptions {
  /** `-c key=value` flags given to `codex mcp-server`. */
  configOverrides: string[];
}

function logToStderr(message: string): void {
  process.stderr.write(`codex mcp-server: ${message}\n`);
}

/**
 * Serves until the client disconnects (stdin closes) or a signal arrives, then ends every
 * session cleanly. Resolves with the process exit code.
 */
export async function runMcpServer(opts: McpServerOptions): Promise<number> {
  // Anything printed with console.log would corrupt the protocol stream.
  console.log = console.info = console.debug = console.error;

  const server = new Server<never, Notification>(
    { name: "codex-mcp-server", title: "Codex", version: CLI_VERSION },
    { capabilities: { tools: { listChanged: true } } },
  );
  let connected = true;
  const channel: ClientChannel = {
    notify(params: CodexEventParams) {
      if (!connected) return;
      server
        .notification({ method: CODEX_EVENT_METHOD, params: { ...params } })
        .catch(() => undefined);
    },
    canElicit: () => server.getClientCapabilities()?.elicitation !== undefined,
    elicit: (params, signal) =>
      server.request({ method: "elicitation/create", params } as never, ResultSchema, {
        signal,
        timeout: APPROVAL_TIMEOUT_MS,
      }),
  };
  const threads = new CodexThreads(channel, opts.configOverrides, logToStderr);

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: TOOL_DEFINITIONS }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const call = { requestId: extra.requestId, signal: extra.signal };
    const { name, arguments: args } = request.params;
    try {
      if (name === CODEX_TOOL) return await threads.startThread(args, call);
      if (name === CODEX_REPLY_TOOL) return await threads.reply(args, call);
      return toolError(
        `Unknown tool '${name}'. This server offers ${CODEX_TOOL} and ${CODEX_REPLY_TOOL}.`,
      );
    } catch (e) {
      // A bug, not an expected failure: report it to the client and keep serving.
      logToStderr(`${name} failed: ${(e as Error).stack ?? String(e)}`);
      return toolError(`Internal error in ${name}: ${(e as Error).message}`);
    }
  });
  server.onerror = (e) => logToStderr(`protocol error: ${e.message}`);

  let exitCode = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    connected = false;
    void (async () => {
      await server.close().catch(() => undefined);
      await threads.shutdownAll();
      resolveDone();
    })();
  };

  // The client is gone when its end of our stdin closes or our stdout breaks.
  process.stdin.once("end", () => stop(0));
  process.stdin.once("close", () => stop(0));
  process.stdout.on("error", () => stop(0));
  const onSignal = (signal: NodeJS.Signals) => stop(signal === "SIGINT" ? 130 : 143);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  await server.connect(new StdioServerTransport());
  await done;
  return exitCode;
}
