// Chat Completions through the official openai SDK (lazy-loaded: a Responses-only run never
// loads it, nor the undici its fetch brings). One call = one HTTP attempt; the client's loop
// retries.
import type OpenAI from "openai";
import type { APIPromise } from "openai";
import type { Stream } from "openai/streaming";
import { ModelError, httpStatusError, interrupted, networkError } from "./errors.js";
import { headerInputs, requestHeaders } from "./headers.js";
import { HEADERS_TIMEOUT_MESSAGE } from "./http-transport.js";
import type { Opened } from "./http-attempt.js";
import { preloadModelSdk } from "./sdk-load.js";
import type { ModelClientOptions } from "./types.js";

export { preloadModelSdk };

type OpenAIModule = typeof import("openai");

/** Reads the start of a body that is not SSE, to show the user what came back instead. */
async function bodySnippet(response: Response, limit: number, timeoutMs: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const deadline = setTimeout(() => void reader.cancel().catch(() => {}), timeoutMs);
  try {
    while (size < limit) {
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
  return Buffer.concat(chunks).toString("utf8").slice(0, limit);
}

export interface SdkAttempt {
  o: ModelClientOptions;
  /** The URL as shown in messages. */
  url: string;
  body: Record<string, unknown>;
  signal: AbortSignal;
}

/** Sends one chat request with the SDK; failures are classified into ModelErrors. */
export async function openWithSdk(a: SdkAttempt): Promise<Opened> {
  const mod = await preloadModelSdk();
  let errorBody: string | undefined;
  const client = sdkClient(a.o, mod.OpenAI, (text) => (errorBody = text));
  try {
    const options = { signal: a.signal, timeout: a.o.provider.streamIdleTimeoutMs };
    // The SDK's request types are stricter than our hand-built bodies; the wire shape is ours.
    const request = client.chat.completions.create(
      a.body as never,
      options,
    ) as unknown as APIPromise<Stream<unknown>>;
    const { data, response } = await request.withResponse();
    return {
      status: response.status,
      headers: response.headers,
      events: data,
      snippet: (limit, timeoutMs) => bodySnippet(response, limit, timeoutMs),
      stop: () => data.controller.abort(),
    };
  } catch (error) {
    throw classify(a, mod, error, errorBody);
  }
}

function sdkClient(
  o: ModelClientOptions,
  OpenAIClass: OpenAIModule["OpenAI"],
  onErrorBody: (text: string) => void,
): OpenAI {
  return new OpenAIClass({
    // Without a key the SDK refuses to start; the placeholder never leaves (authorization: null).
    apiKey: o.apiKey || "unused",
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    baseURL: o.provider.baseUrl.replace(/\/+$/, ""),
    defaultQuery: o.provider.queryParams,
    defaultHeaders: requestHeaders(headerInputs(o)),
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

function classify(
  a: SdkAttempt,
  mod: OpenAIModule,
  error: unknown,
  errorBody: string | undefined,
): ModelError {
  if (error instanceof ModelError) return error;
  if (a.signal.aborted || error instanceof mod.APIUserAbortError) return interrupted();
  if (error instanceof mod.APIConnectionTimeoutError) {
    return networkError(new Error(HEADERS_TIMEOUT_MESSAGE), a.url, a.o.providerId);
  }
  if (error instanceof mod.APIConnectionError) {
    return networkError(error.cause ?? error, a.url, a.o.providerId);
  }
  if (error instanceof mod.APIError && error.status !== undefined && error.headers) {
    const fallback = error.error === undefined ? "" : JSON.stringify({ error: error.error });
    return httpStatusError(error.status, error.headers, errorBody ?? fallback, a.url);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ModelError("fatal", `model request to ${a.url} failed: ${message}`);
}
