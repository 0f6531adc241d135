import { describe, expect, it } from "vitest";
import {
  PatchArgumentsError,
  PatchParseError,
  PatchVerificationError,
  PatchWriteError,
} from "./errors.js";
import { formatPatchError, formatPatchSummary, parseApplyPatchFunctionArgs } from "./format.js";

describe("formatPatchSummary", () => {
  it("lists added, modified and deleted paths in that order", () => {
    expect(
      formatPatchSummary({ added: ["n.txt"], modified: ["m.txt", "sub/x"], deleted: ["d.txt"] }),
    ).toBe("Success. Updated the following files:\nA n.txt\nM m.txt\nM sub/x\nD d.txt\n");
  });
});

describe("formatPatchError", () => {
  it.each([
    [new PatchParseError("bad", 3), "apply_patch verification failed: invalid hunk at line 3, bad"],
    [new PatchParseError("bad"), "apply_patch verification failed: invalid patch: bad"],
    [
      new PatchVerificationError("Failed to find x"),
      "apply_patch verification failed: Failed to find x",
    ],
    [
      new PatchWriteError("Failed to write /w/b: Permission denied (os error 13)", "/w/b", [
        "a.txt",
      ]),
      "apply_patch failed: Failed to write /w/b: Permission denied (os error 13)\nAlready updated: a.txt",
    ],
    [
      new PatchWriteError("Failed to write /w/a: boom", "/w/a", []),
      "apply_patch failed: Failed to write /w/a: boom",
    ],
    [
      new PatchArgumentsError("failed to parse function arguments: x"),
      "failed to parse function arguments: x",
    ],
    [new Error("other"), "apply_patch failed: other"],
  ])("%s", (err, expected) => {
    expect(formatPatchError(err)).toBe(expected);
  });
});

describe("parseApplyPatchFunctionArgs", () => {
  it("reads input and an optional workdir", () => {
    expect(parseApplyPatchFunctionArgs('{"input":"*** Begin Patch"}')).toEqual({
      patch: "*** Begin Patch",
    });
    expect(parseApplyPatchFunctionArgs('{"input":"p","workdir":"sub"}')).toEqual({
      patch: "p",
      workdir: "sub",
    });
    expect(parseApplyPatchFunctionArgs('{"input":"p","workdir":null}')).toEqual({ patch: "p" });
  });

  it.each([
    ["not JSON", "{input:", /^failed to parse function arguments: .+Expected a JSON object like/],
    ["an array", "[]", /expected a JSON object with a string field "input"/],
    ["no input", '{"patch":"x"}', /missing field `input`/],
    ["input not a string", '{"input":3}', /missing field `input`/],
    ["workdir not a string", '{"input":"p","workdir":1}', /`workdir` must be a string/],
  ])("rejects %s", (_name, json, message) => {
    expect(() => parseApplyPatchFunctionArgs(json)).toThrow(PatchArgumentsError);
    expect(() => parseApplyPatchFunctionArgs(json)).toThrow(message);
  });
});
