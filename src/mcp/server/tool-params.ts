// Checks and converts the arguments of the `codex` and `codex-reply` tools. Unknown arguments
// (older clients send `sandbox-permissions`, `include-plan-tool` …) are ignored, never fatal.
import type { CliOverrides } from "../../config/index.js";
import {
  APPROVAL_POLICIES,
  SANDBOX_MODES,
  type AskForApproval,
  type SandboxMode,
} from "../../protocol/index.js";

/** A problem with the arguments a client sent; the message names the argument. */
export class ToolArgumentError extends Error {}

export interface CodexToolParams {
  prompt: string;
  model?: string;
  profile?: string;
  cwd?: string;
  approvalPolicy?: AskForApproval;
  sandbox?: SandboxMode;
  /** `-c`-style `key=value` strings, in the order the client gave them. */
  configOverrides: string[];
  baseInstructions?: string;
  developerInstructions?: string;
}

export interface CodexReplyParams {
  prompt: string;
  threadId: string;
}

function asRecord(args: unknown): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (typeof args !== "object" || Array.isArray(args))
    throw new ToolArgumentError("arguments must be a JSON object");
  return args as Record<string, unknown>;
}

function optionalString(args: Record<string, unknown>, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new ToolArgumentError(`\`${key}\` must be a string`);
  return v;
}

function requiredString(args: Record<string, unknown>, key: string): string {
  const v = optionalString(args, key);
  if (v === undefined) throw new ToolArgumentError(`\`${key}\` is required`);
  return v;
}

function optionalEnum<T extends string>(
  args: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const v = optionalString(args, key);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw new ToolArgumentError(
      `\`${key}\` must be one of ${allowed.join(", ")} (got ${JSON.stringify(v)})`,
    );
  return v as T;
}

/** A JSON value as a TOML value literal, so it can travel the same path as `-c key=value`. */
export function tomlLiteral(value: unknown, key: string): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new ToolArgumentError(`config \`${key}\`: not a number`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => tomlLiteral(v, key)).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)} = ${tomlLiteral(v, `${key}.${k}`)}`).join(", ")} }`;
  }
  throw new ToolArgumentError(`config \`${key}\`: TOML has no null; leave the key out instead`);
}

function configOverrides(args: Record<string, unknown>): string[] {
  const raw = args.config;
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== "object" || Array.isArray(raw))
    throw new ToolArgumentError("`config` must be an object mapping dotted keys to values");
  return Object.entries(raw as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${tomlLiteral(v, k)}`);
}

export function parseCodexToolArgs(args: unknown): CodexToolParams {
  const a = asRecord(args);
  return {
    prompt: requiredString(a, "prompt"),
    model: optionalString(a, "model"),
    profile: optionalString(a, "profile"),
    cwd: optionalString(a, "cwd"),
    approvalPolicy: optionalEnum(a, "approval-policy", APPROVAL_POLICIES),
    sandbox: optionalEnum(a, "sandbox", SANDBOX_MODES),
    configOverrides: configOverrides(a),
    baseInstructions: optionalString(a, "base-instructions"),
    developerInstructions: optionalString(a, "developer-instructions"),
  };
}

export function parseCodexReplyArgs(args: unknown): CodexReplyParams {
  const a = asRecord(args);
  const prompt = requiredString(a, "prompt");
  const threadId = optionalString(a, "threadId") ?? optionalString(a, "conversationId");
  if (threadId === undefined || threadId === "")
    throw new ToolArgumentError(
      "`threadId` is required (the older name `conversationId` is accepted too)",
    );
  return { prompt, threadId };
}

/**
 * The loader's overrides for one `codex` call. Server-wide `-c` flags come first so the call's
 * own `config` map wins over them, as later `-c` flags do on the command line.
 */
export function toCliOverrides(params: CodexToolParams, serverOverrides: string[]): CliOverrides {
  return {
    model: params.model,
    profile: params.profile,
    cwd: params.cwd,
    approvalPolicy: params.approvalPolicy,
    sandboxMode: params.sandbox,
    baseInstructions: params.baseInstructions,
    developerInstructions: params.developerInstructions,
    rawOverrides: [...serverOverrides, ...params.configOverrides],
  };
}
