import { describe, it, expect } from "vitest";
import { parseFrontMatter } from "./front-matter.js";

describe("parseFrontMatter", () => {
  it("reads description and argument-hint and strips the block", () => {
    const r = parseFrontMatter(
      `---\ndescription: "Review a file"\nargument-hint: FILE=<path>\nother: x\n---\nBody $FILE\n`,
    );
    expect(r).toEqual({
      description: "Review a file",
      argumentHint: "FILE=<path>",
      body: "Body $FILE\n",
    });
  });

  it("accepts CRLF and argument_hint", () => {
    const r = parseFrontMatter(`---\r\nargument_hint: 'x y'\r\n---\r\nhi`);
    expect(r).toEqual({ argumentHint: "x y", body: "hi" });
  });

  it("treats text without a closed block as all body", () => {
    expect(parseFrontMatter("---\ndescription: x\nno end")).toEqual({
      body: "---\ndescription: x\nno end",
    });
    expect(parseFrontMatter("plain")).toEqual({ body: "plain" });
  });
});
