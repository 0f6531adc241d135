// One Responses API attempt over our own HTTP transport (http-transport.ts), classified the way
// the SDK path classifies its failures, so both wires look alike to the client's retry loop.
import {
  ModelError,
  httpStatusError,
  interrupted,
  networkError,
  streamDisconnected,
} from "./errors.js";
import { type HeaderLookup, headerInputs, wireHeaders } from "./headers.js";
import { readSnippet, readText, sendHttp, type HttpResponse } from "./http-transport.js";
import { sseJson } from "./sse-decode.js";
import type { ModelClientOptions } from "./types.js";

/** A request whose response headers arrived with a 2xx status, ready to stream. */
export interface Opened {
  status: number;
  headers: HeaderLookup;
  /** The decoded JSON payloads of the server-sent events. */
  events: AsyncIterable<unknown>;
  /** The start of a body that is not an event stream, for the error message; ends the request. */
  snippet(limit: number, timeoutMs: number): Promise<string>;
  /** Ends the request early (idempotent). */
  stop(): void;
}

export interface HttpAttempt {
  o: ModelClientOptions;
  /** Where the request goes (query encoded as the SDK encodes it). */
  requestUrl: string;
  /** The URL as shown in messages. */
  url: string;
  body: Record<string, unknown>;
  signal: AbortSignal;
}

/** Sends one Responses request; failures are classified into ModelErrors. */
export async function openWithHttp(a: HttpAttempt): Promise<Opened> {
  const { o } = a;
  let response: HttpResponse;
  try {
    response = await sendHttp({
      url: a.requestUrl,
      method: "POST",
      headers: wireHeaders(headerInputs(o)),
      body: JSON.stringify(a.body),
      signal: a.signal,
      headersTimeoutMs: o.provider.streamIdleTimeoutMs,
    });
  } catch (error) {
    throw classify(a, error);
  }
  if (response.status < 200 || response.status > 299) {
    let text: string;
    try {
      text = await readText(response.body);
    } catch (error) {
      throw classify(a, error);
    }
    throw httpStatusError(response.status, response.headers, text, a.url);
  }
  const text = bodyText(response, a.signal);
  return {
    status: response.status,
    headers: response.headers,
    events: sseJson(text),
    snippet: (limit, timeoutMs) => readSnippet(response, limit, timeoutMs),
    stop: () => {
      // Stopped after the whole body arrived (the usual end: `response.completed` was read):
      // read what is left so the connection returns to the keep-alive pool for the next
      // request, as fetch's did. Otherwise end the request.
      if (response.body.complete) void drainQuietly(text);
      else response.abort();
    },
  };
}

async function drainQuietly(text: AsyncGenerator<string>): Promise<void> {
  try {
    while (!(await text.next()).done) {
      // Already received; nothing to wait for.
    }
  } catch {
    // The connection is not reused then.
  }
}

function classify(a: HttpAttempt, error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  if (a.signal.aborted) return interrupted();
  return networkError(error, a.url, a.o.providerId);
}

/**
 * The body as text. A connection that drops before the body's end is reported as the server
 * closing it (what undici said on the SDK path); after an interrupt reading just ends, and the
 * caller's guards say why.
 */
async function* bodyText(response: HttpResponse, signal: AbortSignal): AsyncGenerator<string> {
  const body = response.body;
  body.setEncoding("utf8");
  try {
    for await (const chunk of body) yield chunk as string;
  } catch (error) {
    if (signal.aborted) return;
    if ((error as { code?: unknown }).code === "ECONNRESET") {
      throw streamDisconnected("connection closed by the server");
    }
    throw error;
  }
}
