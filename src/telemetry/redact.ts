// What must never leave the machine in telemetry: API keys, bearer tokens, auth.json contents,
// values of secret-looking environment variables, exporter headers, and (unless
// `log_user_prompt`) the user's prompts. Every exported string passes through `scrub`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/types.js";
import { expandHeaders } from "../config/otel.js";

export const REDACTED = "[REDACTED]";

/** Names whose values are treated as secrets (as the shell environment policy excludes them). */
const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|AUTH|COOKIE|SESSION/i;
/** Shorter values are too likely to occur by chance in ordinary text. */
const MIN_SECRET_LENGTH = 8;
/** Prompts shorter than this are not scrubbed from other fields (they would hit common words). */
const MIN_PROMPT_LENGTH = 12;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

function stringLeaves(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringLeaves(v, out);
  else if (value !== null && typeof value === "object")
    for (const v of Object.values(value)) stringLeaves(v, out);
}

/** Secret values known at session start. */
export function collectSecrets(config: Config, env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && SECRET_NAME.test(name)) found.push(value);
  for (const name of ["OPENAI_API_KEY", "CODEX_API_KEY"]) found.push(env[name] ?? "");
  for (const provider of Object.values(config.modelProviders)) {
    if (provider.envKey) found.push(env[provider.envKey] ?? "");
    for (const variable of Object.values(provider.envHttpHeaders)) found.push(env[variable] ?? "");
    found.push(...Object.values(provider.httpHeaders));
  }
  for (const server of Object.values(config.mcpServers)) {
    if (server.bearerTokenEnvVar) found.push(env[server.bearerTokenEnvVar] ?? "");
    for (const variable of Object.values(server.envHttpHeaders)) found.push(env[variable] ?? "");
    found.push(...Object.values(server.httpHeaders), ...Object.values(server.env));
  }
  const otel = config.otel;
  if (otel)
    for (const e of [otel.exporter, otel.traceExporter, otel.metricsExporter])
      if (e.kind !== "none") found.push(...Object.values(expandHeaders(e.headers, env)));
  try {
    stringLeaves(JSON.parse(readFileSync(join(config.codexHome, "auth.json"), "utf8")), found);
  } catch {
    // No auth.json (or unreadable): nothing to hide.
  }
  return found;
}

/** Replaces every known secret (longest first) and any bearer/basic credential. */
export class Scrubber {
  private secrets: string[];

  constructor(secrets: string[]) {
    this.secrets = [];
    this.add(secrets, MIN_SECRET_LENGTH);
  }

  /** A prompt typed in this session, hidden everywhere unless prompts may be exported. */
  addPrompt(text: string): void {
    this.add([text.trim()], MIN_PROMPT_LENGTH);
  }

  private add(values: string[], min: number): void {
    const set = new Set(this.secrets);
    for (const v of values) if (v.length >= min) set.add(v);
    this.secrets = [...set].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out.replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  }
}
