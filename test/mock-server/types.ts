// Script and record shapes of the mock model server. Scripts are plain JSON so the standalone
// CLI can read them from a file.

/** One SSE event: `data` objects are JSON-encoded, strings are sent verbatim. */
export type SseEvent =
  /** `event:` defaults to `data.type` when that is a string; chat chunks have none. */
  | { event?: string; data: unknown }
  /** Bytes written as-is (malformed lines, `data: [DONE]`). */
  | { raw: string };

/** Builders return single events or runs of them; scripts may mix both. */
export type SseScript = SseEvent | SseEvent[];

export type MockResponse =
  /** A 200 (or `status`) event stream. */
  | {
      sse: SseScript[];
      status?: number;
      headers?: Record<string, string>;
      /** Pause before each event (slow delivery, for interrupt tests). */
      delayMs?: number;
      /** Destroy the socket after this many events (a dropped stream). */
      dropAfter?: number;
      /** After the last event: end normally (default), keep the connection open silently. */
      end?: "close" | "hang";
    }
  /** Plain HTTP answer: error statuses, HTML pages. Object bodies are sent as JSON. */
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** 200 with SSE headers, then silence until the client goes away. */
  | { hang: true; headers?: Record<string, string> }
  /** A complete plain answer in whichever wire format the request path asks for. */
  | { text: string };

export interface RecordedRequest {
  /** 1-based arrival order. */
  seq: number;
  /** Milliseconds since the epoch at arrival. */
  tMs: number;
  method: string;
  /** Path without the query string, e.g. `/v1/responses`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body (key order preserved), or undefined when the body is not JSON. */
  body: Record<string, unknown> | undefined;
  rawBody: string;
}

export interface MockServerOptions {
  script?: MockResponse[];
  /** Start the script over when it runs out (benchmarks). */
  repeat?: boolean;
  /** Default 0 (any free port). */
  port?: number;
  /** Called after each request is recorded. */
  onRequest?: (request: RecordedRequest) => void;
}

export interface MockServer {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Broken call/output invariants and script overruns; a passing test expects none. */
  violations: string[];
  /**
   * Appends to the script. A function (in-process use only) builds its response from the
   * request, e.g. to answer with an id the client chose in the previous turn.
   */
  enqueue(...responses: Array<MockResponse | ((req: RecordedRequest) => MockResponse)>): void;
  /** Resolves once at least `n` requests have arrived. */
  waitForRequests(n: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}
