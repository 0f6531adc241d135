// $CODEX_HOME/auth.json in the format Codex writes (`{"OPENAI_API_KEY": "..."}`), kept private.
import {
  chmodSync,
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { ensureCodexHome } from "../config/home.js";

export const AUTH_FILE_NAME = "auth.json";

/** The parts of auth.json we understand; other fields are kept when rewriting. */
export interface AuthFile {
  OPENAI_API_KEY?: string | null;
  /** Present after a ChatGPT sign-in with the real Codex; we cannot use those tokens. */
  tokens?: unknown;
  [other: string]: unknown;
}

export class AuthFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthFileError";
  }
}

export function authFilePath(codexHome: string): string {
  return join(codexHome, AUTH_FILE_NAME);
}

/** The parsed auth.json, or undefined when there is none. */
export function readAuthFile(codexHome: string): AuthFile | undefined {
  const path = authFilePath(codexHome);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new AuthFileError(`Cannot read ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new AuthFileError(
      `${path} is not valid JSON; delete it or run \`codex login --with-api-key\` again`,
    );
  return parsed as AuthFile;
}

/** The stored API key, if any. */
export function storedApiKey(codexHome: string): string | undefined {
  const key = readAuthFile(codexHome)?.OPENAI_API_KEY;
  return typeof key === "string" && key.trim() !== "" ? key.trim() : undefined;
}

/**
 * Writes auth.json atomically (temp file + rename, so a crash never leaves half a key) with mode
 * 0600; the chmod after the rename also tightens a file that umask or an older tool left open.
 */
export function writeAuthFile(codexHome: string, auth: AuthFile): void {
  ensureCodexHome(codexHome);
  const path = authFilePath(codexHome);
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(auth, null, 2)}\n`);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  chmodSync(path, 0o600);
}

/** Stores `apiKey` as the OpenAI key, replacing any previous credentials. */
export function saveApiKey(codexHome: string, apiKey: string): void {
  writeAuthFile(codexHome, { OPENAI_API_KEY: apiKey });
}

/** Removes auth.json; false when there was nothing to remove. */
export function deleteAuthFile(codexHome: string): boolean {
  try {
    unlinkSync(authFilePath(codexHome));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw new AuthFileError(`Cannot remove ${authFilePath(codexHome)}: ${(err as Error).message}`);
  }
}
