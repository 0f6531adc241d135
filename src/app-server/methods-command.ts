// command/exec: run one command (no model involved) under the configured or given sandbox, the
// way a `!cmd` runs; optional output streaming and termination by processId. With `tty` or
// `streamStdin` the process is interactive (command-process.ts): the client writes its stdin
// and resizes its terminal by processId.
import path from "node:path";
import { z } from "zod";
import { runProcess } from "../exec/runner.js";
import { spawnPlanFor } from "../tools/command-runner.js";
import type { ToolContext } from "../tools/types.js";
import type { ClientConnection } from "./connection.js";
import type { Handler } from "./methods-threads.js";
import { invalidRequest, parseParams } from "./rpc.js";
import { SandboxPolicySchema } from "./schemas.js";
import type { ServerContext, ThreadRegistry } from "./thread-registry.js";
import { corePolicy } from "./policy.js";
import { startInteractive, type InteractiveProcess } from "./command-process.js";
import { LocalEnvironment } from "../environment/local.js";

const localEnvironment = new LocalEnvironment();

const ExecSchema = z.object({
  command: z.array(z.string()).min(1),
  cwd: z.string().nullable().optional(),
  env: z.record(z.string(), z.string().nullable()).nullable().optional(),
  sandboxPolicy: SandboxPolicySchema.nullable().optional(),
  timeoutMs: z.number().int().min(0).nullable().optional(),
  disableTimeout: z.boolean().optional(),
  processId: z.string().nullable().optional(),
  streamStdoutStderr: z.boolean().optional(),
  streamStdin: z.boolean().optional(),
  tty: z.boolean().optional(),
  size: z
    .object({ cols: z.number().int().min(0), rows: z.number().int().min(0) })
    .nullable()
    .optional(),
  outputBytesCap: z.number().int().min(0).nullable().optional(),
  disableOutputCap: z.boolean().optional(),
});
const ProcessIdSchema = z.object({ processId: z.string() });
const WriteSchema = z.object({
  processId: z.string(),
  deltaBase64: z.string().nullable().optional(),
  closeStdin: z.boolean().optional(),
});
const ResizeSchema = z.object({
  processId: z.string(),
  size: z.object({ cols: z.number().int().min(0), rows: z.number().int().min(0) }),
});

/** Without a timeout a forgotten command would run forever: 10 s unless the client says otherwise. */
const DEFAULT_TIMEOUT_MS = 10_000;

export function commandMethods(reg: ThreadRegistry, ctx: ServerContext): Record<string, Handler> {
  const running = new Map<
    string,
    { conn: ClientConnection; abort: AbortController; interactive?: InteractiveProcess }
  >();
  /** A client that goes away takes its interactive processes with it (one listener each). */
  const watched = new WeakSet<ClientConnection>();
  function watchClose(conn: ClientConnection): void {
    if (watched.has(conn)) return;
    watched.add(conn);
    conn.onClose(() => {
      for (const r of running.values()) if (r.conn === conn && r.interactive) r.abort.abort();
    });
  }

  /** The running interactive process `processId` of this client, or -32600. */
  const interactiveOf = (conn: ClientConnection, processId: string) => {
    const r = running.get(processId);
    if (!r || r.conn !== conn) throw invalidRequest(`no running process ${processId}`);
    if (!r.interactive) {
      throw invalidRequest(`process ${processId} was not started with \`tty\` or \`streamStdin\``);
    }
    return r.interactive;
  };

  return {
    "command/exec": async (conn, params) => {
      const p = parseParams(ExecSchema, params);
      const interactive = p.tty === true || p.streamStdin === true;
      if ((p.streamStdoutStderr || interactive) && !p.processId) {
        throw invalidRequest("Invalid request: `processId` is required to stream output");
      }
      if (p.processId && running.has(p.processId)) {
        throw invalidRequest(`process id ${p.processId} is already running`);
      }
      const config = await reg.loadConfig({});
      const cwd = p.cwd ? path.resolve(ctx.cwd, p.cwd) : config.cwd;
      const policy = p.sandboxPolicy ? corePolicy(p.sandboxPolicy) : config.sandboxPolicy;
      const toolCtx: ToolContext = {
        config,
        turn: { subId: "", turnId: "", cwd, approvalPolicy: "never", sandboxPolicy: policy },
        emit: () => undefined,
        approvals: {
          requestExec: () => Promise.resolve("denied"),
          requestPatch: () => Promise.resolve("denied"),
        },
        sessionStore: new Map(),
        turnStore: new Map(),
        // command/exec runs on the app-server's own machine, as the reference does.
        environment: localEnvironment,
      };
      const plan = await spawnPlanFor(toolCtx, p.command, cwd, policy);
      for (const [k, v] of Object.entries(p.env ?? {})) {
        if (v === null) delete plan.env[k];
        else plan.env[k] = v;
      }
      const abort = new AbortController();
      const processId = p.processId ?? null;
      if (interactive && processId) {
        return runInteractive(conn, processId, plan, p.tty ? (p.size ?? DEFAULT_SIZE) : null);
      }
      if (processId) running.set(processId, { conn, abort });
      try {
        const result = await runProcess(plan, {
          streams: "separate",
          signal: abort.signal,
          timeoutMs: p.disableTimeout ? undefined : (p.timeoutMs ?? DEFAULT_TIMEOUT_MS),
          captureBytes: p.disableOutputCap ? 64 * 1024 * 1024 : (p.outputBytesCap ?? undefined),
          onOutput: p.streamStdoutStderr
            ? (chunk, stream) =>
                conn.notify("command/exec/outputDelta", {
                  processId,
                  stream,
                  deltaBase64: chunk.toString("base64"),
                  capReached: false,
                })
            : undefined,
        });
        if (result.spawnError) throw invalidRequest(result.spawnError);
        return {
          exitCode: result.exitCode,
          stdout: p.streamStdoutStderr ? "" : result.stdout.text,
          stderr: p.streamStdoutStderr ? "" : result.stderr.text,
        };
      } finally {
        if (processId) running.delete(processId);
      }
    },
    "command/exec/terminate": async (conn, params) => {
      const p = parseParams(ProcessIdSchema, params);
      const r = running.get(p.processId);
      if (!r || r.conn !== conn) throw invalidRequest(`no running process ${p.processId}`);
      r.abort.abort();
      return {};
    },
    "command/exec/write": async (conn, params) => {
      const p = parseParams(WriteSchema, params);
      const proc = interactiveOf(conn, p.processId);
      if (p.deltaBase64) proc.write(Buffer.from(p.deltaBase64, "base64"));
      if (p.closeStdin) proc.closeStdin();
      return {};
    },
    "command/exec/resize": async (conn, params) => {
      const p = parseParams(ResizeSchema, params);
      if (!interactiveOf(conn, p.processId).resize(p.size.cols, p.size.rows)) {
        throw invalidRequest(`process ${p.processId} has no terminal (started without \`tty\`)`);
      }
      return {};
    },
  };

  /** Interactive processes stream their output and run until they exit or are terminated. */
  async function runInteractive(
    conn: ClientConnection,
    processId: string,
    plan: Parameters<typeof startInteractive>[0],
    size: { cols: number; rows: number } | null,
  ) {
    const abort = new AbortController();
    let proc: InteractiveProcess;
    try {
      proc = await startInteractive(plan, size, (chunk, stream) =>
        conn.notify("command/exec/outputDelta", {
          processId,
          stream,
          deltaBase64: chunk.toString("base64"),
          capReached: false,
        }),
      );
    } catch (e) {
      throw invalidRequest(`cannot start ${plan.program}: ${(e as Error).message}`);
    }
    running.set(processId, { conn, abort, interactive: proc });
    abort.signal.addEventListener("abort", () => proc.terminate(), { once: true });
    watchClose(conn);
    try {
      return { exitCode: await proc.exited, stdout: "", stderr: "" };
    } finally {
      running.delete(processId);
    }
  }
}

const DEFAULT_SIZE = { cols: 80, rows: 24 };
