import { describe, it, expect } from "vitest";
import { formatDuration, formatThousands, headLines } from "./human-format.js";

describe("human-format", () => {
  it("formats durations like Codex", () => {
    expect([0, 3, 999, 1000, 1500, 59_994, 60_000, 125_000].map(formatDuration)).toEqual([
      "0ms",
      "3ms",
      "999ms",
      "1.00s",
      "1.50s",
      "59.99s",
      "1m 00s",
      "2m 05s",
    ]);
  });

  it("groups thousands with commas", () => {
    expect([0, 890, 1000, 1234567].map(formatThousands)).toEqual([
      "0",
      "890",
      "1,000",
      "1,234,567",
    ]);
  });

  it("splits output into lines, ignoring one trailing newline", () => {
    expect(headLines("", 20)).toEqual({ lines: [], omitted: 0 });
    expect(headLines("a\n\nb\n", 20)).toEqual({ lines: ["a", "", "b"], omitted: 0 });
    expect(headLines("a\r\nb\r\nc", 2)).toEqual({ lines: ["a", "b"], omitted: 1 });
  });
});
