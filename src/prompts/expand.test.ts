import { describe, it, expect } from "vitest";
import { expandCustomPrompt, namedPlaceholders } from "./expand.js";
import type { CustomPrompt } from "../protocol/index.js";

const prompt = (content: string, extra: Partial<CustomPrompt> = {}): CustomPrompt => ({
  name: "p",
  path: "/x/p.md",
  content,
  ...extra,
});

describe("namedPlaceholders", () => {
  it("finds $KEY names but not positional, $ARGUMENTS or $$-escaped ones", () => {
    expect(namedPlaceholders("$1 $ARGUMENTS $FILE $$HOME $FOCUS_AREA $FILE")).toEqual([
      "FILE",
      "FOCUS_AREA",
    ]);
  });
});

describe("expandCustomPrompt", () => {
  it("fills positional placeholders and $ARGUMENTS", () => {
    const r = expandCustomPrompt(prompt("first=$1 second=$2 none=[$9] all=$ARGUMENTS"), `x "y z"`);
    expect(r).toEqual({ ok: true, text: "first=x second=y z none=[] all=x y z" });
  });

  it("fills named placeholders from KEY=value arguments", () => {
    const r = expandCustomPrompt(
      prompt("Review $FILE for $FOCUS."),
      `FILE=src/a.ts FOCUS="error handling"`,
    );
    expect(r).toEqual({ ok: true, text: "Review src/a.ts for error handling." });
  });

  it("turns $$ into a literal dollar and does not re-expand values", () => {
    const r = expandCustomPrompt(prompt("cost: $$5, echo $$HOME, v=$1"), "$2");
    expect(r).toEqual({ ok: true, text: "cost: $5, echo $HOME, v=$2" });
  });

  it("names every missing named argument", () => {
    const r = expandCustomPrompt(
      prompt("$FILE $FOCUS", { name: "review", argument_hint: "FILE=… FOCUS=…" }),
      "FILE=a",
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain("/prompts:review");
      expect(r.message).toContain("FOCUS");
      expect(r.message).not.toContain("FILE,");
      expect(r.message).toContain("Usage: /prompts:review FILE=… FOCUS=…");
    }
  });

  it("reports unparseable arguments", () => {
    const r = expandCustomPrompt(prompt("$1"), `"open`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/unterminated/);
  });

  it("passes KEY=value through as positional when the prompt has no such name", () => {
    const r = expandCustomPrompt(prompt("$ARGUMENTS"), "A=1 b");
    expect(r).toEqual({ ok: true, text: "A=1 b" });
  });
});
