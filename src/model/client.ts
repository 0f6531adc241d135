// The model client: one `stream()` call = one model request, with HTTP-level retries (5xx and
// network errors, exponential backoff) inside. Stream-level retries ("Reconnecting... n/m") are
// the turn loop's job; it gets a ModelError whose `kind` says whether to retry.
import { backoffMs, sleepUnlessAborted } from "./backoff.js";
import { ModelError, interrupted } from "./errors.js";
import { rateLimitsFromHeaders } from "./headers.js";
import { openWithHttp, type Opened } from "./http-attempt.js";
import { responsesBody } from "./responses-request.js";
import { responsesEvents } from "./responses-stream.js";
import { guardedStream } from "./sse-guard.js";
import { observeSse, recordApiRequest, traceModelStream } from "../telemetry/hooks.js";
import type { ModelClientOptions, Prompt, ResponseEvent } from "./types.js";

export { preloadModelSdk } from "./sdk-load.js";

type ChatWire = typeof import("./chat-wire.js");
let chatWire: Promise<ChatWire> | undefined;

/** The Chat Completions code, loaded on the first chat request (a Responses run never needs it). */
async function loadChatWire(): Promise<ChatWire> {
  chatWire ??= import("./chat-wire.js");
  try {
    return await chatWire;
  } catch (e) {
    chatWire = undefined;
    throw new ModelError("fatal", `cannot load Chat Completions support: ${(e as Error).message}`);
  }
}

const SNIPPET_CHARS = 200;

/** RFC 3986 percent-encoding, as the SDK's query-string encoder writes keys and values. */
function queryEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export class ModelClient {
  private readonly o: ModelClientOptions;

  constructor(o: ModelClientOptions) {
    this.o = o;
  }

  private get path(): string {
    return this.o.provider.wireApi === "chat" ? "/chat/completions" : "/responses";
  }

  /** The URL requests go to, as shown in error messages. */
  get url(): string {
    const base = this.o.provider.baseUrl.replace(/\/+$/, "");
    const url = new URL(`${base}${this.path}`);
    for (const [k, v] of Object.entries(this.o.provider.queryParams)) url.searchParams.set(k, v);
    return url.toString();
  }

  /**
   * Streams one model response. Yields `rate_limits` (when the server sent them), `created`,
   * deltas and items, and ends with `completed`; failures throw a ModelError.
   */
  stream(prompt: Prompt, signal: AbortSignal): AsyncGenerator<ResponseEvent> {
    return traceModelStream(this.o.model, this.o.family.slug, this.streamUntraced(prompt, signal));
  }

  private async *streamUntraced(
    prompt: Prompt,
    signal: AbortSignal,
  ): AsyncGenerator<ResponseEvent> {
    const chat = this.o.provider.wireApi === "chat" ? await loadChatWire() : null;
    const body = chat ? chat.chatBody(prompt, this.o) : responsesBody(prompt, this.o);
    const opened = await this.connect(body, signal, chat);
    const idleMs = this.o.provider.streamIdleTimeoutMs;
    const stop = () => opened.stop();
    const contentType = opened.headers.get("content-type");
    if (contentType !== null && !contentType.toLowerCase().includes("text/event-stream")) {
      const start = (await opened.snippet(SNIPPET_CHARS, idleMs)).replace(/\s+/g, " ").trim();
      stop();
      throw new ModelError(
        "retryable",
        `expected an event stream (text/event-stream) from ${this.url} but got content-type ` +
          `"${contentType}" with status ${opened.status}; body starts: "${start}". ` +
          `Check base_url of model provider "${this.o.providerId}".`,
        { status: opened.status },
      );
    }
    const snapshot = rateLimitsFromHeaders(opened.headers);
    if (snapshot) yield { type: "rate_limits", snapshot };
    const events = observeSse(guardedStream<unknown>(opened.events, idleMs, signal, stop));
    if (chat) {
      const custom = new Set(prompt.tools.flatMap((t) => (t.type === "custom" ? [t.name] : [])));
      yield* chat.chatEvents(events, custom);
    } else {
      yield* responsesEvents(events);
    }
  }

  /**
   * Where a Responses request goes: as `url`, but the query is encoded the way the SDK encoded
   * it (base_url's own query merged under `query_params`), so the bytes on the wire stay those
   * the SDK sent before this path left it.
   */
  private get requestUrl(): string {
    const base = this.o.provider.baseUrl.replace(/\/+$/, "");
    const url = new URL(`${base}${this.path}`);
    const query = { ...Object.fromEntries(url.searchParams), ...this.o.provider.queryParams };
    const pairs = Object.entries(query);
    if (pairs.length > 0) {
      url.search = pairs.map(([k, v]) => `${queryEncode(k)}=${queryEncode(v)}`).join("&");
    }
    return url.toString();
  }

  /** Sends the request, retrying 5xx and network failures up to `requestMaxRetries` times. */
  private async connect(
    body: Record<string, unknown>,
    signal: AbortSignal,
    chat: ChatWire | null,
  ): Promise<Opened> {
    const maxRetries = Math.max(0, this.o.provider.requestMaxRetries);
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw interrupted();
      const startedAt = performance.now();
      try {
        const opened = chat
          ? await chat.openWithSdk({ o: this.o, url: this.url, body, signal })
          : await openWithHttp({
              o: this.o,
              requestUrl: this.requestUrl,
              url: this.url,
              body,
              signal,
            });
        recordApiRequest(attempt + 1, startedAt, opened.status, undefined, opened.headers);
        return opened;
      } catch (error) {
        const failure =
          error instanceof ModelError
            ? error
            : new ModelError("fatal", `model request to ${this.url} failed: ${String(error)}`);
        recordApiRequest(attempt + 1, startedAt, failure.status, failure.message);
        const transient =
          failure.kind === "retryable" && (failure.status === undefined || failure.status >= 500);
        if (!transient || attempt >= maxRetries) throw failure;
        await sleepUnlessAborted(backoffMs(attempt, this.o.backoffBaseMs), signal);
      }
    }
  }
}
