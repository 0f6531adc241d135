// The public handle on a session: submit ops, read events (seed-spec §3.1, B3.7).
import type { Event, EventOf, Op } from "../protocol/index.js";
import { Session } from "./session.js";
import type { McpServerConfig } from "../config/types.js";
import type { McpDirectAccess, McpReloadResult, SessionOptions } from "./session-types.js";

export class Conversation {
  private nextId = 0;

  constructor(private readonly session: Session) {}

  get id(): string {
    return this.session.conversationId;
  }

  get rolloutPath(): string | null {
    return this.session.rolloutPath;
  }

  /** The session's MCP servers for direct calls (app-server); undefined without any. */
  get mcp(): McpDirectAccess | undefined {
    return this.session.options.externalTools?.direct?.();
  }

  /**
   * Apply a new `[mcp_servers]` table (app-server `config/mcpServer/reload`): now when idle,
   * else when the running task ends; resolves with the servers (re)started and those that failed.
   */
  reloadMcpServers(
    servers: Record<string, McpServerConfig>,
    onStarting?: (names: string[]) => void,
  ): Promise<McpReloadResult> {
    return this.session.reloadExternalTools(servers, onStarting);
  }

  /** Submit an op; returns its submission id ("0", "1", … per conversation). */
  submit(op: Op): string {
    const id = String(this.nextId++);
    this.session.submit({ id, op });
    return id;
  }

  /** Submit with a caller-chosen id (use sparingly: ids should stay unique). */
  submitWithId(id: string, op: Op): void {
    this.session.submit({ id, op });
  }

  /** The next event; undefined once the session has shut down and every event was read. */
  nextEvent(): Promise<Event | undefined> {
    return this.session.events.next();
  }

  /** All events until shutdown. */
  events(): AsyncIterable<Event> {
    return this.session.events;
  }

  /** Resolves once the session loop has exited. */
  get finished(): Promise<void> {
    return this.session.finished;
  }
}

export interface NewConversation {
  conversationId: string;
  conversation: Conversation;
  sessionConfigured: EventOf<"session_configured">;
}

/** Creates and keeps every in-memory conversation of this process. */
export class ConversationManager {
  private readonly conversations = new Map<string, Conversation>();

  async newConversation(opts: SessionOptions): Promise<NewConversation> {
    const session = await Session.create(opts);
    const conversation = new Conversation(session);
    // SessionConfigured is always the first event; the caller gets it here.
    const first = await conversation.nextEvent();
    if (!first || first.msg.type !== "session_configured") {
      throw new Error("internal error: session did not start with session_configured");
    }
    this.conversations.set(conversation.id, conversation);
    return {
      conversationId: conversation.id,
      conversation,
      sessionConfigured: first.msg,
    };
  }

  get(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  remove(id: string): Conversation | undefined {
    const c = this.conversations.get(id);
    this.conversations.delete(id);
    return c;
  }

  list(): Conversation[] {
    return [...this.conversations.values()];
  }
}
