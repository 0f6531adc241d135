// `codex mcp login NAME`: the interactive OAuth authorization-code flow for one streamable-HTTP
// server. The MCP SDK discovers the authorization server, registers us dynamically and builds
// the PKCE authorization URL; we open it (or print it), wait on a loopback callback, check the
// `state`, and let the SDK exchange the code. Tokens land in the credentials store; nothing
// secret is printed. Every failure is one sentence naming the server and what to do.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { openBrowser } from "./browser.js";
import { CodexOAuthProvider } from "./oauth-provider.js";
import type { CredentialsStore } from "./oauth-store.js";

export interface LoginOptions {
  name: string;
  url: string;
  store: CredentialsStore;
  scopes?: string[];
  /** Fixed callback port (`mcp_oauth_callback_port`); random when absent. */
  callbackPort?: number;
  noBrowser?: boolean;
  env: NodeJS.ProcessEnv;
  out: { write(text: string): unknown };
  /** Lines the user pastes (the callback URL, with --no-browser); optional. */
  pasted?: AsyncIterable<string>;
  timeoutMs?: number;
}

/** The login did not complete; the message is for the user as it is. */
export class LoginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LoginError";
  }
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

type Callback = { code: string } | { error: string };

export async function performOAuthLogin(opts: LoginOptions): Promise<void> {
  const { name } = opts;
  const state = randomBytes(24).toString("base64url");
  let settle: (cb: Callback) => void = () => undefined;
  const callback = new Promise<Callback>((resolve) => (settle = resolve));
  let used = false;
  // The browser's page waits for the code exchange, so what it says is the outcome.
  let finish: (outcome: { status: number; text: string }) => void = () => undefined;
  const finished = new Promise<{ status: number; text: string }>((resolve) => (finish = resolve));

  // One answer per login: the first callback with our state decides; anything later (a replayed
  // or forged redirect) is refused without touching the stored tokens.
  const receive = (
    params: URLSearchParams,
  ): { status: number; text: string } | Promise<{ status: number; text: string }> => {
    if (used) return { status: 400, text: "This login has already been completed or failed." };
    if (params.get("state") !== state) {
      used = true;
      settle({
        error: `the authorization callback for \`${name}\` carried the wrong state (a stale or forged redirect); run \`codex mcp login ${name}\` again`,
      });
      return {
        status: 400,
        text: "State mismatch: this callback does not belong to the login in progress.",
      };
    }
    used = true;
    const error = params.get("error");
    if (error !== null) {
      const description = params.get("error_description");
      settle({
        error:
          error === "access_denied"
            ? `authorization for \`${name}\` was denied${description ? ` (${description})` : ""}`
            : `the authorization server refused the login for \`${name}\`: ${error}${description ? ` (${description})` : ""}`,
      });
      return { status: 400, text: `Authorization failed: ${error}` };
    }
    const code = params.get("code");
    if (!code) {
      settle({ error: `the authorization callback for \`${name}\` had no code` });
      return { status: 400, text: "The callback had no authorization code." };
    }
    settle({ code });
    return finished;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      res.writeHead(404).end();
      return;
    }
    void Promise.resolve(receive(url.searchParams)).then(({ status, text }) =>
      res
        .writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" })
        .end(`${text}\n`),
    );
  });
  const port = await listen(server, opts.callbackPort ?? 0, name);
  const timer = setTimeout(
    () =>
      settle({
        error: `timed out waiting for the authorization of \`${name}\`; run \`codex mcp login ${name}\` again`,
      }),
    opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  try {
    const provider = new CodexOAuthProvider({
      serverName: name,
      serverUrl: opts.url,
      store: opts.store,
      scopes: opts.scopes,
      redirectUrl: `http://127.0.0.1:${port}/callback`,
      state,
      onAuthorizationUrl: async (authUrl) => {
        opts.out.write(
          `Authorize \`${name}\` by opening this URL in your browser:\n${authUrl.href}\n`,
        );
        if (!opts.noBrowser && !(await openBrowser(authUrl.href, opts.env)))
          opts.out.write("(No browser could be opened here; open the URL yourself.)\n");
        if (opts.noBrowser && opts.pasted)
          opts.out.write("Then paste the URL your browser was redirected to here:\n");
      },
    });
    const { auth } = await import("@modelcontextprotocol/sdk/client/auth.js");
    const scope = opts.scopes && opts.scopes.length > 0 ? opts.scopes.join(" ") : undefined;
    const started = await sdkStep(name, opts.url, () =>
      auth(provider, { serverUrl: opts.url, scope }),
    );
    if (started === "AUTHORIZED") return;
    if (opts.noBrowser && opts.pasted) void readPasted(opts.pasted, receive);
    const answer = await callback;
    if ("error" in answer) throw new LoginError(answer.error);
    try {
      await sdkStep(name, opts.url, () =>
        auth(provider, { serverUrl: opts.url, scope, authorizationCode: answer.code }),
      );
    } catch (e) {
      finish({ status: 500, text: `Login failed: ${(e as Error).message}` });
      throw e;
    }
    finish({ status: 200, text: `Codex is now logged in to ${name}. You can close this window.` });
  } finally {
    clearTimeout(timer);
    await closeServer(server);
  }
}

/** Let the last page reach the browser, then stop listening (cut off after a second). */
async function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  const cutoff = setTimeout(() => server.closeAllConnections(), 1000);
  server.closeIdleConnections();
  await new Promise((resolve) => server.close(resolve));
  clearTimeout(cutoff);
}

async function readPasted(
  lines: AsyncIterable<string>,
  receive: (p: URLSearchParams) => unknown,
): Promise<void> {
  for await (const line of lines) {
    const text = line.trim();
    if (!URL.canParse(text)) continue;
    receive(new URL(text).searchParams);
    return;
  }
}

function listen(
  server: ReturnType<typeof createServer>,
  port: number,
  name: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new LoginError(
          e.code === "EADDRINUSE"
            ? `cannot log in to \`${name}\`: the OAuth callback port 127.0.0.1:${port} is already in use; stop whatever holds it or change \`mcp_oauth_callback_port\``
            : `cannot log in to \`${name}\`: cannot listen for the OAuth callback on 127.0.0.1:${port}: ${e.code ?? e.message}`,
        ),
      ),
    );
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

/** Run one SDK step, turning its failures into one clear sentence. */
async function sdkStep<T>(name: string, url: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof LoginError) throw e;
    const err = e as Error & { cause?: { code?: string }; errorCode?: string };
    if (err.name === "TypeError" || err.cause?.code !== undefined)
      throw new LoginError(
        `cannot log in to \`${name}\`: the server or its authorization server is unreachable (${err.cause?.code ?? err.message}); check the URL ${url} and your network`,
      );
    if (err.errorCode === "invalid_grant")
      throw new LoginError(
        `the authorization server rejected the code for \`${name}\` (invalid_grant); run \`codex mcp login ${name}\` again`,
      );
    throw new LoginError(`cannot log in to \`${name}\`: ${err.message}`);
  }
}
