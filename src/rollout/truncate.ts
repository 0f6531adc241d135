// Bounds the size of tool outputs before they are stored, so one `cat` of a large file does
// not turn every later resume into a multi-megabyte read.
import type { ContentItem, FunctionCallOutputBody, ResponseItem } from "../protocol/index.js";

/**
 * Tool output text longer than this (UTF-16 code units ≈ bytes for ASCII) is stored as head +
 * marker + tail. 64 Ki is well above what the tools hand the model (about 10 000 tokens ≈
 * 40 KB), so in practice resumed history is identical to the live one.
 */
export const MAX_STORED_TOOL_OUTPUT_CHARS = 64 * 1024;

function cutIndex(text: string, index: number): number {
  // Never split a surrogate pair: move the cut before a lone high surrogate.
  const code = text.charCodeAt(index - 1);
  return code >= 0xd800 && code <= 0xdbff ? index - 1 : index;
}

/** Keep the first and last halves of `text` with a marker saying how much was dropped. */
export function truncateMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = Math.floor(maxChars / 2);
  const headEnd = cutIndex(text, half);
  const tailStart = cutIndex(text, text.length - half);
  const dropped = tailStart - headEnd;
  return (
    text.slice(0, headEnd) +
    `\n[… ${dropped} characters omitted from the stored session …]\n` +
    text.slice(tailStart)
  );
}

function truncateBody(body: FunctionCallOutputBody, maxChars: number): FunctionCallOutputBody {
  if (typeof body === "string") return truncateMiddle(body, maxChars);
  let changed = false;
  const parts = body.map((part): ContentItem => {
    if (part.type === "input_text" || part.type === "output_text") {
      const text = truncateMiddle(part.text, maxChars);
      if (text !== part.text) {
        changed = true;
        return { ...part, text };
      }
    }
    // Images are left alone: a cut data: URL is useless, and the model saw them whole.
    return part;
  });
  return changed ? parts : body;
}

/** A copy of `item` with oversized tool output shortened; the same object when nothing changes. */
export function truncateForStorage(
  item: ResponseItem,
  maxChars: number = MAX_STORED_TOOL_OUTPUT_CHARS,
): ResponseItem {
  if (item.type !== "function_call_output" && item.type !== "custom_tool_call_output") {
    return item;
  }
  const output = truncateBody(item.output, maxChars);
  return output === item.output ? item : { ...item, output };
}
