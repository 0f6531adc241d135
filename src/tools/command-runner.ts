// Approval and sandbox orchestration for every command the model runs (seed-spec §4, §5.2):
// decide whether to ask, build the spawn plan through the sandbox transform, run, and on a
// sandbox denial under `on-failure` offer a re-run without the sandbox.
import { createChildEnv } from "../exec/index.js";
import type { AskForApproval, ParsedCommand, SandboxPolicy } from "../protocol/index.js";
import { looksLikeSandboxDenial, SandboxUnavailableError } from "../sandbox/index.js";
import { recordPolicyDecision, recordSandboxDenial } from "../telemetry/hooks.js";
import { RespondToModel, ToolDenied, TurnAbortRequested } from "./errors.js";
import type { ToolContext } from "./types.js";
import { applySnapshot, shellSnapshot } from "./shell-snapshot.js";
import type { EnvironmentPlan } from "../environment/types.js";

export interface CommandRequest {
  callId: string;
  /** argv, e.g. ["/bin/bash", "-lc", "ls"]. */
  command: string[];
  cwd: string;
  /** The model asked to run outside the sandbox. */
  escalate: boolean;
  justification?: string;
}

/** How a command will run once approvals are settled. */
export interface PreparedCommand {
  plan: EnvironmentPlan;
  sandboxed: boolean;
  parsedCmd: ParsedCommand[];
  /** The user approved this exact command (so a sandbox denial may be retried unsandboxed). */
  userApproved: boolean;
}

const POLICY_DEBUG_NAME: Record<AskForApproval, string> = {
  untrusted: "UnlessTrusted",
  "on-failure": "OnFailure",
  "on-request": "OnRequest",
  never: "Never",
};

const APPROVED_COMMANDS = "approved_commands";

function approvedCommands(ctx: ToolContext): Set<string> {
  let set = ctx.sessionStore.get(APPROVED_COMMANDS) as Set<string> | undefined;
  if (!set) {
    set = new Set();
    ctx.sessionStore.set(APPROVED_COMMANDS, set);
  }
  return set;
}

function commandKey(command: string[]): string {
  return JSON.stringify(command);
}

/** Ask the user; returns true when approved, throws for denial/abort. */
export async function askExecApproval(
  ctx: ToolContext,
  req: {
    callId: string;
    command: string[];
    cwd: string;
    reason: string | null;
    parsedCmd: ParsedCommand[];
  },
): Promise<void> {
  const decision = await ctx.approvals.requestExec(req);
  switch (decision) {
    case "approved":
      return;
    case "approved_for_session":
      approvedCommands(ctx).add(commandKey(req.command));
      return;
    case "abort":
      throw new TurnAbortRequested();
    default:
      throw new ToolDenied("exec command rejected by user");
  }
}

/** The spawn plan for a command under a policy; `null` policy means no sandbox at all. */
export async function spawnPlanFor(
  ctx: ToolContext,
  command: string[],
  cwd: string,
  policy: SandboxPolicy,
): Promise<EnvironmentPlan> {
  const environment = ctx.environment;
  let env = createChildEnv(ctx.config.shellEnvironmentPolicy, await environment.baseEnv());
  let argv = command;
  // The login-shell snapshot describes this machine's shell; a remote one has its own profile.
  const snapshot = environment.kind === "local" ? await shellSnapshot(ctx.config) : null;
  const applied = snapshot && applySnapshot(command, snapshot, ctx.config.shellEnvironmentPolicy);
  if (applied) {
    argv = applied.command;
    env = applied.env;
  }
  return environment.plan({
    command: argv,
    cwd,
    policy,
    env,
    codexHome: ctx.config.codexHome,
    helperPath: ctx.config.codexLinuxSandboxExe,
  });
}

const FULL_ACCESS: SandboxPolicy = { type: "danger-full-access" };

export async function prepareCommand(
  ctx: ToolContext,
  req: CommandRequest,
): Promise<PreparedCommand> {
  const policy = ctx.turn.approvalPolicy;
  const sandboxPolicy = ctx.turn.sandboxPolicy;
  if (req.escalate && policy !== "on-request") {
    const name = POLICY_DEBUG_NAME[policy];
    throw new RespondToModel(
      `approval policy is ${name}; reject command — you should not ask for escalated permissions if the approval policy is ${name}`,
    );
  }
  // The bash parser (wasm) loads with the first command, never at start-up.
  const { commandApprovalRequirement, parseCommand } = await import("../shell/index.js");
  const parsedCmd = await parseCommand(req.command);
  const alreadyApproved = approvedCommands(ctx).has(commandKey(req.command));
  const requirement = await commandApprovalRequirement(req.command, policy, {
    cwd: req.cwd,
    workspace: ctx.turn.cwd,
  });
  if (requirement.type === "reject") recordPolicyDecision("denied");
  if (requirement.type === "reject") throw new RespondToModel(requirement.message);

  let userApproved = alreadyApproved;
  const mustAsk = req.escalate || requirement.type === "ask";
  if (!mustAsk || alreadyApproved)
    recordPolicyDecision(alreadyApproved ? "approved_for_session" : "approved");
  if (mustAsk && !alreadyApproved) {
    const reason = req.justification ?? (requirement.type === "ask" ? requirement.reason : null);
    await askExecApproval(ctx, {
      callId: req.callId,
      command: req.command,
      cwd: req.cwd,
      reason,
      parsedCmd,
    });
    userApproved = true;
  }

  const wantSandbox =
    !(req.escalate && userApproved) && sandboxPolicy.type !== "danger-full-access";
  if (!wantSandbox) {
    return {
      plan: await spawnPlanFor(ctx, req.command, req.cwd, FULL_ACCESS),
      sandboxed: false,
      parsedCmd,
      userApproved,
    };
  }
  try {
    return {
      plan: await spawnPlanFor(ctx, req.command, req.cwd, sandboxPolicy),
      sandboxed: true,
      parsedCmd,
      userApproved,
    };
  } catch (e) {
    if (!(e instanceof SandboxUnavailableError)) throw e;
    // Fail closed: without enforcement the command only runs if a person says so.
    if (policy === "never") throw new RespondToModel(e.message);
    if (!userApproved) {
      await askExecApproval(ctx, {
        callId: req.callId,
        command: req.command,
        cwd: req.cwd,
        reason: `${e.message} Run it without a sandbox?`,
        parsedCmd,
      });
    }
    return {
      plan: await spawnPlanFor(ctx, req.command, req.cwd, FULL_ACCESS),
      sandboxed: false,
      parsedCmd,
      userApproved: true,
    };
  }
}

/** Under on-failure (and untrusted), a sandbox denial is offered for a re-run without the sandbox. */
export async function retryWithoutSandbox(
  ctx: ToolContext,
  req: CommandRequest,
  prepared: PreparedCommand,
  result: { exitCode: number; output: string },
): Promise<PreparedCommand | null> {
  if (!prepared.sandboxed || result.exitCode === 0) return null;
  const writeCtx = { cwd: req.cwd, env: process.env, codexHome: ctx.config.codexHome };
  if (!looksLikeSandboxDenial(result.output, result.exitCode, ctx.turn.sandboxPolicy, writeCtx))
    return null;
  recordSandboxDenial();
  const policy = ctx.turn.approvalPolicy;
  if (policy !== "on-failure" && policy !== "untrusted") return null;
  await askExecApproval(ctx, {
    callId: req.callId,
    command: req.command,
    cwd: req.cwd,
    reason: "command failed; retry without sandbox?",
    parsedCmd: prepared.parsedCmd,
  });
  return {
    plan: await spawnPlanFor(ctx, req.command, req.cwd, FULL_ACCESS),
    sandboxed: false,
    parsedCmd: prepared.parsedCmd,
    userApproved: true,
  };
}
