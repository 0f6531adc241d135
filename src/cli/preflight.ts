// Checks made before a session starts, so a run that cannot work fails at once with one clear
// line instead of after retries: flags that need something codex-ts lacks, and `--oss` with no
// local model server listening.
import { builtInProviders, OSS_PROVIDER_ID } from "../config/index.js";
import { unsupportedFlagMessage, type SessionFlags } from "./shared-options.js";

/** How long a local server gets to answer; it is on this machine, so this is generous. */
const OSS_PROBE_TIMEOUT_MS = 1000;

/** `http://localhost:11434/v1` → `http://localhost:11434`: where Ollama itself listens. */
function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
}

/**
 * Whether anything answers HTTP at the OSS provider's address. Any status counts (a server that
 * is not Ollama but speaks the OpenAI API is fine); only no answer at all fails.
 */
export async function probeOssServer(baseUrl: string): Promise<string | null> {
  const root = serverRoot(baseUrl);
  try {
    const res = await fetch(`${root}/api/tags`, {
      signal: AbortSignal.timeout(OSS_PROBE_TIMEOUT_MS),
    });
    await res.body?.cancel();
    return null;
  } catch {
    return `error: no Ollama server at ${root}; start it with \`ollama serve\` (or point CODEX_OSS_BASE_URL at your server)`;
  }
}

/**
 * The message to print and fail with, or null to go ahead. `ossBaseUrl` is the resolved OSS
 * provider URL when the caller has loaded the config; otherwise the built-in one is probed.
 */
export async function preflight(flags: SessionFlags, ossBaseUrl?: string): Promise<string | null> {
  const unsupported = unsupportedFlagMessage(flags);
  if (unsupported !== null) return unsupported;
  if (flags.oss) {
    const url = ossBaseUrl ?? builtInProviders(process.env)[OSS_PROVIDER_ID]?.baseUrl;
    if (url !== undefined) return probeOssServer(url);
  }
  return null;
}
