// The item model: everything a turn produces, as one list of typed items with a
// started → (deltas) → completed lifecycle and stable ids. Names and fields follow Codex's v2
// app-server `ThreadItem` (camelCase), so `codex app-server` forwards them as they are and other
// front-ends render from the same contract. The core emits them as `thread_item_*` events.
//
// The zod schemas are the definitions; the TypeScript types are inferred from them, and
// `codex app-server generate-json-schema` / `generate-ts` publish them. Only types are imported
// elsewhere in the core, so zod is not loaded at run time for this module's sake.
import { z } from "zod";

/** User input as items carry it (v2 `UserInput`). */
export const ItemUserInputSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string(), text_elements: z.array(z.unknown()) }),
  z.object({ type: z.literal("image"), url: z.string() }),
  z.object({ type: z.literal("localImage"), path: z.string() }),
  z.object({ type: z.literal("mention"), name: z.string(), path: z.string() }),
]);
export type ItemUserInput = z.infer<typeof ItemUserInputSchema>;

/** What a command does, for display (v2 `CommandAction`; the core's `ParsedCommand`). */
export const CommandActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("read"), command: z.string(), name: z.string(), path: z.string() }),
  z.object({ type: z.literal("listFiles"), command: z.string(), path: z.string().nullable() }),
  z.object({
    type: z.literal("search"),
    command: z.string(),
    query: z.string().nullable(),
    path: z.string().nullable(),
  }),
  z.object({ type: z.literal("unknown"), command: z.string() }),
]);
export type CommandAction = z.infer<typeof CommandActionSchema>;

/** Who started a command. */
export const CommandExecutionSourceSchema = z.enum([
  "agent",
  "userShell",
  "unifiedExecStartup",
  "unifiedExecInteraction",
]);
export type CommandExecutionSource = z.infer<typeof CommandExecutionSourceSchema>;

/** inProgress until it ends; `declined` when an approval was refused. */
export const CommandExecutionStatusSchema = z.enum([
  "inProgress",
  "completed",
  "failed",
  "declined",
]);
export type CommandExecutionStatus = z.infer<typeof CommandExecutionStatusSchema>;

/** One file of a file change. `diff` is the new content (add), old content (delete) or a diff. */
export const FileUpdateChangeSchema = z.object({
  path: z.string(),
  kind: z.discriminatedUnion("type", [
    z.object({ type: z.literal("add") }),
    z.object({ type: z.literal("delete") }),
    z.object({ type: z.literal("update"), move_path: z.string().nullable() }),
  ]),
  diff: z.string(),
});
export type FileUpdateChange = z.infer<typeof FileUpdateChangeSchema>;

export const PatchApplyStatusSchema = z.enum(["inProgress", "completed", "failed", "declined"]);
export type PatchApplyStatus = z.infer<typeof PatchApplyStatusSchema>;
export const McpToolCallStatusSchema = z.enum(["inProgress", "completed", "failed"]);
export type McpToolCallStatus = z.infer<typeof McpToolCallStatusSchema>;

const id = z.string();

/** One item of a turn. Every variant has a stable `id` shared by its started/completed events. */
export const ThreadItemSchema = z.discriminatedUnion("type", [
  /** What the user sent to start (or steer) the turn. */
  z.object({
    type: z.literal("userMessage"),
    id,
    clientId: z.string().nullable(),
    content: z.array(ItemUserInputSchema),
  }),
  /** An assistant message; `text` grows through `agentMessage` deltas. */
  z.object({ type: z.literal("agentMessage"), id, text: z.string(), phase: z.string().nullable() }),
  /** Reasoning: summary sections and (when shown) raw reasoning text. */
  z.object({
    type: z.literal("reasoning"),
    id,
    summary: z.array(z.string()),
    content: z.array(z.string()),
  }),
  /** A plan the model proposed (plan mode); `update_plan` calls are turn plan updates instead. */
  z.object({ type: z.literal("plan"), id, text: z.string() }),
  /** A shell command, from the model or the user's `!cmd`. `id` is the tool call id. */
  z.object({
    type: z.literal("commandExecution"),
    id,
    command: z.string(),
    cwd: z.string(),
    processId: z.string().nullable(),
    source: CommandExecutionSourceSchema,
    status: CommandExecutionStatusSchema,
    commandActions: z.array(CommandActionSchema),
    aggregatedOutput: z.string().nullable(),
    exitCode: z.number().int().nullable(),
    durationMs: z.number().nullable(),
  }),
  /** A patch (apply_patch). `id` is the tool call id. */
  z.object({
    type: z.literal("fileChange"),
    id,
    changes: z.array(FileUpdateChangeSchema),
    status: PatchApplyStatusSchema,
  }),
  /** A call to an MCP server's tool. */
  z.object({
    type: z.literal("mcpToolCall"),
    id,
    server: z.string(),
    tool: z.string(),
    status: McpToolCallStatusSchema,
    arguments: z.unknown(),
    result: z
      .object({ content: z.array(z.unknown()), structuredContent: z.unknown().optional() })
      .nullable(),
    error: z.object({ message: z.string() }).nullable(),
    durationMs: z.number().nullable(),
  }),
  /** A hosted web search. */
  z.object({
    type: z.literal("webSearch"),
    id,
    query: z.string(),
    action: z.object({ type: z.literal("search"), query: z.string().nullable() }).nullable(),
  }),
  /** The model looked at a local image (view_image). */
  z.object({ type: z.literal("imageView"), id, path: z.string() }),
  /** The history was summarised to free context. */
  z.object({ type: z.literal("contextCompaction"), id }),
  /** A review started; `review` is what is being reviewed. */
  z.object({ type: z.literal("enteredReviewMode"), id, review: z.string() }),
  /** A review ended; `review` is its rendered result. */
  z.object({ type: z.literal("exitedReviewMode"), id, review: z.string() }),
]);
export type ThreadItem = z.infer<typeof ThreadItemSchema>;
export type ThreadItemType = ThreadItem["type"];

/** Incremental updates of an open item. */
export const ThreadItemDeltaSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("agentMessage"), delta: z.string() }),
  z.object({
    kind: z.literal("reasoningSummaryText"),
    summaryIndex: z.number().int(),
    delta: z.string(),
  }),
  z.object({ kind: z.literal("reasoningSummaryPartAdded"), summaryIndex: z.number().int() }),
  z.object({ kind: z.literal("reasoningText"), contentIndex: z.number().int(), delta: z.string() }),
  /** Command output as text (decoded from the core's base64 chunks). */
  z.object({
    kind: z.literal("commandOutput"),
    stream: z.enum(["stdout", "stderr"]),
    delta: z.string(),
  }),
  z.object({ kind: z.literal("fileChangeOutput"), delta: z.string() }),
  z.object({ kind: z.literal("mcpProgress"), message: z.string() }),
]);
export type ThreadItemDelta = z.infer<typeof ThreadItemDeltaSchema>;
