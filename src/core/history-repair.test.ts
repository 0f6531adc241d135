import { describe, expect, it } from "vitest";
import type { ResponseItem } from "../protocol/index.js";
import { repairCallPairs } from "./history-repair.js";

const call = (id: string): ResponseItem => ({
  type: "function_call",
  name: "shell",
  arguments: "{}",
  call_id: id,
});
const out = (id: string): ResponseItem => ({
  type: "function_call_output",
  call_id: id,
  output: "ok",
});

describe("repairCallPairs", () => {
  it("leaves a consistent history alone", () => {
    const h = [call("a"), out("a")];
    expect(repairCallPairs(h)).toEqual(h);
  });

  it("gives a call cut off by a crash an aborted output", () => {
    expect(repairCallPairs([call("a"), out("a"), call("b")])).toEqual([
      call("a"),
      out("a"),
      call("b"),
      { type: "function_call_output", call_id: "b", output: "aborted" },
    ]);
    const custom: ResponseItem = {
      type: "custom_tool_call",
      name: "apply_patch",
      input: "x",
      call_id: "p",
    };
    expect(repairCallPairs([custom])).toEqual([
      custom,
      { type: "custom_tool_call_output", call_id: "p", output: "aborted" },
    ]);
  });

  it("drops outputs without a call", () => {
    expect(repairCallPairs([out("zombie"), call("a"), out("a")])).toEqual([call("a"), out("a")]);
  });
});
