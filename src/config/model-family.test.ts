import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL, findModelFamily, isKnownModel } from "./model-family.js";

describe("findModelFamily", () => {
  it("describes the default model like the Codex catalog", () => {
    const f = findModelFamily(DEFAULT_MODEL);
    expect(f).toMatchObject({
      slug: "gpt-5.5",
      contextWindow: 272_000,
      defaultReasoningEffort: "medium",
      defaultVerbosity: "low",
      defaultReasoningSummary: "none",
      shellToolType: "unified_exec",
      applyPatchToolType: "freeform",
      supportsParallelToolCalls: true,
    });
  });

  it("uses the longest matching prefix", () => {
    expect(findModelFamily("gpt-6.1-terra").contextWindow).toBe(500_000);
    expect(findModelFamily("gpt-5-codex").supportsVerbosity).toBe(false);
    expect(findModelFamily("gpt-5-mini").slug).toBe("gpt-5");
    expect(findModelFamily("gpt-4.1-mini")).toMatchObject({
      slug: "gpt-4.1",
      contextWindow: 1_047_576,
    });
    expect(findModelFamily("gpt-4o-mini").slug).toBe("gpt-4o");
  });

  it("gives older models the shell tool and a JSON apply_patch", () => {
    for (const m of ["gpt-4.1", "o3", "o4-mini", "gpt-oss:20b", "codex-mini-latest"]) {
      const f = findModelFamily(m);
      expect([m, f.shellToolType, f.applyPatchToolType]).toEqual([m, "shell", "function"]);
    }
    expect(findModelFamily("gpt-4o").defaultReasoningEffort).toBeNull();
    expect(findModelFamily("o3").defaultReasoningEffort).toBe("medium");
  });

  it("falls back to a generic family for unknown models", () => {
    const f = findModelFamily("mock-model");
    expect(isKnownModel("mock-model")).toBe(false);
    expect(f).toMatchObject({
      slug: "mock-model",
      contextWindow: null,
      defaultReasoningEffort: null,
      defaultReasoningSummary: "auto",
      shellToolType: "unified_exec",
      supportsParallelToolCalls: true,
    });
  });
});
