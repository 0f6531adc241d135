// The exec-server wire protocol (as Codex 0.169 speaks it): JSON-RPC "lite" messages with no
// `jsonrpc` field, one per websocket text frame or stdio line. Every request's params are
// validated here, where they enter; the zod schemas are also the TypeScript types.
import { z } from "zod";

/** JSON-RPC error codes the reference server uses. */
export const ErrorCode = {
  /** Invalid request: before initialize, duplicate process id, unknown session. */
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  /** Bad params: missing field, bare path instead of a file:// URI, empty argv. */
  InvalidParams: -32602,
  /** The operation itself failed (an OS error, a sandbox refusal). */
  Internal: -32603,
  /** `initialize {resumeSessionId}` for a session attached to another connection. */
  SessionAttached: -32010,
} as const;

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const requestId = z.union([z.number(), z.string()]);

/** One incoming message: a request (with id) or a notification. `jsonrpc` is accepted, ignored. */
export const IncomingMessage = z.object({
  id: requestId.optional(),
  method: z.string(),
  params: z.unknown().optional(),
});
export type IncomingMessage = z.infer<typeof IncomingMessage>;

export const InitializeParams = z.object({
  clientName: z.string(),
  resumeSessionId: z.string().nullish(),
});

/** The sandbox a process or file write runs under: a Codex permission profile. */
export const SandboxParams = z.object({
  permissions: z.record(z.string(), z.unknown()),
  cwd: z.string().nullish(),
  windowsSandboxLevel: z.string().nullish(),
  workspaceRoots: z.array(z.string()).nullish(),
});
export type SandboxParams = z.infer<typeof SandboxParams>;

export const ProcessStartParams = z.object({
  processId: z.string().min(1),
  argv: z.array(z.string()),
  cwd: z.string(),
  env: z.record(z.string(), z.string()).default({}),
  tty: z.boolean().default(false),
  pipeStdin: z.boolean().default(false),
  arg0: z.string().nullish(),
  sandbox: SandboxParams.nullish(),
});
export type ProcessStartParams = z.infer<typeof ProcessStartParams>;

export const ProcessReadParams = z.object({
  processId: z.string(),
  afterSeq: z.number().int().nullish(),
  maxBytes: z.number().int().positive().nullish(),
  waitMs: z.number().int().nonnegative().nullish(),
});

export const ProcessWriteParams = z.object({
  processId: z.string(),
  chunk: z.string(),
  writeId: z.string().nullish(),
});

export const ProcessSignalParams = z.object({
  processId: z.string(),
  signal: z.enum(["interrupt", "terminate", "kill", "hangup"]),
});

export const ProcessIdParams = z.object({ processId: z.string() });

const sandboxField = { sandbox: SandboxParams.nullish() };
export const PathParams = z.object({ path: z.string(), ...sandboxField });
export const WriteFileParams = z.object({
  path: z.string(),
  dataBase64: z.string(),
  ...sandboxField,
});
export const CreateDirectoryParams = z.object({
  path: z.string(),
  recursive: z.boolean().nullish(),
  ...sandboxField,
});
export const RemoveParams = z.object({
  path: z.string(),
  recursive: z.boolean().nullish(),
  force: z.boolean().nullish(),
  ...sandboxField,
});
export const CopyParams = z.object({
  sourcePath: z.string(),
  destinationPath: z.string(),
  recursive: z.boolean().nullish(),
  ...sandboxField,
});

/** Output stream a chunk came from; `pty` for a terminal's merged output. */
export type StreamName = "stdout" | "stderr" | "pty";

export interface OutputChunk {
  seq: number;
  stream: StreamName;
  /** Base64 of the raw bytes. */
  chunk: string;
}

export interface ProcessReadResult {
  chunks: OutputChunk[];
  nextSeq: number;
  exited: boolean;
  exitCode: number | null;
  closed: boolean;
  failure: string | null;
  sandboxDenied: boolean;
}

/** Parses params with a schema; a mismatch is -32602 naming the first bad field. */
export function parseParams<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".");
  const missing = issue.code === "invalid_type" && issue.message.includes("undefined");
  throw new RpcError(
    ErrorCode.InvalidParams,
    missing
      ? `missing field \`${field}\``
      : `invalid params: ${field || "params"}: ${issue.message}`,
  );
}
