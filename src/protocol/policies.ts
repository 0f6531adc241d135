// Policies and enums shared by every front-end. Wire spellings follow Codex (kebab/snake case).

/** When the user is asked before a tool call runs. */
export type AskForApproval =
  /** Only known-safe read-only commands run without asking. */
  | "untrusted"
  /** Everything runs in the sandbox; a sandbox failure is offered for re-run without it. */
  | "on-failure"
  /** The model decides when to ask (e.g. to escalate out of the sandbox). */
  | "on-request"
  /** Never ask; failures go straight back to the model. */
  | "never";

export const APPROVAL_POLICIES: readonly AskForApproval[] = [
  "untrusted",
  "on-failure",
  "on-request",
  "never",
];

/** The user-facing sandbox mode (`sandbox_mode`, `--sandbox`). */
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";

export const SANDBOX_MODES: readonly SandboxMode[] = [
  "read-only",
  "workspace-write",
  "danger-full-access",
];

/** The resolved sandbox policy, as Codex serialises it (`{"type":"read-only"}` …). */
export type SandboxPolicy =
  /** Read everything, write nothing, no network. */
  | { type: "read-only" }
  /** Read everything, write under the cwd and the writable roots. */
  | {
      type: "workspace-write";
      /** Extra absolute directories that may be written. */
      writable_roots: string[];
      /** Whether outbound network is allowed. */
      network_access: boolean;
      /** Do not make `$TMPDIR` writable. */
      exclude_tmpdir_env_var: boolean;
      /** Do not make `/tmp` writable. */
      exclude_slash_tmp: boolean;
    }
  /** No restrictions at all. */
  | { type: "danger-full-access" };

/** A user's answer to an approval request. */
export type ReviewDecision =
  /** Run this call. */
  | "approved"
  /** Run this call and do not ask again for the same command in this session. */
  | "approved_for_session"
  /** Do not run it; the model is told and the turn goes on. */
  | "denied"
  /** Do not run it and end the turn (TurnAborted). */
  | "abort";

/** Reasoning effort sent as `reasoning.effort`. */
export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh";
export const REASONING_EFFORTS: readonly ReasoningEffort[] = [
  "none",
  "minimal",
  "low",
  "medium",
  "high",
  "xhigh",
];

/** Reasoning summary mode sent as `reasoning.summary`. */
export type ReasoningSummary = "auto" | "concise" | "detailed" | "none";
export const REASONING_SUMMARIES: readonly ReasoningSummary[] = [
  "auto",
  "concise",
  "detailed",
  "none",
];

/** Output verbosity sent as `text.verbosity`. */
export type Verbosity = "low" | "medium" | "high";
export const VERBOSITIES: readonly Verbosity[] = ["low", "medium", "high"];

/** Why a turn ended early. */
export type TurnAbortReason = "interrupted" | "replaced" | "review_ended";

/** Which wire protocol a provider speaks. */
export type WireApi = "responses" | "chat";
