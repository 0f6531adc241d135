// `codex review` / `codex exec review`: one review in an isolated thread, printed for humans
// (findings, then the verdict, on stdout) or as the exec JSONL stream plus a last line
// `{"type":"review.completed","review_output":…}`.
import { loadConfig, ConfigError } from "../config/index.js";
import { resolveApiKey, MissingApiKeyError } from "../auth/index.js";
import { ConversationManager } from "../core/index.js";
import type { Event, ReviewOutputEvent, ReviewRequest } from "../protocol/index.js";
import {
  HumanEventProcessor,
  JsonlEventProcessor,
  type EventProcessor,
} from "../exec-cli/index.js";
import { readAllText } from "../exec-cli/prompt-input.js";
import {
  buildReviewRequest,
  NothingToReview,
  renderReviewText,
  ReviewTargetError,
  type ReviewTarget,
} from "../review/index.js";
import { isInsideGitRepo } from "./exec.js";
import { createSessionServices } from "./session-services.js";
import { toCliOverrides, type SessionFlags } from "./shared-options.js";

export interface ReviewFlags extends SessionFlags {
  uncommitted?: boolean;
  base?: string;
  commit?: string;
  title?: string;
  skipGitRepoCheck?: boolean;
  ephemeral?: boolean;
  json?: boolean;
  color?: string;
}

function fail(message: string, code = 1): number {
  process.stderr.write(`${message}\n`);
  return code;
}

/** The target from the flags (at most one), or an error message. */
export function reviewTarget(
  flags: ReviewFlags,
  prompt: string | undefined,
): ReviewTarget | string {
  const chosen = [flags.uncommitted, flags.base, flags.commit].filter(
    (f) => f !== undefined && f !== false,
  );
  if (chosen.length > 1) return "error: choose one of --uncommitted, --base and --commit";
  if (flags.base !== undefined) return { kind: "base", branch: flags.base };
  if (flags.commit !== undefined) return { kind: "commit", sha: flags.commit, title: flags.title };
  if (!flags.uncommitted && prompt !== undefined) return { kind: "custom", instructions: prompt };
  return { kind: "uncommitted" };
}

export async function runReview(
  promptArg: string | undefined,
  flags: ReviewFlags,
): Promise<number> {
  let prompt = promptArg?.trim() === "" ? undefined : promptArg;
  if (prompt === "-") {
    const read = await readAllText(process.stdin);
    if ("error" in read) return fail(read.error);
    prompt = read.text.trim() === "" ? undefined : read.text;
  }
  const target = reviewTarget(flags, prompt);
  if (typeof target === "string") return fail(target, 2);

  let loaded;
  try {
    loaded = await loadConfig({
      cli: toCliOverrides(flags),
      defaults: { approvalPolicy: "never" },
    });
  } catch (e) {
    if (e instanceof ConfigError) return fail(e.message);
    throw e;
  }
  const { config, warnings } = loaded;
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (target.kind === "custom" && !flags.skipGitRepoCheck && !isInsideGitRepo(config.cwd)) {
    return fail("Not inside a trusted directory and --skip-git-repo-check was not specified.");
  }

  let request: ReviewRequest;
  try {
    // With a diff target, PROMPT adds instructions to it.
    request = await buildReviewRequest(
      config.cwd,
      target,
      target.kind === "custom" ? undefined : prompt,
    );
  } catch (e) {
    if (e instanceof NothingToReview) {
      process.stderr.write(`${e.message}\n`);
      return 0;
    }
    if (e instanceof ReviewTargetError) return fail(`error: ${e.message}`);
    throw e;
  }

  let apiKey: string | undefined;
  try {
    apiKey = (
      await resolveApiKey(
        config.modelProvider,
        config.modelProviderId,
        process.env,
        config.codexHome,
      )
    )?.key;
  } catch (e) {
    if (e instanceof MissingApiKeyError) return fail(e.message);
    throw e;
  }

  const color = flags.color ?? "auto";
  if (!["auto", "always", "never"].includes(color)) {
    return fail(`error: invalid value '${color}' for '--color <COLOR>'`, 2);
  }
  const processor: EventProcessor = flags.json
    ? new JsonlEventProcessor({ stdout: process.stdout })
    : new HumanEventProcessor({
        stdout: process.stdout,
        stderr: process.stderr,
        color: color as "auto" | "always" | "never",
      });
  const manager = new ConversationManager();
  const { conversation, sessionConfigured } = await manager.newConversation({
    config,
    apiKey,
    originator: "codex_exec",
    ...createSessionServices(config, {
      ephemeral: !!flags.ephemeral,
      source: "exec",
      originator: "codex_exec",
    }),
    log: (m) => {
      if (process.env.CODEX_TS_LOG) process.stderr.write(`${m}\n`);
    },
  });
  processor.printHeader({
    config: { ...config, model: config.reviewModel },
    sessionId: sessionConfigured.session_id,
    prompt: `Review: ${request.user_facing_hint}`,
  });
  processor.processEvent({ id: "", msg: sessionConfigured });

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    conversation.submit({ type: "interrupt" });
  };
  process.on("SIGINT", onSigint);
  conversation.submit({ type: "review", review_request: request });

  let output: ReviewOutputEvent | null = null;
  let ev: Event | undefined;
  while ((ev = await conversation.nextEvent())) {
    if (ev.msg.type === "exec_approval_request" || ev.msg.type === "apply_patch_approval_request") {
      const op = ev.msg.type === "exec_approval_request" ? "exec_approval" : "patch_approval";
      conversation.submit({ type: op, id: ev.msg.call_id, decision: "denied" });
    }
    if (ev.msg.type === "exited_review_mode") output = ev.msg.review_output;
    processor.processEvent(ev);
    if (ev.msg.type === "task_complete" || ev.msg.type === "turn_aborted") {
      conversation.submit({ type: "shutdown" });
    }
  }
  process.off("SIGINT", onSigint);
  await conversation.finished;
  const result = processor.finish();

  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ type: "review.completed", review_output: output })}\n`,
    );
  } else if (output) {
    process.stdout.write(renderReviewText(output));
  }
  if (interrupted) return 130;
  if (output === null) return result.exitCode === 0 ? 1 : result.exitCode;
  return result.exitCode;
}
