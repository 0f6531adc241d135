// What the model gets back from an MCP tool call (seed-spec B5.27/B5.28): structured content when
// the server sent it, otherwise the content blocks as JSON; images go to the model as images.
import type { ContentItem } from "../../protocol/index.js";
import type { ToolResult } from "../types.js";

/** The parts of an MCP CallToolResult this conversion reads. */
export interface McpCallToolResult {
  content?: unknown[];
  structuredContent?: unknown;
  isError?: boolean;
  [key: string]: unknown;
}

interface ImageBlock {
  type: "image";
  data: string;
  mimeType: string;
}

function isImageBlock(block: unknown): block is ImageBlock {
  const b = block as Partial<ImageBlock> | null;
  return (
    typeof b === "object" &&
    b !== null &&
    b.type === "image" &&
    typeof b.data === "string" &&
    typeof b.mimeType === "string"
  );
}

function toContentItem(block: unknown): ContentItem {
  if (isImageBlock(block))
    return { type: "input_image", image_url: `data:${block.mimeType};base64,${block.data}` };
  const b = block as { type?: unknown; text?: unknown } | null;
  if (b?.type === "text" && typeof b.text === "string") return { type: "input_text", text: b.text };
  return { type: "input_text", text: JSON.stringify(block) };
}

export function mcpResultToToolResult(result: McpCallToolResult): ToolResult {
  const success = result.isError !== true;
  const blocks = Array.isArray(result.content) ? result.content : [];
  // Images must reach the model as images; the text blocks beside them keep their order.
  if (blocks.some(isImageBlock)) return { content: blocks.map(toContentItem), success };
  if (result.structuredContent !== undefined && result.structuredContent !== null)
    return { content: JSON.stringify(result.structuredContent), success };
  return { content: JSON.stringify(blocks), success };
}
