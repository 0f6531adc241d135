// view_image: attach a local image to the conversation so the model can look at it.
import path from "node:path";
import { ImageInputError, imageFileToDataUrl } from "../../core/user-input.js";
import type { ToolSpec } from "../../model/index.js";
import { RespondToModel } from "../errors.js";
import { parseArgs, requireString } from "../parse-args.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../types.js";

export class ViewImageHandler implements ToolHandler {
  readonly name = "view_image";
  readonly parallelSafe = true;

  spec(): ToolSpec {
    return {
      type: "function",
      name: this.name,
      description: "Look at a local image file (PNG, JPEG, GIF, WebP or BMP) by path.",
      strict: false,
      parameters: {
        type: "object",
        properties: { path: { type: "string", description: "Path of the image file." } },
        required: ["path"],
        additionalProperties: false,
      },
    };
  }

  isMutating(): boolean {
    return false;
  }

  async handle(ctx: ToolContext, call: ToolCall): Promise<ToolResult> {
    if (call.payload.kind !== "function")
      throw new RespondToModel("view_image expects JSON arguments");
    const args = parseArgs<{ path?: unknown }>(call.payload.arguments);
    const file = path.resolve(ctx.turn.cwd, requireString(args.path, "path"));
    let url: string;
    try {
      url = await imageFileToDataUrl(file);
    } catch (e) {
      if (e instanceof ImageInputError) throw new RespondToModel(e.message);
      throw e;
    }
    ctx.emit({ type: "view_image_tool_call", call_id: call.callId, path: file });
    return {
      content: [
        { type: "input_text", text: `Image ${file}:` },
        { type: "input_image", image_url: url },
      ],
      success: true,
    };
  }
}
