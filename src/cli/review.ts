// `codex review` / `codex exec review`: one review in an isolated thread, printed as Codex
// prints it (the overall explanation, then the findings in the model's order, on stdout), or as
// the exec JSONL stream plus a last line `{"type":"review.completed","review_output":…}`.
import type { ReviewOutputEvent, ReviewRequest } from "../protocol/index.js";
import {
  HumanEventProcessor,
  JsonlEventProcessor,
  type EventProcessor,
} from "../exec-cli/index.js";
import { readAllText } from "../exec-cli/prompt-input.js";
import {
  buildReviewRequest,
  renderReviewOutputText,
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

/** Codex's error when `codex review` is given nothing to review (exit 1). */
export const NO_REVIEW_TARGET =
  "Error: Specify --uncommitted, --base, --commit, or provide custom review instructions";

/** A usage error (exit 2) or a runtime error (exit 1), printed as given. */
export interface ReviewTargetProblem {
  message: string;
  code: number;
}

/** The target from the flags (at most one) and PROMPT, or what is wrong with them. */
export function reviewTarget(
  flags: ReviewFlags,
  prompt: string | undefined,
): ReviewTarget | ReviewTargetProblem {
  const given: [string, boolean][] = [
    ["--uncommitted", flags.uncommitted === true],
    ["--base <BRANCH>", flags.base !== undefined],
    ["--commit <SHA>", flags.commit !== undefined],
  ];
  const chosen = given.filter(([, on]) => on).map(([name]) => name);
  if (chosen.length > 1) {
    // clap's wording, as Codex prints it.
    const first = (chosen[0] ?? "").split(" ")[0];
    return {
      message: `error: the argument '${first}' cannot be used with '${chosen[1]}'\n\nFor more information, try '--help'.`,
      code: 2,
    };
  }
  if (flags.base !== undefined) return { kind: "base", branch: flags.base };
  if (flags.commit !== undefined) return { kind: "commit", sha: flags.commit, title: flags.title };
  if (flags.uncommitted) return { kind: "uncommitted" };
  if (prompt !== undefined) return { kind: "custom", instructions: prompt };
  return { message: NO_REVIEW_TARGET, code: 1 };
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
  if ("message" in target) return fail(target.message, target.code);

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
    if (e instanceof ReviewTargetError) return fail(`error: ${e.message}`);
    throw e;
  }

  const apiKey = apiKeyOutcome(config);
  if (!apiKey.ok) return fail(apiKey.message);

  const color = flags.color ?? "auto";
  if (!["auto", "always", "never"].includes(color)) {
    return fail(`error: invalid value '${color}' for '--color <COLOR>'`, 2);
  }
  // In human mode the review is printed below, once; the processor's own copy of the final
  // message (the review turn ends with the rendered review) is dropped.
  const processor: EventProcessor = flags.json
    ? new JsonlEventProcessor({ stdout: process.stdout })
    : new HumanEventProcessor({
        stdout: { write: () => true, isTTY: false },
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
    prompt: request.user_facing_hint,
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
    process.stdout.write(`${renderReviewOutputText(output)}\n`);
  }
  if (interrupted) return 130;
  if (output === null) return result.exitCode === 0 ? 1 : result.exitCode;
  return result.exitCode;
}
