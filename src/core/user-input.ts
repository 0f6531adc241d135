// Turning user input into a history item (text, images as data URLs).
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ContentItem, ResponseItem, UserInput } from "../protocol/index.js";

const IMAGE_MIME: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".bmp": "image/bmp",
};

/** Largest image we inline; bigger files would blow the request size for no benefit. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export class ImageInputError extends Error {}

export function imageMimeFor(file: string): string | undefined {
  return IMAGE_MIME[path.extname(file).toLowerCase()];
}

/** `read` is where the file lives: this machine by default, or a session's environment. */
export async function imageFileToDataUrl(
  file: string,
  read: (file: string) => Promise<Buffer> = readFile,
): Promise<string> {
  const mime = imageMimeFor(file);
  if (!mime) {
    throw new ImageInputError(
      `${file}: not a supported image (expected .png, .jpg, .jpeg, .gif, .webp or .bmp)`,
    );
  }
  let data: Buffer;
  try {
    data = await read(file);
  } catch (e) {
    throw new ImageInputError(`${file}: cannot read image: ${(e as Error).message}`);
  }
  if (data.length > MAX_IMAGE_BYTES) {
    throw new ImageInputError(`${file}: image is larger than ${MAX_IMAGE_BYTES} bytes`);
  }
  return `data:${mime};base64,${data.toString("base64")}`;
}

export async function userInputToContent(items: UserInput[], cwd: string): Promise<ContentItem[]> {
  const content: ContentItem[] = [];
  for (const item of items) {
    if (item.type === "text") content.push({ type: "input_text", text: item.text });
    else if (item.type === "image")
      content.push({ type: "input_image", image_url: item.image_url });
    else {
      const url = await imageFileToDataUrl(path.resolve(cwd, item.path));
      content.push({ type: "input_image", image_url: url });
    }
  }
  return content;
}

export function userMessageItem(content: ContentItem[]): ResponseItem {
  return { type: "message", role: "user", content };
}

/** Text of the last assistant message among the items (the turn's final answer). */
export function lastAssistantText(items: ResponseItem[]): string | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    if (it.type === "message" && it.role === "assistant") {
      const texts = it.content.filter((c) => c.type === "output_text");
      const last = texts[texts.length - 1];
      if (last && last.type === "output_text") return last.text;
    }
  }
  return null;
}
