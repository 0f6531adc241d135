// view_image: attach a local image to the conversation so the model can look at it.
import path from "node:path";
import { ImageInputError, imageFileToDataUrl } from "../../core/user-input.js";
import type { ToolSpec } from "../../model/index.js";
import { functionSpec } from "../function-spec.js";
import { RespondToModel } from "../errors.js";
import { functionArgs, requireString } from "../parse-args.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../types.js";

export class ViewImageHandler implements ToolHandler {
  readonly name = "view_image";
  readonly parallelSafe = true;

  spec(): ToolSpec {
    return functionSpec(
      this.name,
      "Look at a local image file (PNG, JPEG, GIF, WebP or BMP) by path.",
      { path: { type: "string", description: "Path of the image file." } },
      ["path"],
    );
  }

  isMutating(): boolean {
    return false;
  }

  async handle(ctx: ToolContext, call: ToolCall): Promise<ToolResult> {
    const args = functionArgs<{ path?: unknown }>(call, "view_image");
    const file = path.resolve(ctx.turn.cwd, requireString(args.path, "path"));
    let url: string;
    try {
      url = await imageFileToDataUrl(file, (f) => ctx.environment.fs.readFile(f));
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
