// Which environment a session's tools use: this machine, or a `codex exec-server` named by
// CODEX_EXEC_SERVER_URL (the variable Codex uses; `none` or unset means local).
// The remote environment (exec-server client and protocol) is imported when a tool first uses it.
import { DeferredEnvironment } from "../environment/deferred.js";
import { LocalEnvironment } from "../environment/local.js";
import type { Environment } from "../environment/types.js";
import { activeTraceparent } from "../telemetry/hooks.js";

export const EXEC_SERVER_URL_ENV = "CODEX_EXEC_SERVER_URL";
/** The capability token a `--ws-auth capability-token` server expects. */
export const EXEC_SERVER_TOKEN_ENV = "CODEX_EXEC_SERVER_TOKEN";

export function sessionEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const url = env[EXEC_SERVER_URL_ENV]?.trim();
  if (!url || url === "none") return new LocalEnvironment();
  if (!/^wss?:\/\/[^/]+/.test(url) && !url.startsWith("stdio:")) {
    throw new Error(
      `${EXEC_SERVER_URL_ENV} must be ws://HOST:PORT, wss://HOST:PORT, stdio:COMMAND or none; got ${url}`,
    );
  }
  const token = env[EXEC_SERVER_TOKEN_ENV]?.trim() || undefined;
  return new DeferredEnvironment(
    "remote",
    async () =>
      new (await import("../environment/remote.js")).RemoteEnvironment(url, {
        token,
        traceparent: activeTraceparent,
      }),
  );
}
