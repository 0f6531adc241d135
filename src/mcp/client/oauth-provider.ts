// The MCP SDK's OAuthClientProvider over our credentials store. The SDK does the protocol
// (protected-resource and authorization-server discovery, dynamic client registration,
// authorization code + PKCE, refresh); this class keeps what it learns. Two uses:
// - `login`: `codex mcp login` drives a fresh authorization; the browser step is delegated.
// - `session`: a running session only ever refreshes. It never opens a browser: where the SDK
//   would, it fails with "Auth required", which start-up turns into Codex's "not logged in" hint.
// Tokens are refreshed shortly before they expire (and by the SDK on a 401).
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CredentialsStore, StoredTokens } from "./oauth-store.js";

/** Refresh this long before the recorded expiry (Codex uses the same 30 s skew). */
export const REFRESH_SKEW_MS = 30_000;

/** A session needs a login it does not have; the message carries Codex's "Auth required". */
export class LoginRequiredError extends Error {
  constructor(
    readonly serverName: string,
    detail: string,
  ) {
    super(`Auth required: ${detail}`);
    this.name = "LoginRequiredError";
  }
}

export interface ProviderOptions {
  serverName: string;
  serverUrl: string;
  store: CredentialsStore;
  /** Scopes to request (`--scopes`, else the server entry's `scopes`). */
  scopes?: string[];
  /** Login only: the loopback callback URL and where the authorization URL goes. */
  redirectUrl?: string;
  onAuthorizationUrl?: (url: URL) => void | Promise<void>;
  /** Login only: the random `state` the callback must echo. */
  state?: string;
  fetchFn?: FetchLike;
}

export class CodexOAuthProvider implements OAuthClientProvider {
  private client: OAuthClientInformationMixed | undefined;
  private current: OAuthTokens | undefined;
  private verifier = "";
  private refreshing: Promise<void> | null = null;
  /** When the access token expires (ms since the epoch), if the server said. */
  private expiresAt: number | null = null;
  /** Why a stored login cannot be used any more (refresh token rejected). */
  private stale: string | null = null;

  constructor(private readonly opts: ProviderOptions) {
    const stored = opts.redirectUrl ? undefined : opts.store.load(opts.serverName, opts.serverUrl);
    if (stored) {
      this.client = {
        client_id: stored.client_id,
        ...(stored.client_secret !== undefined ? { client_secret: stored.client_secret } : {}),
        ...(stored.issuer !== undefined ? { issuer: stored.issuer } : {}),
      } as OAuthClientInformationMixed;
      this.current = toSdkTokens(stored);
      this.expiresAt = stored.expires_at ?? null;
    }
  }

  /** True when a stored login exists (session use). */
  get hasStoredLogin(): boolean {
    return this.current !== undefined;
  }

  get redirectUrl(): string {
    // A session never redirects, but the SDK treats a provider without a redirect URL as a
    // client-credentials client; any loopback URL keeps it on the authorization-code path.
    return this.opts.redirectUrl ?? "http://127.0.0.1/callback";
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "Codex",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      ...(this.opts.scopes && this.opts.scopes.length > 0
        ? { scope: this.opts.scopes.join(" ") }
        : {}),
    };
  }

  state(): string {
    return this.opts.state ?? "";
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.client;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.client = info;
  }

  /** The stored tokens, refreshed first when they are about to expire. */
  async tokens(): Promise<OAuthTokens | undefined> {
    if (this.refreshing === null && this.needsRefresh()) {
      this.refreshing = this.refreshNow().finally(() => (this.refreshing = null));
      await this.refreshing.catch(() => undefined);
    }
    return this.current;
  }

  private needsRefresh(): boolean {
    return (
      this.opts.redirectUrl === undefined &&
      this.current?.refresh_token !== undefined &&
      this.expiresAt !== null &&
      Date.now() + REFRESH_SKEW_MS >= this.expiresAt
    );
  }

  /** Refresh through the SDK's own flow (discovery, token endpoint, rotation). */
  private async refreshNow(): Promise<void> {
    const { auth } = await import("@modelcontextprotocol/sdk/client/auth.js");
    await auth(this, { serverUrl: this.opts.serverUrl, fetchFn: this.opts.fetchFn });
  }

  saveTokens(tokens: OAuthTokens): void {
    this.current = tokens;
    this.stale = null;
    this.expiresAt = tokens.expires_in !== undefined ? Date.now() + tokens.expires_in * 1000 : null;
    const client = this.client as
      (OAuthClientInformationMixed & { client_secret?: string }) | undefined;
    const entry: StoredTokens = {
      server_name: this.opts.serverName,
      server_url: this.opts.serverUrl,
      client_id: client?.client_id ?? "",
      access_token: tokens.access_token,
      expires_at: this.expiresAt,
      refresh_token: tokens.refresh_token ?? null,
      scopes: tokens.scope ? tokens.scope.split(" ").filter(Boolean) : (this.opts.scopes ?? []),
      token_type: tokens.token_type,
      ...(client?.client_secret !== undefined ? { client_secret: client.client_secret } : {}),
      ...(tokens.issuer !== undefined ? { issuer: tokens.issuer } : {}),
    };
    this.opts.store.save(entry);
  }

  async redirectToAuthorization(url: URL): Promise<void> {
    if (this.opts.onAuthorizationUrl === undefined) {
      const name = this.opts.serverName;
      throw new LoginRequiredError(
        name,
        this.stale ??
          (this.current
            ? `the stored login of MCP server \`${name}\` was not accepted; run \`codex mcp login ${name}\` again`
            : `MCP server \`${name}\` needs a login; run \`codex mcp login ${name}\``),
      );
    }
    await this.opts.onAuthorizationUrl(url);
  }

  /**
   * Tokens written by Codex carry no `issuer`; the SDK would warn on the console (over the TUI)
   * each time it uses them. They are bound to the authorization server discovery finds, which is
   * what the SDK itself does with such legacy credentials.
   */
  saveDiscoveryState(state: { authorizationServerUrl: string }): void {
    if (this.current && this.current.issuer === undefined)
      this.current = { ...this.current, issuer: state.authorizationServerUrl };
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }

  /**
   * The SDK drops credentials the server rejected. A session keeps the file as it is (the user
   * may log in again; nothing is lost) and remembers why the login no longer works.
   */
  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    if (scope === "tokens" || scope === "all") {
      const name = this.opts.serverName;
      this.stale = `the refresh token of MCP server \`${name}\` expired or was revoked; run \`codex mcp login ${name}\` again`;
      this.current = undefined;
    }
    if (scope === "client" || scope === "all") this.client = undefined;
    if (scope === "verifier") this.verifier = "";
  }
}

function toSdkTokens(s: StoredTokens): OAuthTokens {
  const expiresIn =
    s.expires_at != null ? Math.max(0, Math.floor((s.expires_at - Date.now()) / 1000)) : undefined;
  return {
    access_token: s.access_token,
    token_type: s.token_type ?? "Bearer",
    ...(s.refresh_token ? { refresh_token: s.refresh_token } : {}),
    ...(s.scopes && s.scopes.length > 0 ? { scope: s.scopes.join(" ") } : {}),
    ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}),
    ...(s.issuer !== undefined ? { issuer: s.issuer } : {}),
  };
}
