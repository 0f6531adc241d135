// The exec-server's `process/*` methods, run against one attached session.
import { existsSync, statSync } from "node:fs";
import type { SandboxPolicy } from "../protocol/index.js";
import { detectSandboxBackend } from "../sandbox/detect.js";
import { looksLikeSandboxDenial } from "../sandbox/denial.js";
import { buildSpawnPlan } from "../sandbox/transform.js";
import { policyFromPermissions } from "./permissions.js";
import { ServerProcess } from "./process.js";
import {
  ErrorCode,
  ProcessIdParams,
  ProcessReadParams,
  ProcessSignalParams,
  ProcessStartParams,
  ProcessWriteParams,
  RpcError,
  parseParams,
} from "./protocol.js";
import type { ExecSession } from "./session.js";
import { uriToPath } from "./uri.js";

export interface MethodContext {
  session: ExecSession;
  codexHome: string;
  /** Runs after the reply to this request was sent. */
  afterReply(fn: () => void): void;
}

const SANDBOX_TYPE = {
  none: "none",
  "linux-helper": "linuxSeccomp",
  bwrap: "linuxSeccomp",
  seatbelt: "macosSeatbelt",
} as const;

async function start(params: unknown, ctx: MethodContext) {
  const p = parseParams(ProcessStartParams, params);
  if (p.argv.length === 0) throw new RpcError(ErrorCode.InvalidParams, "argv must not be empty");
  if (ctx.session.processes.has(p.processId)) {
    throw new RpcError(ErrorCode.InvalidRequest, `process ${p.processId} already exists`);
  }
  const cwd = uriToPath(p.cwd);
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    throw new RpcError(ErrorCode.Internal, `working directory ${cwd} does not exist`);
  }
  let policy: SandboxPolicy = { type: "danger-full-access" };
  if (p.sandbox) policy = policyFromPermissions(p.sandbox.permissions);
  let plan: { program: string; args: string[]; env: Record<string, string>; fd3?: Buffer } = {
    program: p.argv[0]!,
    args: p.argv.slice(1),
    env: p.env,
  };
  let sandboxType: string = "none";
  if (policy.type !== "danger-full-access") {
    const backend = await detectSandboxBackend();
    try {
      const built = buildSpawnPlan({
        command: p.argv,
        cwd,
        policy,
        env: p.env,
        codexHome: ctx.codexHome,
        backend,
      });
      plan = built;
      sandboxType = SANDBOX_TYPE[built.sandbox];
    } catch (e) {
      // Fail closed: a process that asked for a sandbox never runs without one.
      throw new RpcError(ErrorCode.Internal, (e as Error).message);
    }
  }
  let proc: ServerProcess;
  try {
    proc = await ServerProcess.start(p.processId, {
      program: plan.program,
      args: plan.args,
      fd3: plan.fd3,
      cwd,
      env: plan.env,
      arg0: p.arg0 ?? undefined,
      tty: p.tty,
      pipeStdin: p.pipeStdin,
      deniedBySandbox:
        policy.type === "danger-full-access"
          ? undefined
          : (code, output) => looksLikeSandboxDenial(output, code, policy),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const what = err.code === "ENOENT" ? "No such file or directory" : err.message;
    throw new RpcError(ErrorCode.Internal, `failed to start ${p.argv[0]}: ${what}`);
  }
  ctx.session.add(proc);
  ctx.afterReply(() => ctx.session.announce(proc));
  return { processId: p.processId, sandboxType };
}

function lookup(ctx: MethodContext, processId: string): ServerProcess | undefined {
  return ctx.session.processes.get(processId);
}

export const processMethods: Record<string, (params: unknown, ctx: MethodContext) => unknown> = {
  "process/start": start,
  "process/read": async (params, ctx) => {
    const p = parseParams(ProcessReadParams, params);
    const proc = lookup(ctx, p.processId);
    if (!proc) throw new RpcError(ErrorCode.InvalidRequest, `unknown process ${p.processId}`);
    // Bounded so one request can neither hold a connection forever nor build a huge reply.
    const waitMs = Math.min(p.waitMs ?? 0, 30_000);
    const maxBytes = Math.min(p.maxBytes ?? 1024 * 1024, 8 * 1024 * 1024);
    return proc.read(p.afterSeq ?? 0, maxBytes, waitMs);
  },
  "process/write": (params, ctx) => {
    const p = parseParams(ProcessWriteParams, params);
    const proc = lookup(ctx, p.processId);
    if (!proc) return { status: "unknownProcess" };
    const data = Buffer.from(p.chunk, "base64");
    if (data.toString("base64").replace(/=+$/, "") !== p.chunk.replace(/=+$/, "")) {
      throw new RpcError(ErrorCode.InvalidParams, "chunk is not valid base64");
    }
    return { status: proc.write(data) };
  },
  "process/signal": (params, ctx) => {
    const p = parseParams(ProcessSignalParams, params);
    lookup(ctx, p.processId)?.signal(p.signal);
    return {};
  },
  "process/terminate": (params, ctx) => {
    const p = parseParams(ProcessIdParams, params);
    return { running: lookup(ctx, p.processId)?.terminate() ?? false };
  },
};
