// One streaming HTTP request over node:http / node:https. The Responses API goes through here
// rather than the openai SDK: the SDK's fetch loads Node's bundled undici (with http2, zlib,
// worker_threads and the web streams) and the SDK itself, ~40 ms before a plain `codex exec`
// could send its first request (bench/README.md). What the SDK's fetch did for us is kept:
// a deadline for the response headers, abort, redirects (as fetch follows them), and the
// response headers, status and body as text.
import type http from "node:http";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { interrupted } from "./errors.js";
import type { HeaderLookup } from "./headers.js";
import { isLoopback } from "../net/loopback.js";

export interface HttpRequest {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  /** Deadline for the response headers (the SDK's `timeout`, cleared once they arrive). */
  headersTimeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: HeaderLookup;
  /** The body as text; reading it fails with a network error when the connection drops. */
  body: IncomingMessage;
  /**
   * Ends the exchange unless the whole body already arrived (then the reader should consume the
   * rest: the socket goes back to the keep-alive pool when the body ends).
   */
  abort(): void;
}

/** The reason given when the response headers do not arrive in time (as the SDK path said it). */
export const HEADERS_TIMEOUT_MESSAGE = "timed out waiting for response headers";

/** fetch's limit; reqwest's (the reference) is 10, which this never reaches in practice. */
const MAX_REDIRECTS = 20;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function headerLookup(headers: IncomingHttpHeaders): HeaderLookup {
  return {
    get(name: string): string | null {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

type Requester = (url: URL, options: http.RequestOptions) => http.ClientRequest;

const proxyAgents = new Map<string, http.Agent>();

/**
 * The agent for the proxy `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` name for this URL (and
 * `NO_PROXY` does not exclude), as Codex honours them; none for loopback hosts. The proxy
 * modules load only when a proxy variable is set. One agent per proxy and scheme.
 */
async function proxyAgent(url: URL): Promise<http.Agent | undefined> {
  const env = process.env;
  const anySet = ["https_proxy", "http_proxy", "all_proxy"].some(
    (name) => env[name] || env[name.toUpperCase()],
  );
  if (!anySet || isLoopback(url.hostname)) return undefined;
  const { getProxyForUrl } = await import("proxy-from-env");
  const proxy = getProxyForUrl(url.href);
  if (!proxy) return undefined;
  const key = `${url.protocol} ${proxy}`;
  let agent = proxyAgents.get(key);
  if (!agent) {
    agent =
      url.protocol === "https:"
        ? new (await import("https-proxy-agent")).HttpsProxyAgent(proxy)
        : new (await import("http-proxy-agent")).HttpProxyAgent(proxy);
    proxyAgents.set(key, agent);
  }
  return agent;
}

async function requester(url: URL): Promise<Requester> {
  // Loaded with the first request, not at start-up (an app-server answers `initialize` without
  // them); TLS only for https URLs (a local provider over http never pays for it).
  if (url.protocol === "http:") return (await import("node:http")).request;
  if (url.protocol === "https:") return (await import("node:https")).request;
  throw new Error(`unsupported URL scheme "${url.protocol}" (expected http or https)`);
}

interface Exchange {
  request: http.ClientRequest;
  response: IncomingMessage;
}

/** One request/response without redirects; rejects on network errors, timeout or abort. */
async function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Exchange> {
  const send = await requester(url);
  const agent = await proxyAgent(url);
  if (signal.aborted) throw interrupted();
  return new Promise((resolve, reject) => {
    const request = send(url, { method, headers, ...(agent ? { agent } : {}) });
    let response: IncomingMessage | undefined;
    // Before the response: fail the request. After it: end the body unless it is all here (a
    // socket already back in the keep-alive pool must not be destroyed).
    const onAbort = () => {
      if (!response) request.destroy(interrupted());
      else if (!response.complete) request.destroy();
    };
    const timer = setTimeout(() => request.destroy(new Error(HEADERS_TIMEOUT_MESSAGE)), timeoutMs);
    signal.addEventListener("abort", onAbort, { once: true });
    request.once("close", () => signal.removeEventListener("abort", onAbort));
    // Errors after the response arrived reach the body's reader; this keeps them from being
    // unhandled events in between.
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.once("response", (res) => {
      clearTimeout(timer);
      response = res;
      res.on("error", () => {});
      res.once("end", () => signal.removeEventListener("abort", onAbort));
      resolve({ request, response: res });
    });
    request.end(body);
  });
}

/**
 * Sends `r` and resolves once the response headers are in (any status). Redirects are followed
 * as fetch follows them: 303, and 301/302 after a POST, continue as a GET without the body;
 * `authorization` is not carried to another origin. Rejects with the network error, a timeout
 * error (HEADERS_TIMEOUT_MESSAGE) or an interrupted ModelError.
 */
export async function sendHttp(r: HttpRequest): Promise<HttpResponse> {
  let url = new URL(r.url);
  let method: string = r.method;
  let body: string | undefined = r.body;
  const headers: Record<string, string> = {
    ...r.headers,
    "content-length": String(Buffer.byteLength(r.body)),
  };
  for (let hops = 0; ; hops++) {
    const { request, response } = await exchange(
      url,
      method,
      headers,
      body,
      r.signal,
      r.headersTimeoutMs,
    );
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (!REDIRECTS.has(status) || location === undefined) {
      return {
        status,
        headers: headerLookup(response.headers),
        body: response,
        abort: () => {
          if (!response.complete) request.destroy();
        },
      };
    }
    response.resume();
    if (hops >= MAX_REDIRECTS) throw new Error("redirect count exceeded");
    const next = new URL(location, url);
    if (status === 303 || (method === "POST" && (status === 301 || status === 302))) {
      method = "GET";
      body = undefined;
      delete headers["content-type"];
      delete headers["content-length"];
    }
    if (next.origin !== url.origin) delete headers["authorization"];
    url = next;
  }
}

/** The whole body as text (error responses). */
export async function readText(body: IncomingMessage): Promise<string> {
  body.setEncoding("utf8");
  let text = "";
  for await (const chunk of body) text += chunk as string;
  return text;
}

/** Up to `limit` characters of the body within `timeoutMs`, then the exchange is ended. */
export async function readSnippet(
  response: HttpResponse,
  limit: number,
  timeoutMs: number,
): Promise<string> {
  const body = response.body;
  body.setEncoding("utf8");
  let text = "";
  const deadline = setTimeout(() => response.abort(), timeoutMs);
  try {
    for await (const chunk of body) {
      text += chunk as string;
      if (text.length >= limit) break;
    }
  } catch {
    // Whatever arrived is enough for the message.
  } finally {
    clearTimeout(deadline);
    response.abort();
  }
  return text.slice(0, limit);
}
