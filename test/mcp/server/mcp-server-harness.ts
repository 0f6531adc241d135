// Runs the built `codex mcp-server` as a real child process and talks to it with the official MCP
// SDK `Client`. The transport is ours (not StdioClientTransport) so tests can close stdin
// themselves, see the exit status, and check that every stdout line is a JSON-RPC message.
import { spawn, type ChildProcess } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { JSONRPCMessageSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { CLI } from "../../harness.js";

class ChildStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** stdout lines that were not JSON-RPC messages (there must be none). */
  readonly badLines: string[] = [];
  private pending = "";

  constructor(private readonly child: ChildProcess) {}

  async start(): Promise<void> {
    this.child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      this.pending += chunk;
      let nl: number;
      while ((nl = this.pending.indexOf("\n")) >= 0) {
        const line = this.pending.slice(0, nl).replace(/\r$/, "");
        this.pending = this.pending.slice(nl + 1);
        if (line === "") continue;
        if (process.env.CODEX_TS_MCP_TRACE) process.stderr.write(`<< ${line.slice(0, 300)}\n`);
        let message: JSONRPCMessage;
        try {
          message = JSONRPCMessageSchema.parse(JSON.parse(line));
        } catch {
          this.badLines.push(line);
          continue;
        }
        this.onmessage?.(message);
      }
    });
    this.child.once("close", () => this.onclose?.());
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (process.env.CODEX_TS_MCP_TRACE)
      process.stderr.write(`>> ${JSON.stringify(message).slice(0, 300)}\n`);
    return new Promise((resolve, reject) => {
      this.child.stdin!.write(`${JSON.stringify(message)}\n`, (err) =>
        err ? reject(err) : resolve(),
      );
    });
  }

  async close(): Promise<void> {
    this.child.stdin!.end();
  }
}

export interface CodexEventNotification {
  _meta: { requestId?: string | number; threadId: string };
  id: string;
  msg: { type: string } & Record<string, unknown>;
}

export type ElicitationParams = Record<string, unknown> & {
  message: string;
  codex_elicitation?: string;
};

export interface McpServerProcess {
  client: Client;
  child: ChildProcess;
  /** Every `codex/event` notification, in arrival order. */
  events: CodexEventNotification[];
  /** The first event (already arrived or still to come) that matches. */
  waitForEvent(pred: (e: CodexEventNotification) => boolean): Promise<CodexEventNotification>;
  /** Every other notification. */
  otherNotifications: { method: string; params?: unknown }[];
  elicitations: ElicitationParams[];
  badStdoutLines: string[];
  stderr(): string;
  /** Resolves when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Closes stdin (the client goes away) and waits for the exit. */
  disconnect(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  cwd: string;
  home: string;
  /** Answers elicitations; when absent the client does not declare the capability. */
  onElicit?: (params: ElicitationParams) => unknown;
  args?: string[];
}

const LooseElicitRequest = z.object({
  method: z.literal("elicitation/create"),
  params: z.looseObject({ message: z.string() }),
});

export async function startMcpServer(opts: StartOptions): Promise<McpServerProcess> {
  const child = spawn(process.execPath, [CLI, "mcp-server", ...(opts.args ?? [])], {
    cwd: opts.cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: "C.UTF-8",
      CODEX_HOME: opts.home,
      MOCK_API_KEY: "sk-mock-test-key",
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  let disconnecting = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => {
      // A server that dies on its own fails the test with "Connection closed"; say why.
      if (!disconnecting)
        process.stderr.write(
          `codex mcp-server exited unexpectedly (${code ?? signal}):\n${stderr}\n`,
        );
      resolve({ code, signal });
    }),
  );
  const transport = new ChildStdioTransport(child);
  const client = new Client(
    { name: "codex-ts-test", version: "1.0.0" },
    { capabilities: opts.onElicit ? { elicitation: {} } : {} },
  );
  const events: CodexEventNotification[] = [];
  const otherNotifications: { method: string; params?: unknown }[] = [];
  const elicitations: ElicitationParams[] = [];
  const waiters = new Set<() => void>();
  client.fallbackNotificationHandler = async (n) => {
    if (n.method === "codex/event") {
      events.push(n.params as unknown as CodexEventNotification);
      for (const w of [...waiters]) w();
    } else otherNotifications.push(n);
  };
  const waitForEvent = (pred: (e: CodexEventNotification) => boolean) =>
    new Promise<CodexEventNotification>((resolve) => {
      const check = () => {
        const hit = events.find(pred);
        if (!hit) return;
        waiters.delete(check);
        resolve(hit);
      };
      waiters.add(check);
      check();
    });
  if (opts.onElicit) {
    const onElicit = opts.onElicit;
    client.setRequestHandler(LooseElicitRequest, async (request) => {
      const params = request.params as ElicitationParams;
      elicitations.push(params);
      return (await onElicit(params)) as never;
    });
  }
  await client.connect(transport);
  return {
    client,
    child,
    events,
    waitForEvent,
    otherNotifications,
    elicitations,
    badStdoutLines: transport.badLines,
    stderr: () => stderr,
    exited,
    async disconnect() {
      disconnecting = true;
      child.stdin!.end();
      return exited;
    },
  };
}
