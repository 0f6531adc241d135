// Where MCP OAuth tokens live: `$CODEX_HOME/.credentials.json`, in Codex's format (one entry per
// server, keyed `NAME|<16 hex of sha256 over {"headers":{},"type":"http","url":URL}>`), so a
// login made by either tool is read by the other. `mcp_oauth_credentials_store` picks the store:
// codex-ts has no OS keyring backend, so `auto` uses the file and `keyring` is refused clearly.
// The file is written atomically with mode 0600 and refused when others can read it. Secrets are
// never logged: errors name the file and the problem, never a token.
import { createHash } from "node:crypto";
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { z } from "zod";

export type CredentialsStoreMode = "auto" | "file" | "keyring";

export const CREDENTIALS_FILE = ".credentials.json";

/** One server's tokens as Codex writes them; `issuer`/`client_secret`/`token_type` are ours. */
const entrySchema = z.looseObject({
  server_name: z.string(),
  server_url: z.string(),
  client_id: z.string(),
  access_token: z.string(),
  expires_at: z.number().nullable().optional(),
  refresh_token: z.string().nullable().optional(),
  scopes: z.array(z.string()).optional(),
  client_secret: z.string().optional(),
  issuer: z.string().optional(),
  token_type: z.string().optional(),
});
export type StoredTokens = z.infer<typeof entrySchema>;

const fileSchema = z.record(z.string(), entrySchema);

/** The store could not be used; the message says which file and why (never a secret). */
export class CredentialsStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialsStoreError";
  }
}

/** Codex's store key for a server: its name and a digest of its URL. */
export function storeKey(serverName: string, url: string): string {
  const payload = JSON.stringify({ headers: {}, type: "http", url });
  return `${serverName}|${createHash("sha256").update(payload).digest("hex").slice(0, 16)}`;
}

export class CredentialsStore {
  readonly file: string;

  constructor(
    codexHome: string,
    private readonly mode: CredentialsStoreMode = "auto",
  ) {
    this.file = path.join(codexHome, CREDENTIALS_FILE);
  }

  /** `keyring` cannot be honoured: there is no keyring backend in codex-ts. */
  private checkMode(): void {
    if (this.mode === "keyring")
      throw new CredentialsStoreError(
        'mcp_oauth_credentials_store = "keyring" but no OS keyring is available to codex-ts; set it to "file" (or "auto") to keep MCP OAuth tokens in ' +
          this.file,
      );
  }

  load(serverName: string, url: string): StoredTokens | undefined {
    this.checkMode();
    return this.readAll()[storeKey(serverName, url)];
  }

  has(serverName: string, url: string): boolean {
    return this.load(serverName, url) !== undefined;
  }

  save(entry: StoredTokens): void {
    this.checkMode();
    const all = this.readAll();
    all[storeKey(entry.server_name, entry.server_url)] = entry;
    this.writeAll(all);
  }

  /** Remove a server's tokens; true when there were some. */
  delete(serverName: string, url: string): boolean {
    this.checkMode();
    const all = this.readAll();
    const key = storeKey(serverName, url);
    if (!(key in all)) return false;
    delete all[key];
    this.writeAll(all);
    return true;
  }

  private readAll(): Record<string, StoredTokens> {
    let text: string;
    try {
      const st = statSync(this.file);
      // Tokens readable by other users are as good as leaked: refuse rather than use them.
      if (process.platform !== "win32" && (st.mode & 0o077) !== 0)
        throw new CredentialsStoreError(
          `refusing to use ${this.file}: its permissions are ${(st.mode & 0o777).toString(8).padStart(4, "0")}, but it holds OAuth tokens and must be readable by you only (run \`chmod 600 ${this.file}\`)`,
        );
      text = readFileSync(this.file, "utf8");
    } catch (e) {
      if (e instanceof CredentialsStoreError) throw e;
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw new CredentialsStoreError(
        `cannot read ${this.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new CredentialsStoreError(
        `cannot parse ${this.file}: ${(e as Error).message}; fix or remove the file and run \`codex mcp login\` again`,
      );
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CredentialsStoreError(
        `cannot use ${this.file}: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "unexpected shape"}`,
      );
    }
    return parsed.data;
  }

  /** Temp file + rename (a crash never leaves half a file), 0600 from creation on. */
  private writeAll(all: Record<string, StoredTokens>): void {
    if (Object.keys(all).length === 0) {
      if (existsSync(this.file)) unlinkSync(this.file);
      return;
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}`;
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, JSON.stringify(all));
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }
}
