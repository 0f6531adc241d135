// The earlier conversation API (seed 002; Codex ≤ 0.4x) as a thin adapter over the same threads:
// newConversation, add/removeConversationListener, sendUserMessage, sendUserTurn,
// interruptConversation; events as `codex/event/<type>`; approvals as execCommandApproval /
// applyPatchApproval. Codex itself dropped it; clients written against it still connect here.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { ReasoningSummary, SandboxPolicy, UserInput } from "../protocol/index.js";
import type { ClientConnection } from "./connection.js";
import type { Handler } from "./methods-threads.js";
import { invalidRequest, parseParams } from "./rpc.js";
import { ApprovalPolicySchema, SandboxModeSchema } from "./schemas.js";
import type { ServerContext, ThreadRegistry } from "./thread-registry.js";

const NewConversationSchema = z.object({
  model: z.string().nullable().optional(),
  profile: z.string().nullable().optional(),
  cwd: z.string().nullable().optional(),
  approvalPolicy: ApprovalPolicySchema.nullable().optional(),
  sandbox: SandboxModeSchema.nullable().optional(),
  config: z.record(z.string(), z.unknown()).nullable().optional(),
  baseInstructions: z.string().nullable().optional(),
});

const InputItemSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), data: z.object({ text: z.string() }) }),
  z.object({ type: z.literal("image"), data: z.object({ imageUrl: z.string() }) }),
  z.object({ type: z.literal("localImage"), data: z.object({ path: z.string() }) }),
]);

const SendUserMessageSchema = z.object({
  conversationId: z.string(),
  items: z.array(InputItemSchema),
});

const SendUserTurnSchema = SendUserMessageSchema.extend({
  cwd: z.string(),
  approvalPolicy: z.enum(["untrusted", "on-failure", "on-request", "never"]),
  sandboxPolicy: z.object({ mode: z.string() }).passthrough(),
  model: z.string(),
  effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]).nullable().optional(),
  summary: z.enum(["auto", "concise", "detailed", "none"]),
});

const ConversationIdSchema = z.object({ conversationId: z.string() });
const AddListenerSchema = z.object({
  conversationId: z.string(),
  experimentalRawEvents: z.boolean().optional(),
});
const RemoveListenerSchema = z.object({ subscriptionId: z.string() });

function coreItems(items: z.infer<typeof InputItemSchema>[], cwd: string): UserInput[] {
  if (items.length === 0) throw invalidRequest("Invalid request: `items` must not be empty");
  return items.map((i): UserInput => {
    if (i.type === "text") return { type: "text", text: i.data.text };
    if (i.type === "image") return { type: "image", image_url: i.data.imageUrl };
    return { type: "local_image", path: path.resolve(cwd, i.data.path) };
  });
}

/** The v1 sandbox policy (`{mode: "workspace-write", …}`) as the core's. */
function corePolicy(p: { mode: string } & Record<string, unknown>): SandboxPolicy {
  if (p.mode === "danger-full-access") return { type: "danger-full-access" };
  if (p.mode === "workspace-write") {
    return {
      type: "workspace-write",
      writable_roots: Array.isArray(p.writable_roots) ? (p.writable_roots as string[]) : [],
      network_access: p.network_access === true,
      exclude_tmpdir_env_var: p.exclude_tmpdir_env_var === true,
      exclude_slash_tmp: p.exclude_slash_tmp === true,
    };
  }
  return { type: "read-only" };
}

export function legacyMethods(reg: ThreadRegistry, ctx: ServerContext): Record<string, Handler> {
  const thread = (id: string) => reg.loaded(id);

  /** Input starts a turn when the conversation is idle and joins the running one otherwise. */
  const submitInput = (conn: ClientConnection, conversationId: string, items: UserInput[]) => {
    const t = thread(conversationId);
    if (t.activeTurn) t.steer(t.activeTurn.id, { type: "user_input", items });
    else t.startTurn(conn, { type: "user_input", items }, true);
  };

  return {
    newConversation: async (conn, params) => {
      const p = parseParams(NewConversationSchema, params);
      const t = await reg.start(conn, {
        cwd: p.cwd,
        model: p.model,
        approvalPolicy: p.approvalPolicy,
        sandbox: p.sandbox,
        baseInstructions: p.baseInstructions,
        config: { ...(p.config ?? {}), ...(p.profile ? { profile: p.profile } : {}) },
      });
      return {
        conversationId: t.id,
        model: t.config.model,
        reasoningEffort: t.config.modelReasoningEffort,
        rolloutPath: t.info.path,
      };
    },
    addConversationListener: async (conn, params) => {
      const p = parseParams(AddListenerSchema, params);
      const t = thread(p.conversationId);
      const subscriptionId = randomUUID();
      t.subscribers.add(conn);
      t.legacyListeners.set(subscriptionId, conn);
      return { subscriptionId };
    },
    removeConversationListener: async (_conn, params) => {
      const p = parseParams(RemoveListenerSchema, params);
      const t = reg.list().find((x) => x.legacyListeners.has(p.subscriptionId));
      if (!t) throw invalidRequest(`subscription not found: ${p.subscriptionId}`);
      t.legacyListeners.delete(p.subscriptionId);
      return {};
    },
    sendUserMessage: async (conn, params) => {
      const p = parseParams(SendUserMessageSchema, params);
      submitInput(conn, p.conversationId, coreItems(p.items, ctx.cwd));
      return {};
    },
    sendUserTurn: async (conn, params) => {
      const p = parseParams(SendUserTurnSchema, params);
      const t = thread(p.conversationId);
      t.startTurn(
        conn,
        {
          type: "user_turn",
          items: coreItems(p.items, ctx.cwd),
          cwd: path.resolve(ctx.cwd, p.cwd),
          approval_policy: p.approvalPolicy,
          sandbox_policy: corePolicy(p.sandboxPolicy),
          model: p.model,
          effort: p.effort ?? null,
          summary: p.summary as ReasoningSummary,
        },
        true,
      );
      return {};
    },
    interruptConversation: async (_conn, params) => {
      const p = parseParams(ConversationIdSchema, params);
      const t = thread(p.conversationId);
      const turn = t.activeTurn;
      if (!turn) throw invalidRequest(`conversation ${p.conversationId} has no turn in progress`);
      const aborted = t.nextAbort();
      t.interrupt(turn.id);
      return { abortReason: await aborted };
    },
  };
}
