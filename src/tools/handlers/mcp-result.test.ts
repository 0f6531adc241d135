import { describe, expect, it } from "vitest";
import { mcpResultToToolResult } from "./mcp-result.js";

describe("mcpResultToToolResult (seed-spec B5.27/B5.28)", () => {
  it("uses structured content when present and not null", () => {
    expect(
      mcpResultToToolResult({
        content: [{ type: "text", text: "ignored" }],
        structuredContent: { temp: 21 },
      }),
    ).toEqual({ content: '{"temp":21}', success: true });
  });

  it("falls back to the content blocks as JSON when structured content is absent or null", () => {
    const content = [
      { type: "text", text: "hello" },
      { type: "text", text: "world" },
    ];
    const expected = '[{"type":"text","text":"hello"},{"type":"text","text":"world"}]';
    expect(mcpResultToToolResult({ content })).toEqual({ content: expected, success: true });
    expect(mcpResultToToolResult({ content, structuredContent: null })).toEqual({
      content: expected,
      success: true,
    });
  });

  it("maps isError to a failed result", () => {
    const content = [{ type: "text", text: "bad" }];
    expect(mcpResultToToolResult({ content, isError: true }).success).toBe(false);
    expect(mcpResultToToolResult({ content, isError: false }).success).toBe(true);
  });

  it("sends images as input_image items, beside the text", () => {
    expect(
      mcpResultToToolResult({
        content: [
          { type: "text", text: "a picture" },
          { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" },
          { type: "resource_link", uri: "file:///x", name: "x" },
        ],
        structuredContent: { ignored: true },
      }),
    ).toEqual({
      content: [
        { type: "input_text", text: "a picture" },
        { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=" },
        { type: "input_text", text: '{"type":"resource_link","uri":"file:///x","name":"x"}' },
      ],
      success: true,
    });
  });
});
