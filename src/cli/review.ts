// `codex review` / `codex exec review`: one review in an isolated thread, printed for humans
// (findings, then the verdict, on stdout) or as the exec JSONL stream plus a last line
// `{"type":"review.completed","review_output":…}`.
import type { ReviewOutputEvent, ReviewRequest } from "../protocol/index.js";
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
import {
  apiKeyOutcome,
  loadConfigOutcome,
  runUnattendedTask,
  startSession,
  stderrLog,
} from "./unattended.js";
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

  const loaded = await loadConfigOutcome({
    cli: toCliOverrides(flags),
    defaults: { approvalPolicy: "never" },
  });
  if (!loaded.ok) return fail(loaded.message);
  const { config, warnings } = loaded.value;
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

  const apiKey = apiKeyOutcome(config);
  if (!apiKey.ok) return fail(apiKey.message);

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
  const started = await startSession(config, {
    apiKey: apiKey.value,
    ephemeral: !!flags.ephemeral,
    source: "exec",
    originator: "codex_exec",
    log: stderrLog,
  });
  if (!started.ok) return fail(started.message);
  const { conversation, sessionConfigured } = started.value;
  processor.printHeader({
    config: { ...config, model: config.reviewModel },
    sessionId: sessionConfigured.session_id,
    prompt: `Review: ${request.user_facing_hint}`,
  });
  processor.processEvent({ id: "", msg: sessionConfigured });

  let output: ReviewOutputEvent | null = null;
  const { interrupted } = await runUnattendedTask(
    conversation,
    { type: "review", review_request: request },
    (ev) => {
      if (ev.msg.type === "exited_review_mode") output = ev.msg.review_output;
      processor.processEvent(ev);
    },
  );
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
