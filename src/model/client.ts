// The model client: one `stream()` call = one model request, with HTTP-level retries (5xx and
// network errors, exponential backoff) inside. Stream-level retries ("Reconnecting... n/m") are
// the turn loop's job; it gets a ModelError whose `kind` says whether to retry.
import type OpenAI from "openai";
import type { APIPromise } from "openai";
import type { Stream } from "openai/streaming";
import { backoffMs, sleepUnlessAborted } from "./backoff.js";
import { chatBody } from "./chat-request.js";
import { chatEvents } from "./chat-stream.js";
import { ModelError, httpStatusError, interrupted, networkError } from "./errors.js";
import { rateLimitsFromHeaders, requestHeaders } from "./headers.js";
import { responsesBody } from "./responses-request.js";
import { responsesEvents } from "./responses-stream.js";
import { guardedStream } from "./sse-guard.js";
import { observeSse, recordApiRequest, traceModelStream } from "../telemetry/hooks.js";
import type { ModelClientOptions, Prompt, ResponseEvent } from "./types.js";

type OpenAIModule = typeof import("openai");

let sdk: Promise<OpenAIModule> | undefined;

/** Starts loading the openai SDK; call early to overlap it with other start-up work. */
export function preloadModelSdk(): Promise<OpenAIModule> {
  sdk ??= import("openai");
  return sdk;
}

interface Connected {
  stream: Stream<unknown>;
  response: Response;
}

const SNIPPET_BYTES = 200;

/** Reads the start of a body that is not SSE, to show the user what came back instead. */
async function bodySnippet(response: Response, timeoutMs: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const deadline = setTimeout(() => void reader.cancel().catch(() => {}), timeoutMs);
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done || !value) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // Whatever arrived is enough for the message.
  } finally {
    clearTimeout(deadline);
    void reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).toString("utf8").slice(0, SNIPPET_BYTES);
  return text.replace(/\s+/g, " ").trim();
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
    const chat = this.o.provider.wireApi === "chat";
    const body = chat ? chatBody(prompt, this.o) : responsesBody(prompt, this.o);
    const { stream, response } = await this.connect(body, signal);
    const idleMs = this.o.provider.streamIdleTimeoutMs;
    const stop = () => stream.controller.abort();
    const contentType = response.headers.get("content-type");
    if (contentType !== null && !contentType.toLowerCase().includes("text/event-stream")) {
      const start = await bodySnippet(response, idleMs);
      stop();
      throw new ModelError(
        "retryable",
        `expected an event stream (text/event-stream) from ${this.url} but got content-type ` +
          `"${contentType}" with status ${response.status}; body starts: "${start}". ` +
          `Check base_url of model provider "${this.o.providerId}".`,
        { status: response.status },
      );
    }
    const snapshot = rateLimitsFromHeaders(response.headers);
    if (snapshot) yield { type: "rate_limits", snapshot };
    const events = observeSse(guardedStream<unknown>(stream, idleMs, signal, stop));
    if (chat) {
      const custom = new Set(prompt.tools.flatMap((t) => (t.type === "custom" ? [t.name] : [])));
      yield* chatEvents(events, custom);
    } else {
      yield* responsesEvents(events);
    }
  }

  /** Sends the request, retrying 5xx and network failures up to `requestMaxRetries` times. */
  private async connect(body: Record<string, unknown>, signal: AbortSignal): Promise<Connected> {
    const mod = await preloadModelSdk();
    const maxRetries = Math.max(0, this.o.provider.requestMaxRetries);
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw interrupted();
      let errorBody: string | undefined;
      const client = this.sdkClient(mod.OpenAI, (text) => (errorBody = text));
      const startedAt = performance.now();
      try {
        const request = this.send(client, body, signal);
        const { data, response } = await request.withResponse();
        recordApiRequest(attempt + 1, startedAt, response.status, undefined, response.headers);
        return { stream: data, response };
      } catch (error) {
        const failure = this.classify(mod, error, errorBody, signal);
        recordApiRequest(attempt + 1, startedAt, failure.status, failure.message);
        const transient =
          failure.kind === "retryable" && (failure.status === undefined || failure.status >= 500);
        if (!transient || attempt >= maxRetries) throw failure;
        await sleepUnlessAborted(backoffMs(attempt, this.o.backoffBaseMs), signal);
      }
    }
  }

  private send(client: OpenAI, body: Record<string, unknown>, signal: AbortSignal) {
    const options = { signal, timeout: this.o.provider.streamIdleTimeoutMs };
    // The SDK's request types are stricter than our hand-built bodies; the wire shape is ours.
    const request =
      this.o.provider.wireApi === "chat"
        ? client.chat.completions.create(body as never, options)
        : client.responses.create(body as never, options);
    return request as unknown as APIPromise<Stream<unknown>>;
  }

  private sdkClient(OpenAIClass: OpenAIModule["OpenAI"], onErrorBody: (text: string) => void) {
    const env = this.o.env ?? process.env;
    return new OpenAIClass({
      // Without a key the SDK refuses to start; the placeholder never leaves (authorization: null).
      apiKey: this.o.apiKey || "unused",
      adminAPIKey: null,
      organization: null,
      project: null,
      webhookSecret: null,
      baseURL: this.o.provider.baseUrl.replace(/\/+$/, ""),
      defaultQuery: this.o.provider.queryParams,
      defaultHeaders: requestHeaders({
        provider: this.o.provider,
        ...(this.o.apiKey ? { apiKey: this.o.apiKey } : {}),
        originator: this.o.originator,
        cliVersion: this.o.cliVersion,
        conversationId: this.o.conversationId,
        env,
      }),
      maxRetries: 0,
      logLevel: "off",
      // The SDK keeps only `body.error` of a JSON error body; a 400 must show the raw body.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (response.ok) return response;
        const text = await response.text();
        onErrorBody(text);
        return new Response(text, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      },
    });
  }

  private classify(
    mod: OpenAIModule,
    error: unknown,
    errorBody: string | undefined,
    signal: AbortSignal,
  ): ModelError {
    if (error instanceof ModelError) return error;
    if (signal.aborted || error instanceof mod.APIUserAbortError) return interrupted();
    if (error instanceof mod.APIConnectionTimeoutError) {
      const reason = new Error("timed out waiting for response headers");
      return networkError(reason, this.url, this.o.providerId);
    }
    if (error instanceof mod.APIConnectionError) {
      return networkError(error.cause ?? error, this.url, this.o.providerId);
    }
    if (error instanceof mod.APIError && error.status !== undefined && error.headers) {
      const fallback = error.error === undefined ? "" : JSON.stringify({ error: error.error });
      return httpStatusError(error.status, error.headers, errorBody ?? fallback, this.url);
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ModelError("fatal", `model request to ${this.url} failed: ${message}`);
  }
}
