// `codex login --with-api-key`, `codex login status`, `codex logout`. Like Codex, all messages go
// to stderr. Each function returns the exit code instead of exiting.
import {
  AuthFileError,
  CODEX_API_KEY_ENV,
  deleteAuthFile,
  maskApiKey,
  readAuthFile,
  saveApiKey,
} from "../auth/index.js";

export interface LoginIo {
  /** Where messages go (default process.stderr). */
  err: { write(text: string): unknown };
}

const defaultIo = (): LoginIo => ({ err: process.stderr });

const PIPE_HINT = "printenv OPENAI_API_KEY | codex login --with-api-key";

type KeySource = AsyncIterable<string | Buffer> & { isTTY?: boolean };

async function readAll(input: KeySource): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads the key from stdin and stores it in $CODEX_HOME/auth.json. */
export async function loginWithApiKey(
  codexHome: string,
  stdin: KeySource,
  io: LoginIo = defaultIo(),
): Promise<number> {
  if (stdin.isTTY) {
    io.err.write(
      `--with-api-key expects the API key on stdin. Pipe it in, e.g. \`${PIPE_HINT}\`\n`,
    );
    return 1;
  }
  const key = (await readAll(stdin)).trim();
  if (key === "") {
    io.err.write(`No API key provided via stdin. Pipe one in, e.g. \`${PIPE_HINT}\`\n`);
    return 1;
  }
  if (/\s/.test(key)) {
    io.err.write("The API key read from stdin contains whitespace; pass exactly one key.\n");
    return 1;
  }
  try {
    saveApiKey(codexHome, key);
  } catch (err) {
    io.err.write(`Error saving the API key: ${(err as Error).message}\n`);
    return 1;
  }
  io.err.write("Successfully logged in\n");
  return 0;
}

/** `codex login` without `--with-api-key`: ChatGPT sign-in is not available here. */
export function loginInteractive(io: LoginIo = defaultIo()): number {
  io.err.write(
    "Signing in with ChatGPT is not supported by codex-ts; use an OpenAI API key instead:\n" +
      `  ${PIPE_HINT}\n` +
      "or export OPENAI_API_KEY in your environment.\n",
  );
  return 1;
}

export function loginStatus(
  codexHome: string,
  env: NodeJS.ProcessEnv = process.env,
  io: LoginIo = defaultIo(),
): number {
  let auth;
  try {
    auth = readAuthFile(codexHome);
  } catch (err) {
    if (err instanceof AuthFileError) {
      io.err.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const stored = auth?.OPENAI_API_KEY;
  if (typeof stored === "string" && stored.trim() !== "") {
    io.err.write(`Logged in using an API key - ${maskApiKey(stored.trim())}\n`);
    return 0;
  }
  if (auth?.tokens) {
    io.err.write(
      `Logged in using ChatGPT, which codex-ts cannot use; store an API key with \`${PIPE_HINT}\`\n`,
    );
    return 1;
  }
  const fromEnv = env[CODEX_API_KEY_ENV]?.trim();
  if (fromEnv) {
    io.err.write(`Using an API key from ${CODEX_API_KEY_ENV} - ${maskApiKey(fromEnv)}\n`);
    return 0;
  }
  io.err.write("Not logged in\n");
  return 1;
}

export function logout(codexHome: string, io: LoginIo = defaultIo()): number {
  try {
    io.err.write(deleteAuthFile(codexHome) ? "Successfully logged out\n" : "Not logged in\n");
    return 0;
  } catch (err) {
    io.err.write(`${(err as Error).message}\n`);
    return 1;
  }
}
