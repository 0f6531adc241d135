// `codex exec`: one unattended task, printed for humans or as JSONL.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { InitialHistory } from "../core/index.js";
import type { ResumeTarget } from "../session/resume.js";
import type { ForkTarget } from "../rollout/fork.js";
import type { UserInput } from "../protocol/index.js";
// The output layer's modules directly, not its index: the human printer and the resume/fork
// readers load only when used, so `exec --json` on a new thread compiles neither.
import { JsonlEventProcessor } from "../exec-cli/jsonl.js";
import { readOutputSchema, writeLastMessage } from "../exec-cli/output-files.js";
import { resolveExecPrompt } from "../exec-cli/prompt-input.js";
import type { EventProcessor } from "../exec-cli/types.js";
import {
  apiKeyOutcome,
  loadConfigOutcome,
  runUnattendedTask,
  startSession,
  stderrLog,
} from "./unattended.js";
import { toCliOverrides, type SessionFlags } from "./shared-options.js";
import { preflight } from "./preflight.js";
import { OSS_PROVIDER_ID } from "../config/index.js";
import type { Config } from "../config/types.js";
import { isRepoRootSync } from "../git/marker.js";

/** `--trust`: record the project as trusted, unless the user explicitly marked it untrusted. */
async function saveTrust(config: Config): Promise<void> {
  // Imported here: the TUI's onboarding pulls in terminal-width tables a plain run never needs.
  const { recordedTrust, recordTrust, trustRoot } = await import("../tui/onboarding/trust.js");
  if (recordedTrust(config, config.cwd) === "untrusted") return;
  try {
    recordTrust(config.configPath, trustRoot(config.cwd), "trusted");
  } catch (e) {
    process.stderr.write(`warning: could not save trust: ${(e as Error).message}\n`);
  }
}

export interface ExecFlags extends SessionFlags {
  skipGitRepoCheck?: boolean;
  ephemeral?: boolean;
  outputSchema?: string;
  color?: string;
  json?: boolean;
  /** The official SDK's name for --json. */
  experimentalJson?: boolean;
  outputLastMessage?: string;
  threadSource?: string;
  cyberAccessProgram?: string;
  trust?: boolean;
  ignoreRules?: boolean;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

/** Walks up from `dir` looking for a `.git` entry (directory or worktree file). */
export function isInsideGitRepo(dir: string): boolean {
  let cur = dir;
  for (;;) {
    if (isRepoRootSync(cur)) return true;
    const parent = path.dirname(cur);
    if (parent === cur) return false;
    cur = parent;
  }
}

export async function runExec(
  promptArg: string | undefined,
  flags: ExecFlags,
  resume?: ResumeTarget | { fork: ForkTarget },
): Promise<number> {
  const color = flags.color ?? "auto";
  if (!["auto", "always", "never"].includes(color)) {
    process.stderr.write(
      `error: invalid value '${color}' for '--color <COLOR>' [possible values: always, never, auto]\n`,
    );
    return 2;
  }
  if (flags.cyberAccessProgram !== undefined) {
    return fail(
      "error: --cyber-access-program is not supported by codex-ts (an OpenAI service program); run without it.",
    );
  }
  // exec has nobody to ask, so approvals default to `never` unless -a says otherwise.
  const loaded = await loadConfigOutcome({
    cli: toCliOverrides(flags),
    defaults: { approvalPolicy: "never" },
  });
  if (!loaded.ok) return fail(loaded.message);
  const { config, warnings } = loaded.value;
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  const problem = await preflight(
    flags,
    config.modelProviderId === OSS_PROVIDER_ID ? config.modelProvider.baseUrl : undefined,
  );
  if (problem !== null) return fail(problem);
  if (flags.trust) await saveTrust(config);

  if (!flags.skipGitRepoCheck && !isInsideGitRepo(config.cwd)) {
    return fail("Not inside a trusted directory and --skip-git-repo-check was not specified.");
  }

  const promptResult = await resolveExecPrompt({
    promptArg,
    stdin: process.stdin,
    stderr: process.stderr,
  });
  if ("error" in promptResult) return fail(promptResult.error);

  let outputSchema: unknown;
  if (flags.outputSchema) {
    try {
      outputSchema = await readOutputSchema(flags.outputSchema);
    } catch (e) {
      return fail((e as Error).message);
    }
  }

  const apiKey = apiKeyOutcome(config);
  if (!apiKey.ok) return fail(apiKey.message);

  const images = flags.image ?? [];
  for (const img of images) {
    const abs = path.resolve(config.cwd, img);
    if (!existsSync(abs) || !statSync(abs).isFile()) return fail(`Image not found: ${img}`);
  }
  const items: UserInput[] = [
    ...images.map((p): UserInput => ({ type: "local_image", path: path.resolve(config.cwd, p) })),
    { type: "text", text: promptResult.prompt },
  ];

  const processor: EventProcessor =
    flags.json || flags.experimentalJson
      ? new JsonlEventProcessor({ stdout: process.stdout })
      : new (await import("../exec-cli/human.js")).HumanEventProcessor({
          stdout: process.stdout,
          stderr: process.stderr,
          color: color as "auto" | "always" | "never",
        });

  let initialHistory: InitialHistory | undefined;
  if (resume) {
    const [{ loadResumedHistory, ResumeError }, { ForkError, loadForkedHistory }] =
      await Promise.all([import("../session/resume.js"), import("../rollout/fork.js")]);
    try {
      initialHistory =
        "fork" in resume
          ? await loadForkedHistory(config.codexHome, { ...resume.fork, cwd: config.cwd })
          : await loadResumedHistory(config.codexHome, { ...resume, cwd: config.cwd });
    } catch (e) {
      if (e instanceof ResumeError || e instanceof ForkError) return fail(e.message);
      throw e;
    }
  }
  const started = await startSession(config, {
    apiKey: apiKey.value,
    ephemeral: !!flags.ephemeral,
    source: "exec",
    originator: "codex_exec",
    initialHistory,
    log: stderrLog,
  });
  if (!started.ok) return fail(started.message);
  const { conversation, sessionConfigured } = started.value;
  processor.printHeader({
    config,
    sessionId: sessionConfigured.session_id,
    prompt: promptResult.prompt,
  });
  processor.processEvent({ id: "", msg: sessionConfigured });

  const { interrupted } = await runUnattendedTask(
    conversation,
    {
      type: "user_turn",
      items,
      cwd: config.cwd,
      approval_policy: config.approvalPolicy,
      sandbox_policy: config.sandboxPolicy,
      model: config.model,
      effort: config.modelReasoningEffort,
      summary: config.modelReasoningSummary,
      final_output_json_schema: outputSchema,
    },
    (ev) => processor.processEvent(ev),
  );

  const { exitCode, lastMessage } = processor.finish();
  if (flags.outputLastMessage) {
    try {
      await writeLastMessage(flags.outputLastMessage, lastMessage ?? "");
      if (lastMessage === null) {
        process.stderr.write(
          `Warning: no last agent message; wrote empty content to ${flags.outputLastMessage}\n`,
        );
      }
    } catch (e) {
      process.stderr.write(
        `Failed to write last message file ${flags.outputLastMessage}: ${(e as Error).message}\n`,
      );
    }
  }
  if (interrupted) return 130;
  return exitCode;
}
