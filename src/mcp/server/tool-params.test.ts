import { describe, expect, it } from "vitest";
import { parseOverride } from "../../config/index.js";
import {
  ToolArgumentError,
  parseCodexReplyArgs,
  parseCodexToolArgs,
  tomlLiteral,
  toCliOverrides,
} from "./tool-params.js";

describe("codex tool arguments", () => {
  it("maps every documented argument and ignores unknown ones", () => {
    const p = parseCodexToolArgs({
      prompt: "hi",
      model: "o3",
      profile: "fast",
      cwd: "sub",
      "approval-policy": "on-request",
      sandbox: "workspace-write",
      "base-instructions": "B",
      "developer-instructions": "D",
      "compact-prompt": "C",
      "include-plan-tool": true,
      config: { model_reasoning_effort: "high" },
    });
    expect(toCliOverrides(p, ["model_verbosity=low"])).toEqual({
      model: "o3",
      profile: "fast",
      cwd: "sub",
      approvalPolicy: "on-request",
      sandboxMode: "workspace-write",
      baseInstructions: "B",
      developerInstructions: "D",
      rawOverrides: ["model_verbosity=low", 'model_reasoning_effort="high"'],
    });
  });

  it("names the argument that is wrong", () => {
    expect(() => parseCodexToolArgs({})).toThrow("`prompt` is required");
    expect(() => parseCodexToolArgs({ prompt: 1 })).toThrow("`prompt` must be a string");
    expect(() => parseCodexToolArgs({ prompt: "x", "approval-policy": "auto" })).toThrow(
      "`approval-policy` must be one of untrusted, on-failure, on-request, never",
    );
    expect(() => parseCodexToolArgs({ prompt: "x", config: [] })).toThrow(ToolArgumentError);
    expect(() => parseCodexToolArgs("x")).toThrow("arguments must be a JSON object");
  });

  it("codex-reply takes threadId or the older conversationId", () => {
    expect(parseCodexReplyArgs({ prompt: "p", threadId: "t" })).toEqual({
      prompt: "p",
      threadId: "t",
    });
    expect(parseCodexReplyArgs({ prompt: "p", conversationId: "c" })).toEqual({
      prompt: "p",
      threadId: "c",
    });
    expect(() => parseCodexReplyArgs({ prompt: "p" })).toThrow("`threadId` is required");
  });
});

describe("config map values as TOML", () => {
  const roundTrip = (value: unknown) => parseOverride(`a.b=${tomlLiteral(value, "a.b")}`).value;

  it("keeps JSON values intact through the -c parser", () => {
    for (const v of [
      "plain",
      'quotes " and \\ backslash\nnewline',
      "ünïcødé",
      42,
      -1.5,
      true,
      ["x", 1, false],
      { nested: { deep: "v" }, "dotted.key": 2 },
    ])
      expect(roundTrip(v)).toEqual(v);
  });

  it("leaves out nulls inside tables and rejects a bare null", () => {
    expect(roundTrip({ keep: 1, drop: null })).toEqual({ keep: 1 });
    expect(() => tomlLiteral(null, "k")).toThrow("TOML has no null");
    expect(parseCodexToolArgs({ prompt: "x", config: { k: null } }).configOverrides).toEqual([]);
  });
});
