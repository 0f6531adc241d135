// `[mcp_servers]` reloads of a running session (app-server `config/mcpServer/reload`). A reload
// applies at once when the session is idle; while a task runs it waits for the task's end, so a
// turn keeps the tools it started with (Codex applies a reload when the next turn starts). Model
// requests and list_mcp_tools wait for an applied reload through the session's `externalReady`.
import type { McpServerConfig } from "../config/types.js";
import type { ExternalToolProvider, McpReloadResult } from "./session-types.js";

export interface ReloadHost {
  /** A task is running. */
  busy(): boolean;
  /** The external tools' readiness; a reload chains on it and replaces it. */
  ready(): Promise<void>;
  setReady(ready: Promise<void>): void;
  provider(): ExternalToolProvider | undefined;
  log(message: string): void;
}

export class McpReloads {
  private waiting: Array<{ apply: () => void; drop: () => void }> = [];

  constructor(private readonly host: ReloadHost) {}

  /** Resolves with what the reload did once it is applied. */
  reload(
    servers: Record<string, McpServerConfig>,
    onStarting?: (names: string[]) => void,
  ): Promise<McpReloadResult> {
    const provider = this.host.provider();
    if (!provider?.reconfigure) return Promise.resolve({ started: [], failures: [] });
    const reconfigure = provider.reconfigure.bind(provider);
    return new Promise((resolve) => {
      const apply = () => {
        const done = this.host
          .ready()
          .then(() => reconfigure(servers, (m) => this.host.log(`MCP reload: ${m}`), onStarting));
        this.host.setReady(
          done.then(
            () => undefined,
            () => undefined,
          ),
        );
        done.then(resolve, (e: Error) => {
          this.host.log(`MCP reload failed: ${e.message}`);
          resolve({ started: [], failures: [] });
        });
      };
      const drop = () => resolve({ started: [], failures: [] });
      if (this.host.busy()) this.waiting.push({ apply, drop });
      else apply();
    });
  }

  /** The running task ended: apply the reloads that waited for it, in order. */
  taskEnded(): void {
    for (const { apply } of this.waiting.splice(0)) apply();
  }

  /** The session is stopping: what waits is dropped (it would start servers only to stop them). */
  dropWaiting(): void {
    for (const { drop } of this.waiting.splice(0)) drop();
  }
}
