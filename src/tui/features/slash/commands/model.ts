// `/model`: choose the model and reasoning effort for the following turns.
import { findModelFamily } from "../../../../config/model-family.js";
import { REASONING_EFFORTS, type ReasoningEffort } from "../../../../protocol/index.js";
import { busyError, type FeatureCommand, type Picker, type SlashAction } from "../actions.js";

/** Models offered in the picker: the slugs of Codex 0.169's bundled catalog. */
export const MODEL_CHOICES: readonly string[] = [
  "gpt-5.5",
  "gpt-6-astra",
  "gpt-6.1-sol",
  "gpt-6.1-terra",
  "gpt-6-sol",
  "gpt-6-luna",
  "gpt-5.6-sol",
  "gpt-5.6-terra",
  "gpt-5.6-luna",
];

/** Efforts offered for reasoning models ("none" is left to `-c model_reasoning_effort`). */
export const EFFORT_CHOICES: readonly ReasoningEffort[] = [
  "minimal",
  "low",
  "medium",
  "high",
  "xhigh",
];

const EFFORT_NOTES: Partial<Record<ReasoningEffort, string>> = {
  minimal: "fastest, least thinking",
  low: "quick answers",
  medium: "balanced",
  high: "thinks longer on hard problems",
  xhigh: "most thorough, slowest",
};

function supportsEffort(model: string): boolean {
  const family = findModelFamily(model);
  return family.defaultReasoningEffort !== null;
}

function setModel(model: string, effort: ReasoningEffort | null): SlashAction[] {
  return [
    { type: "op", op: { type: "override_turn_context", model, effort } },
    {
      type: "info",
      lines: [`Model set to ${model}${effort ? ` (reasoning effort: ${effort})` : ""}.`],
    },
  ];
}

export function effortPicker(model: string, currentEffort: ReasoningEffort | null): Picker {
  const fallback = findModelFamily(model).defaultReasoningEffort;
  const current = currentEffort ?? fallback;
  return {
    title: `Reasoning effort for ${model}`,
    items: EFFORT_CHOICES.map((effort) => ({
      label: effort,
      description: `${EFFORT_NOTES[effort] ?? ""}${effort === fallback ? " (default)" : ""}`.trim(),
      current: effort === current,
      actions: setModel(model, effort),
    })),
  };
}

export function modelPicker(currentModel: string, currentEffort: ReasoningEffort | null): Picker {
  const models = MODEL_CHOICES.includes(currentModel)
    ? MODEL_CHOICES
    : [currentModel, ...MODEL_CHOICES];
  return {
    title: "Select a model",
    hint: "Or type /model <name> [effort]",
    items: models.map((model) => ({
      label: model,
      current: model === currentModel,
      description: supportsEffort(model) ? "then choose the reasoning effort" : undefined,
      actions: supportsEffort(model)
        ? [
            {
              type: "picker",
              picker: effortPicker(model, model === currentModel ? currentEffort : null),
            },
          ]
        : setModel(model, null),
    })),
  };
}

export const modelCommand: FeatureCommand = {
  name: "model",
  description: "choose the model and reasoning effort",
  run(ctx, args) {
    if (ctx.taskRunning) return [busyError("model")];
    const words = args.trim().split(/\s+/).filter(Boolean);
    const [model, effortWord] = words;
    if (!model)
      return [{ type: "picker", picker: modelPicker(ctx.session.model, ctx.session.effort) }];
    if (words.length > 2) {
      return [{ type: "error", message: "Usage: /model [MODEL] [EFFORT]" }];
    }
    if (effortWord === undefined) {
      return supportsEffort(model)
        ? [{ type: "picker", picker: effortPicker(model, null) }]
        : setModel(model, null);
    }
    const effort = REASONING_EFFORTS.find((e) => e === effortWord);
    if (!effort) {
      return [
        {
          type: "error",
          message: `Unknown reasoning effort "${effortWord}". Use one of: ${REASONING_EFFORTS.join(", ")}.`,
        },
      ];
    }
    return setModel(model, effort);
  },
};
