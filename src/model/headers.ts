// Request headers Codex sends (reference §2), and rate-limit snapshots read from response headers.
import { readFileSync } from "node:fs";
import os from "node:os";
import type { ModelProviderInfo } from "../config/types.js";
import type { RateLimitSnapshot, RateLimitWindow } from "../protocol/index.js";
import type { ModelClientOptions } from "./types.js";

/** Headers the openai SDK adds on its own; Codex sends none of them, so we unset them. */
const SDK_HEADERS_TO_DROP = [
  "x-stainless-lang",
  "x-stainless-package-version",
  "x-stainless-os",
  "x-stainless-arch",
  "x-stainless-runtime",
  "x-stainless-runtime-version",
  "x-stainless-retry-count",
  "x-stainless-timeout",
  "openai-organization",
  "openai-project",
];

/** Read access to response headers: a fetch `Headers` or node:http's headers (headerLookup). */
export interface HeaderLookup {
  get(name: string): string | null;
}

export interface HeaderInputs {
  provider: ModelProviderInfo;
  apiKey?: string;
  originator: string;
  cliVersion: string;
  conversationId: string;
  env: NodeJS.ProcessEnv;
}

/** The header inputs of a client's options (both transports send the same headers). */
export function headerInputs(o: ModelClientOptions): HeaderInputs {
  return {
    provider: o.provider,
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
    originator: o.originator,
    cliVersion: o.cliVersion,
    conversationId: o.conversationId,
    env: o.env ?? process.env,
  };
}

/** Header map for the SDK's `defaultHeaders`; `null` removes a header the SDK would add. */
export function requestHeaders(h: HeaderInputs): Record<string, string | null> {
  const headers: Record<string, string | null> = {};
  for (const name of SDK_HEADERS_TO_DROP) headers[name] = null;
  headers["authorization"] = h.apiKey ? `Bearer ${h.apiKey}` : null;
  headers["originator"] = h.originator;
  headers["user-agent"] = userAgent(h.originator, h.cliVersion, h.env);
  headers["session-id"] = h.conversationId;
  headers["thread-id"] = h.conversationId;
  headers["x-client-request-id"] = h.conversationId;
  headers["accept"] = "text/event-stream";
  for (const [name, value] of Object.entries(h.provider.httpHeaders)) {
    headers[name.toLowerCase()] = value;
  }
  for (const [name, envVar] of Object.entries(h.provider.envHttpHeaders)) {
    const value = h.env[envVar];
    if (value !== undefined && value.trim() !== "") headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * The headers of a request sent without the SDK (http-transport.ts): what `requestHeaders`
 * leaves after the SDK's own are dropped, and the JSON content type, which the SDK set after the
 * provider's headers (so a provider cannot change it).
 */
export function wireHeaders(h: HeaderInputs): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(requestHeaders(h))) {
    if (value !== null) headers[name] = value;
  }
  headers["content-type"] = "application/json";
  return headers;
}

/** The variable embedders (the official SDK sets `codex_sdk_ts`) use to name themselves. */
export const ORIGINATOR_OVERRIDE_ENV = "CODEX_INTERNAL_ORIGINATOR_OVERRIDE";

/**
 * The originator for this process: the override from the environment when it is a valid header
 * value (as Codex, it wins over the front-end's own name), else `fallback`.
 */
export function effectiveOriginator(fallback: string, env: NodeJS.ProcessEnv): string {
  const value = env[ORIGINATOR_OVERRIDE_ENV];
  if (value === undefined || value === "") return fallback;
  // Visible ASCII and spaces only, no leading/trailing space: what an HTTP header can carry.
  return /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value) ? value : fallback;
}

let cachedOs: string | undefined;

/** "Debian 12.0.0"-style name like Codex's os_info; falls back to os.type() + release. */
function osDescription(): string {
  if (cachedOs !== undefined) return cachedOs;
  let description = `${os.type()} ${os.release()}`;
  if (process.platform === "linux") {
    try {
      const fields = parseOsRelease(readFileSync("/etc/os-release", "utf8"));
      const name = fields.NAME?.replace(/ GNU\/Linux$/, "");
      if (name) description = `${name} ${semver(fields.VERSION_ID ?? "")}`.trim();
    } catch {
      // Keep the kernel description.
    }
  } else if (process.platform === "darwin") {
    description = `Mac OS ${semver(os.release())}`;
  }
  cachedOs = description;
  return description;
}

function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) out[match[1]] = match[2].replace(/^"|"$/g, "");
  }
  return out;
}

function semver(version: string): string {
  if (!/^\d+(\.\d+)*$/.test(version)) return version;
  const parts = version.split(".");
  while (parts.length < 3) parts.push("0");
  return parts.slice(0, 3).join(".");
}

function archName(): string {
  switch (process.arch) {
    case "x64":
      return "x86_64";
    case "arm64":
      return "aarch64";
    default:
      return process.arch;
  }
}

/** `codex_exec/0.1.0 (Debian 12.0.0; x86_64) xterm (codex_exec; 0.1.0)`, ASCII only. */
export function userAgent(originator: string, version: string, env: NodeJS.ProcessEnv): string {
  const terminal = env.TERM?.trim() || "unknown";
  const ua = `${originator}/${version} (${osDescription()}; ${archName()}) ${terminal} (${originator}; ${version})`;
  return ua.replace(/[^\x20-\x7e]/g, "_");
}

function windowFromHeaders(
  headers: HeaderLookup,
  prefix: string,
  nowSeconds: number,
): RateLimitWindow | null {
  const used = headers.get(`${prefix}-used-percent`);
  if (used === null || !Number.isFinite(Number(used))) return null;
  const window: RateLimitWindow = { used_percent: Number(used) };
  const minutes = headers.get(`${prefix}-window-minutes`);
  if (minutes !== null && Number.isFinite(Number(minutes))) window.window_minutes = Number(minutes);
  const resetAt = headers.get(`${prefix}-reset-at`);
  const resetAfter = headers.get(`${prefix}-reset-after-seconds`);
  if (resetAt !== null && Number.isFinite(Number(resetAt))) {
    window.resets_at = Number(resetAt);
  } else if (resetAfter !== null && Number.isFinite(Number(resetAfter))) {
    window.resets_at = nowSeconds + Math.round(Number(resetAfter));
  }
  return window;
}

/** Reads `x-codex-{primary,secondary}-*`; null when the response carries none. */
export function rateLimitsFromHeaders(
  headers: HeaderLookup,
  nowSeconds = Math.floor(Date.now() / 1000),
): RateLimitSnapshot | null {
  const primary = windowFromHeaders(headers, "x-codex-primary", nowSeconds);
  const secondary = windowFromHeaders(headers, "x-codex-secondary", nowSeconds);
  if (!primary && !secondary) return null;
  return { primary, secondary };
}
