import { describe, it, expect } from "vitest";
import { truncateForStorage, truncateMiddle } from "./truncate.js";
import type { ResponseItem } from "../protocol/index.js";

describe("truncateMiddle", () => {
  it("leaves short text alone", () => {
    expect(truncateMiddle("hello", 10)).toBe("hello");
  });

  it("keeps head and tail with a marker", () => {
    const text = "H".repeat(100) + "M".repeat(1000) + "T".repeat(100);
    const out = truncateMiddle(text, 200);
    expect(out.startsWith("H".repeat(100))).toBe(true);
    expect(out.endsWith("T".repeat(100))).toBe(true);
    expect(out).toContain("1000 characters omitted");
    expect(out).not.toContain("M");
  });

  it("never splits a surrogate pair", () => {
    const text = "😀".repeat(100);
    const out = truncateMiddle(text, 51);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(out).not.toMatch(/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe("truncateForStorage", () => {
  it("shortens string and text-part tool outputs only", () => {
    const big = "x".repeat(5000);
    const call: ResponseItem = { type: "function_call_output", call_id: "c", output: big };
    const out = truncateForStorage(call, 1000);
    expect(
      out.type === "function_call_output" &&
        typeof out.output === "string" &&
        out.output.length < 1200,
    ).toBe(true);

    const parts: ResponseItem = {
      type: "custom_tool_call_output",
      call_id: "c",
      output: [
        { type: "input_text", text: big },
        { type: "input_image", image_url: "data:image/png;base64," + "A".repeat(5000) },
      ],
    };
    const out2 = truncateForStorage(parts, 1000);
    expect(out2.type === "custom_tool_call_output" && Array.isArray(out2.output)).toBe(true);
    if (out2.type === "custom_tool_call_output" && Array.isArray(out2.output)) {
      const [text, image] = out2.output;
      expect(text?.type === "input_text" && text.text.length < 1200).toBe(true);
      expect(image?.type === "input_image" && image.image_url.length > 5000).toBe(true);
    }

    const message: ResponseItem = {
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: big }],
    };
    expect(truncateForStorage(message, 1000)).toBe(message);
  });
});
