// Websocket authentication for `codex app-server --listen ws://`, the reference's
// `--ws-auth capability-token` mode: the client presents `Authorization: Bearer <token>` on the
// upgrade request, and the server knows the token from `--ws-token-file` (a 0600 file) or only its
// SHA-256 digest from `--ws-token-sha256`. Without it the server listens on loopback only.
import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { isAbsolute } from "node:path";
import type { IncomingMessage } from "node:http";

export interface WsAuthFlags {
  wsAuth?: string;
  wsTokenFile?: string;
  wsTokenSha256?: string;
}

/** The SHA-256 digest the bearer token must have; null when no authentication is asked for. */
export type WsAuth = { tokenSha256: Buffer } | null;

function readTokenFile(file: string): string {
  if (!isAbsolute(file)) throw new Error(`--ws-token-file must be an absolute path: ${file}`);
  let mode: number;
  try {
    mode = statSync(file).mode & 0o077;
  } catch (e) {
    throw new Error(`cannot read --ws-token-file ${file}: ${(e as NodeJS.ErrnoException).code}`, {
      cause: e,
    });
  }
  if (mode !== 0) {
    throw new Error(
      `${file} is readable by other users (mode ${(mode | 0o600).toString(8)}); chmod 600 it`,
    );
  }
  const token = readFileSync(file, "utf8").trim();
  if (token.length < 16) throw new Error(`${file}: the token must be at least 16 characters`);
  return token;
}

/** Reads the flags; throws with a message naming the flag when they are wrong. */
export function wsAuthFrom(flags: WsAuthFlags): WsAuth {
  if (flags.wsAuth === undefined) {
    if (flags.wsTokenFile || flags.wsTokenSha256) {
      throw new Error("--ws-token-file and --ws-token-sha256 need --ws-auth capability-token");
    }
    return null;
  }
  if (flags.wsAuth === "signed-bearer-token") {
    throw new Error(
      "--ws-auth signed-bearer-token is not supported by codex-ts; use capability-token",
    );
  }
  if (flags.wsAuth !== "capability-token") {
    throw new Error(
      `invalid --ws-auth ${JSON.stringify(flags.wsAuth)}: expected capability-token or signed-bearer-token`,
    );
  }
  if (flags.wsTokenFile && flags.wsTokenSha256) {
    throw new Error("give either --ws-token-file or --ws-token-sha256, not both");
  }
  if (flags.wsTokenFile) {
    return { tokenSha256: createHash("sha256").update(readTokenFile(flags.wsTokenFile)).digest() };
  }
  if (flags.wsTokenSha256) {
    if (!/^[0-9a-fA-F]{64}$/.test(flags.wsTokenSha256)) {
      throw new Error("--ws-token-sha256 must be 64 hex digits (a SHA-256 digest)");
    }
    return { tokenSha256: Buffer.from(flags.wsTokenSha256, "hex") };
  }
  throw new Error("--ws-auth capability-token needs --ws-token-file PATH or --ws-token-sha256 HEX");
}

/** Whether the upgrade request carries the right bearer token (always, without auth). */
export function authorized(req: IncomingMessage, auth: WsAuth): boolean {
  if (!auth) return true;
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Bearer ")) return false;
  // Comparing digests keeps the comparison constant-time whatever the token's length.
  const given = createHash("sha256").update(header.slice(7).trim()).digest();
  return timingSafeEqual(given, auth.tokenSha256);
}
