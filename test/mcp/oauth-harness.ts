// A real OAuth-protected MCP server for tests, on 127.0.0.1: the MCP SDK's authorization-server
// router (metadata, dynamic client registration, authorize, token with PKCE, revoke) over an
// in-memory provider, and a streamable-HTTP MCP server behind the SDK's bearer middleware. The
// "user" consents automatically (or denies, when told to); tests can revoke tokens to drive the
// refresh and 401 paths, and count what the server saw.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthRouter,
} from "@modelcontextprotocol/sdk/server/auth/router.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import type {
  AuthorizationParams,
  OAuthServerProvider,
} from "@modelcontextprotocol/sdk/server/auth/provider.js";
import type { OAuthRegisteredClientsStore } from "@modelcontextprotocol/sdk/server/auth/clients.js";
import {
  InvalidGrantError,
  InvalidTokenError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { OAuthClientInformationFull } from "@modelcontextprotocol/sdk/shared/auth.js";

// express has no type declarations installed; only what the harness uses is typed here.
type Handler = (req: unknown, res: unknown, next: (e?: unknown) => void) => void;
interface ExpressApp {
  use(path: string | Handler, ...handlers: Handler[]): void;
  all(path: string, ...handlers: Handler[]): void;
  listen(port: number, host: string, cb: () => void): Server;
}
const express = createRequire(import.meta.url)("express") as (() => ExpressApp) & {
  json(): Handler;
};

interface Grant {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

const token = () => randomBytes(16).toString("hex");

class InMemoryAuthProvider implements OAuthServerProvider {
  readonly clients = new Map<string, OAuthClientInformationFull>();
  readonly codes = new Map<string, { client: string; params: AuthorizationParams }>();
  readonly access = new Map<string, Grant>();
  readonly refresh = new Map<string, Grant>();
  deny = false;
  accessTtlSec = 3600;
  refreshes = 0;
  registrations = 0;

  get clientsStore(): OAuthRegisteredClientsStore {
    return {
      getClient: (id) => this.clients.get(id),
      registerClient: (client) => {
        this.registrations += 1;
        const full = { ...client, client_id: `client-${token()}`, client_id_issued_at: 0 };
        this.clients.set(full.client_id, full as OAuthClientInformationFull);
        return full as OAuthClientInformationFull;
      },
    };
  }

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: unknown) {
    const target = new URL(params.redirectUri);
    if (params.state !== undefined) target.searchParams.set("state", params.state);
    if (this.deny) {
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("error_description", "the user said no");
    } else {
      const code = token();
      this.codes.set(code, { client: client.client_id, params });
      target.searchParams.set("code", code);
    }
    (res as { redirect(status: number, url: string): void }).redirect(302, target.href);
  }

  async challengeForAuthorizationCode(_c: OAuthClientInformationFull, code: string) {
    const entry = this.codes.get(code);
    if (!entry) throw new InvalidGrantError("unknown authorization code");
    return entry.params.codeChallenge;
  }

  private issue(clientId: string, scopes: string[]) {
    const access = token();
    const refresh = token();
    const grant = { clientId, scopes, expiresAt: Date.now() / 1000 + this.accessTtlSec };
    this.access.set(access, grant);
    this.refresh.set(refresh, grant);
    return {
      access_token: access,
      token_type: "Bearer",
      expires_in: this.accessTtlSec,
      refresh_token: refresh,
      scope: scopes.join(" "),
    };
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string) {
    const entry = this.codes.get(code);
    if (!entry || entry.client !== client.client_id)
      throw new InvalidGrantError("unknown authorization code");
    this.codes.delete(code);
    return this.issue(client.client_id, entry.params.scopes ?? []);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string) {
    const grant = this.refresh.get(refreshToken);
    if (!grant || grant.clientId !== client.client_id)
      throw new InvalidGrantError("refresh token expired or revoked");
    this.refresh.delete(refreshToken);
    this.refreshes += 1;
    return this.issue(client.client_id, grant.scopes);
  }

  async verifyAccessToken(accessToken: string): Promise<AuthInfo> {
    const grant = this.access.get(accessToken);
    if (!grant) throw new InvalidTokenError("unknown or revoked access token");
    return {
      token: accessToken,
      clientId: grant.clientId,
      scopes: grant.scopes,
      expiresAt: Math.floor(grant.expiresAt),
    };
  }
}

export interface OAuthMcpServer {
  /** The MCP endpoint (`…/mcp`). */
  url: string;
  auth: InMemoryAuthProvider;
  /** Access tokens presented to the MCP endpoint, in order. */
  bearerTokens: string[];
  /** Forget every access token (the next request gets a 401). */
  revokeAccess(): void;
  /** Forget every refresh token too (a refresh then fails with invalid_grant). */
  revokeAll(): void;
  close(): Promise<void>;
}

export async function startOAuthMcpServer(): Promise<OAuthMcpServer> {
  const auth = new InMemoryAuthProvider();
  const bearerTokens: string[] = [];
  const app = express();
  // The routers need the base URL, known only once listening: they are installed lazily.
  let router: Handler | null = null;
  let bearer: Handler | null = null;
  app.use((req, res, next) => (router ? router(req, res, next) : next()));
  app.all(
    "/mcp",
    (req, res, next) => (bearer ? bearer(req, res, next) : next()),
    express.json(),
    (req, res) => {
      const r = req as { headers: Record<string, string>; body: unknown };
      bearerTokens.push((r.headers.authorization ?? "").replace(/^Bearer /, ""));
      void (async () => {
        const mcp = new McpServer({ name: "oauth-test", version: "1.0.0" });
        mcp.registerTool("whoami", { description: "Report the OAuth client." }, async (extra) => ({
          content: [
            { type: "text" as const, text: `client=${extra.authInfo?.clientId ?? "none"}` },
          ],
        }));
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        (res as { on(e: string, cb: () => void): void }).on(
          "close",
          () => void transport.close().then(() => mcp.close()),
        );
        await mcp.connect(transport);
        await transport.handleRequest(req as never, res as never, r.body);
      })();
    },
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mcpUrl = new URL(`${base}/mcp`);
  router = mcpAuthRouter({
    provider: auth,
    issuerUrl: new URL(base),
    resourceServerUrl: mcpUrl,
    scopesSupported: ["read", "write"],
    authorizationOptions: { rateLimit: false },
    clientRegistrationOptions: { rateLimit: false },
    tokenOptions: { rateLimit: false },
    revocationOptions: { rateLimit: false },
  }) as unknown as Handler;
  bearer = requireBearerAuth({
    verifier: auth,
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl),
  }) as unknown as Handler;
  return {
    url: mcpUrl.href,
    auth,
    bearerTokens,
    revokeAccess: () => auth.access.clear(),
    revokeAll: () => {
      auth.access.clear();
      auth.refresh.clear();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
