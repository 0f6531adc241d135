// What each model family supports. Facts (context windows, default effort/verbosity) come from
// Codex 0.169's bundled catalog and OpenAI's published model limits; the tool choices are ours:
// current models get the unified exec tools and the freeform apply_patch Codex gives gpt-5.x,
// older chat-era models get the plain `shell` tool and a JSON apply_patch function.
import type { ReasoningEffort, ReasoningSummary, Verbosity } from "../protocol/index.js";
import type { ModelFamily } from "./types.js";

/** Used when neither `model` nor `--oss` says otherwise. */
export const DEFAULT_MODEL = "gpt-5.5";
/** Used with `--oss` / the `oss` provider when no model is configured. */
export const DEFAULT_OSS_MODEL = "gpt-oss:20b";

/**
 * A family plus the reasoning summary sent by default. "none" means the request carries no
 * `reasoning.summary` (the catalog models); the generic family asks for "auto" as Codex does.
 */
export interface ModelFamilyInfo extends ModelFamily {
  defaultReasoningSummary: ReasoningSummary;
}

type Traits = Omit<ModelFamilyInfo, "slug">;

/** Catalog-era gpt-5.5+ models: reasoning, low verbosity by default, no summary by default. */
function catalog(
  contextWindow: number,
  effort: ReasoningEffort,
  verbosity: Verbosity = "low",
): Traits {
  return {
    supportsReasoningSummaries: true,
    supportsParallelToolCalls: true,
    supportsVerbosity: true,
    shellToolType: "unified_exec",
    applyPatchToolType: "freeform",
    contextWindow,
    maxOutputTokens: 128_000,
    defaultReasoningEffort: effort,
    defaultVerbosity: verbosity,
    defaultReasoningSummary: "none",
  };
}

const GPT5: Traits = {
  supportsReasoningSummaries: true,
  supportsParallelToolCalls: true,
  supportsVerbosity: true,
  shellToolType: "unified_exec",
  applyPatchToolType: "freeform",
  contextWindow: 272_000,
  maxOutputTokens: 128_000,
  defaultReasoningEffort: "medium",
  defaultVerbosity: null,
  defaultReasoningSummary: "auto",
};

/** o-series and codex-mini: reasoning models from before gpt-5. */
function oSeries(contextWindow: number, maxOutputTokens: number): Traits {
  return {
    supportsReasoningSummaries: true,
    supportsParallelToolCalls: false,
    supportsVerbosity: false,
    shellToolType: "shell",
    applyPatchToolType: "function",
    contextWindow,
    maxOutputTokens,
    defaultReasoningEffort: "medium",
    defaultVerbosity: null,
    defaultReasoningSummary: "auto",
  };
}

/** Chat-era models without reasoning. */
function chatModel(contextWindow: number, maxOutputTokens: number): Traits {
  return {
    supportsReasoningSummaries: false,
    supportsParallelToolCalls: true,
    supportsVerbosity: false,
    shellToolType: "shell",
    applyPatchToolType: "function",
    contextWindow,
    maxOutputTokens,
    defaultReasoningEffort: null,
    defaultVerbosity: null,
    defaultReasoningSummary: "none",
  };
}

/**
 * Families by slug prefix; the longest matching prefix wins, so exact slugs and more specific
 * prefixes can sit next to general ones.
 */
const FAMILIES: Record<string, Traits> = {
  // Codex 0.169 catalog (context window, default effort, default verbosity).
  "gpt-6-astra": catalog(272_000, "low"),
  "gpt-6.1-sol": catalog(272_000, "low"),
  "gpt-6.1-terra": catalog(500_000, "low"),
  "gpt-6-sol": catalog(272_000, "medium"),
  "gpt-6-luna": catalog(272_000, "medium"),
  "gpt-6": catalog(272_000, "medium"),
  "gpt-5.6-sol": catalog(272_000, "low"),
  "gpt-5.6": catalog(272_000, "medium"),
  "gpt-daybreak-blue": catalog(272_000, "low"),
  "gpt-daybreak-red": catalog(372_000, "medium", "high"),
  "gpt-5.5": catalog(272_000, "medium"),
  "codex-auto-review": catalog(272_000, "medium"),
  // Earlier gpt-5 releases.
  "gpt-5": GPT5,
  "gpt-5.": { ...GPT5, defaultVerbosity: "low" },
  "gpt-5-codex": { ...GPT5, supportsVerbosity: false },
  "gpt-5.1-codex": { ...GPT5, supportsVerbosity: false },
  "gpt-5.2-codex": { ...GPT5, supportsVerbosity: false },
  "codex-": { ...GPT5, supportsVerbosity: false },
  // Pre-gpt-5 reasoning models.
  o3: oSeries(200_000, 100_000),
  o4: oSeries(200_000, 100_000),
  o1: oSeries(200_000, 100_000),
  "codex-mini": oSeries(200_000, 100_000),
  // Chat-era models.
  "gpt-4.1": chatModel(1_047_576, 32_768),
  "gpt-4o": chatModel(128_000, 16_384),
  "gpt-4": chatModel(128_000, 4_096),
  "gpt-3.5": chatModel(16_385, 4_096),
  // Open-weight gpt-oss (usually via Ollama): reasons, but the effort knob is left to the server.
  "gpt-oss": { ...chatModel(128_000, 32_768), supportsReasoningSummaries: false },
  "openai/gpt-oss": { ...chatModel(128_000, 32_768), supportsReasoningSummaries: false },
};

const PREFIXES = Object.keys(FAMILIES).sort((a, b) => b.length - a.length);

/**
 * Anything we do not recognise (local and third-party models). Like Codex: unified exec tools,
 * parallel tool calls, `reasoning: {summary: "auto"}` and no effort. Unlike Codex we still offer
 * apply_patch, as a JSON function, because most other models handle that better than editing
 * files through shell commands.
 */
const GENERIC: Traits = {
  supportsReasoningSummaries: true,
  supportsParallelToolCalls: true,
  supportsVerbosity: false,
  shellToolType: "unified_exec",
  applyPatchToolType: "function",
  contextWindow: null,
  maxOutputTokens: null,
  defaultReasoningEffort: null,
  defaultVerbosity: null,
  defaultReasoningSummary: "auto",
};

export function findModelFamily(model: string): ModelFamilyInfo {
  const prefix = PREFIXES.find((p) => model.startsWith(p));
  return { slug: prefix ?? model, ...(prefix ? (FAMILIES[prefix] ?? GENERIC) : GENERIC) };
}

/** Whether `model` matched a known family (as opposed to the generic fallback). */
export function isKnownModel(model: string): boolean {
  return PREFIXES.some((p) => model.startsWith(p));
}
