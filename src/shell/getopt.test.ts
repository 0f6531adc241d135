import { describe, expect, it } from "vitest";
import {
  hasDangerousOption,
  longOptionCandidates,
  scanOptions,
  type OptionSpec,
} from "./getopt.js";

const SPEC: OptionSpec = {
  short: "ab:c::",
  long: ["alpha", "beta=", "gamma?", "text", "textconv"],
  dangerous: ["textconv", "b"],
};

describe("longOptionCandidates", () => {
  it("an exact name wins over longer names it prefixes", () => {
    expect(longOptionCandidates("text", ["text", "textconv"])).toEqual(["text"]);
  });
  it("a prefix stands for every option it begins", () => {
    expect(longOptionCandidates("te", ["text", "textconv", "alpha"])).toEqual(["text", "textconv"]);
    expect(longOptionCandidates("x", ["text"])).toEqual([]);
  });
});

describe("scanOptions", () => {
  it("reads values inline, from the next word, and optional ones only inline", () => {
    expect(scanOptions(["--beta=1", "--be", "2", "--gamma", "x", "--gam=3"], SPEC)).toEqual([
      { type: "option", name: "beta", dangerous: false, arg: "--beta=1", value: "1" },
      { type: "option", name: "beta", dangerous: false, arg: "--be", value: "2" },
      { type: "option", name: "gamma", dangerous: false, arg: "--gamma" },
      { type: "operand", value: "x" },
      { type: "option", name: "gamma", dangerous: false, arg: "--gam=3", value: "3" },
    ]);
  });

  it("a short option with a value swallows the rest of its cluster", () => {
    expect(scanOptions(["-abx", "-c", "-cy"], SPEC)).toEqual([
      { type: "option", name: "a", dangerous: false, arg: "-abx" },
      { type: "option", name: "b", dangerous: true, arg: "-abx", value: "x" },
      { type: "option", name: "c", dangerous: false, arg: "-c" },
      { type: "option", name: "c", dangerous: false, arg: "-cy", value: "y" },
    ]);
  });

  it("unknown and ambiguous options take no value, so the next word is still read", () => {
    expect(
      scanOptions(["--te", "--zzz", "-q", "--textconv"], SPEC).map(
        (a) => a.type === "option" && a.name,
      ),
    ).toEqual([null, null, null, "textconv"]);
  });

  it("options after operands count (GNU permutes) until --", () => {
    expect(hasDangerousOption(["file", "--textc"], SPEC)).toBe(true);
    expect(hasDangerousOption(["file", "--", "--textconv"], SPEC)).toBe(false);
    expect(hasDangerousOption(["-", "--text"], SPEC)).toBe(false);
  });
});
