// read_file (behind `[tools] read_file = true`): numbered lines of a file (seed B5.40).
import { open } from "node:fs/promises";
import path from "node:path";
import type { ToolSpec } from "../../model/index.js";
import { functionSpec } from "../function-spec.js";
import { RespondToModel } from "../errors.js";
import { functionArgs, optionalNumber, requireString } from "../parse-args.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../types.js";

const MAX_LINE_CHARS = 500;
const MAX_READ_BYTES = 4 * 1024 * 1024;

export class ReadFileHandler implements ToolHandler {
  readonly name = "read_file";
  readonly parallelSafe = true;

  spec(): ToolSpec {
    return functionSpec(
      this.name,
      "Read lines of a text file. Lines are returned as `L<number>: <text>`.",
      {
        file_path: { type: "string", description: "Absolute path of the file." },
        offset: { type: "number", description: "1-based line to start from (default 1)." },
        limit: { type: "number", description: "Maximum number of lines (default 2000)." },
      },
      ["file_path"],
    );
  }

  isMutating(): boolean {
    return false;
  }

  async handle(ctx: ToolContext, call: ToolCall): Promise<ToolResult> {
    const args = functionArgs<Record<string, unknown>>(call, "read_file");
    const filePath = requireString(args.file_path, "file_path");
    if (!path.isAbsolute(filePath)) throw new RespondToModel("file_path must be an absolute path");
    const offset = optionalNumber(args.offset, "offset") ?? 1;
    const limit = optionalNumber(args.limit, "limit") ?? 2000;
    if (offset < 1 || !Number.isInteger(offset))
      throw new RespondToModel("offset must be a 1-indexed line number");
    if (limit < 1 || !Number.isInteger(limit))
      throw new RespondToModel("limit must be greater than zero");
    let text: string;
    try {
      if (ctx.environment.kind !== "local") {
        const data = await ctx.environment.fs.readFile(filePath);
        text = data.subarray(0, MAX_READ_BYTES).toString("utf8");
      } else {
        text = await readHead(filePath);
      }
    } catch (e) {
      throw new RespondToModel(`failed to read file: ${(e as Error).message}`);
    }
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    if (offset > lines.length) throw new RespondToModel("offset exceeds file length");
    const out = lines
      .slice(offset - 1, offset - 1 + limit)
      .map(
        (l, i) => `L${offset + i}: ${l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l}`,
      );
    return { content: out.join("\n"), success: true };
  }
}

/** The first MAX_READ_BYTES of a local file, without reading the rest. */
async function readHead(filePath: string): Promise<string> {
  const fh = await open(filePath, "r");
  try {
    const buf = Buffer.alloc(MAX_READ_BYTES);
    const { bytesRead } = await fh.read(buf, 0, MAX_READ_BYTES, 0);
    return buf.subarray(0, bytesRead).toString("utf8");
  } finally {
    await fh.close();
  }
}
