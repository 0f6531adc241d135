// Params of the client requests codex-ts serves, as zod schemas that are also their types.
// Unknown fields are ignored (as the reference ignores them); wrong types are -32600.
import { z } from "zod";

const nullish = <T extends z.ZodType>(t: T) => t.nullable().optional();

export const ApprovalPolicySchema = z.union([
  z.enum(["untrusted", "on-failure", "on-request", "never"]),
  z.object({ granular: z.object({}).passthrough() }),
]);
export const SandboxModeSchema = z.enum(["read-only", "workspace-write", "danger-full-access"]);

/** Settings a thread starts (or resumes, or forks) with. */
const ThreadSettings = {
  cwd: nullish(z.string()),
  model: nullish(z.string()),
  modelProvider: nullish(z.string()),
  approvalPolicy: nullish(ApprovalPolicySchema),
  sandbox: nullish(SandboxModeSchema),
  baseInstructions: nullish(z.string()),
  developerInstructions: nullish(z.string()),
  config: nullish(z.record(z.string(), z.unknown())),
};

export const ThreadStartParamsSchema = z.object({
  ...ThreadSettings,
  ephemeral: nullish(z.boolean()),
});
export type ThreadStartParams = z.infer<typeof ThreadStartParamsSchema>;

export const ThreadResumeParamsSchema = z.object({
  ...ThreadSettings,
  threadId: z.string(),
  excludeTurns: z.boolean().optional(),
});
export type ThreadResumeParams = z.infer<typeof ThreadResumeParamsSchema>;

export const ThreadForkParamsSchema = z.object({
  ...ThreadSettings,
  threadId: z.string(),
  ephemeral: z.boolean().optional(),
  excludeTurns: z.boolean().optional(),
});
export type ThreadForkParams = z.infer<typeof ThreadForkParamsSchema>;

export const ThreadIdParamsSchema = z.object({ threadId: z.string() });
export const ThreadRevertParamsSchema = z.object({
  threadId: z.string(),
  beforeTurnId: z.string(),
});

export const ThreadReadParamsSchema = z.object({
  threadId: z.string(),
  includeTurns: z.boolean().optional(),
});

export const ThreadListParamsSchema = z.object({
  cursor: nullish(z.string()),
  limit: nullish(z.number().int().min(0)),
  cwd: nullish(z.union([z.string(), z.array(z.string())])),
  archived: nullish(z.boolean()),
});

export const ThreadLoadedListParamsSchema = z.object({
  cursor: nullish(z.string()),
  limit: nullish(z.number().int().min(0)),
});

const TextInput = z.object({
  type: z.literal("text"),
  text: z.string(),
  text_elements: z.array(z.unknown()).optional(),
});
const ImageInput = z.object({ type: z.literal("image"), url: z.string() });
const LocalImageInput = z.object({ type: z.literal("localImage"), path: z.string() });
const MentionInput = z.object({ type: z.literal("mention"), name: z.string(), path: z.string() });
export const UserInputSchema = z.discriminatedUnion("type", [
  TextInput,
  ImageInput,
  LocalImageInput,
  MentionInput,
]);
export type V2UserInput = z.infer<typeof UserInputSchema>;

export const SandboxPolicySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("dangerFullAccess") }),
  z.object({ type: z.literal("readOnly"), networkAccess: z.boolean().optional() }),
  z.object({
    type: z.literal("workspaceWrite"),
    writableRoots: z.array(z.string()).optional(),
    networkAccess: z.boolean().optional(),
    excludeTmpdirEnvVar: z.boolean().optional(),
    excludeSlashTmp: z.boolean().optional(),
  }),
]);

export const TurnStartParamsSchema = z.object({
  threadId: z.string(),
  input: z.array(UserInputSchema),
  cwd: nullish(z.string()),
  approvalPolicy: nullish(ApprovalPolicySchema),
  sandboxPolicy: nullish(SandboxPolicySchema),
  model: nullish(z.string()),
  effort: nullish(z.enum(["none", "minimal", "low", "medium", "high", "xhigh"])),
  summary: nullish(z.enum(["auto", "concise", "detailed", "none"])),
  outputSchema: z.unknown().optional(),
});
export type TurnStartParams = z.infer<typeof TurnStartParamsSchema>;

export const TurnSteerParamsSchema = z.object({
  threadId: z.string(),
  expectedTurnId: z.string(),
  input: z.array(UserInputSchema),
});

export const TurnInterruptParamsSchema = z.object({ threadId: z.string(), turnId: z.string() });

export const ModelListParamsSchema = z.object({
  cursor: nullish(z.string()),
  limit: nullish(z.number().int().min(0)),
  includeHidden: nullish(z.boolean()),
});

export const ConfigReadParamsSchema = z.object({
  cwd: nullish(z.string()),
  includeLayers: z.boolean().optional(),
});

/** The request params codex-ts validates, by v2 type name (published by generate-json-schema). */
export const PARAMS_SCHEMAS: Record<string, z.ZodType> = {
  ThreadStartParams: ThreadStartParamsSchema,
  ThreadResumeParams: ThreadResumeParamsSchema,
  ThreadForkParams: ThreadForkParamsSchema,
  ThreadReadParams: ThreadReadParamsSchema,
  ThreadListParams: ThreadListParamsSchema,
  ThreadLoadedListParams: ThreadLoadedListParamsSchema,
  TurnStartParams: TurnStartParamsSchema,
  TurnSteerParams: TurnSteerParamsSchema,
  TurnInterruptParams: TurnInterruptParamsSchema,
  ThreadRevertParams: ThreadRevertParamsSchema,
  ModelListParams: ModelListParamsSchema,
  ConfigReadParams: ConfigReadParamsSchema,
  UserInput: UserInputSchema,
  SandboxPolicy: SandboxPolicySchema,
};
