// Shared setup for the pseudo-terminal tests: a mock model, a workspace and a TUI session.
import { startMockServer, type MockResponse, type MockServer } from "../mock-server/index.js";
import { makeWorkspace, mockConfig, writeConfig, type Workspace } from "../harness.js";
import { startTui, type PtyOptions, type PtySession } from "./pty-harness.js";

export interface TuiCase {
  mock: MockServer;
  ws: Workspace;
  tui: PtySession;
  close(): Promise<void>;
}

/** The CLI under test (CODEX_TS_TEST_CLI lets a dev build stand in for bin/codex.js). */
export const TEST_CLI = process.env.CODEX_TS_TEST_CLI;

export function trustedConfig(url: string, work: string, extra = ""): string {
  return `${mockConfig(url, extra)}\n[projects."${work}"]\ntrust_level = "trusted"\n`;
}

export async function startCase(
  script: MockResponse[],
  opts: {
    config?: (url: string, ws: Workspace) => string;
    args?: string[];
    env?: PtyOptions["env"];
    cols?: number;
    rows?: number;
  } = {},
): Promise<TuiCase> {
  const mock = await startMockServer({ script });
  const ws = makeWorkspace();
  writeConfig(ws.home, (opts.config ?? ((u, w) => trustedConfig(u, w.work)))(mock.url, ws));
  const tui = startTui({
    cwd: ws.work,
    home: ws.home,
    args: opts.args,
    env: opts.env,
    cols: opts.cols,
    rows: opts.rows,
    cli: TEST_CLI,
  });
  return {
    mock,
    ws,
    tui,
    async close() {
      tui.kill();
      await tui.exited;
      await mock.close();
      ws.cleanup();
    },
  };
}

/** The text of the user's last message as the model received it. */
export function lastUserText(mock: MockServer): string {
  const input = (mock.requests.at(-1)?.body?.input ?? []) as Array<{
    type?: string;
    role?: string;
    content?: Array<{ type: string; text?: string }>;
  }>;
  const users = input.filter((i) => i.role === "user");
  const last = users.at(-1);
  return (last?.content ?? []).map((c) => c.text ?? "").join("");
}
