// Every failure class of reference §8, against the real HTTP mock.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  plainAnswer,
  responsesStream,
  sse,
  startMockServer,
  type MockResponse,
  type MockServer,
} from "../mock-server/index.js";
import { clientFor, doneItems, drain } from "./helpers.js";

let mock: MockServer | undefined;

afterEach(async () => {
  if (!mock) return;
  expect(mock.violations).toEqual([]);
  await mock.close();
  mock = undefined;
});

async function run(script: MockResponse[], providerOver = {}) {
  mock = await startMockServer({ script });
  const result = await drain(clientFor(mock.url, {}, providerOver));
  return { ...result, requests: mock.requests };
}

const HIGH_DEMAND =
  "We\u2019re currently experiencing high demand, which may cause temporary errors.";

describe("HTTP status handling", () => {
  it("retries a 500 inside stream() and succeeds with the identical body", async () => {
    const { events, error, requests } = await run([
      { status: 500, body: "boom" },
      plainAnswer("Hello after retry."),
    ]);
    expect(error).toBeUndefined();
    expect(requests).toHaveLength(2);
    expect(requests[1]!.rawBody).toBe(requests[0]!.rawBody);
    expect(requests[1]!.headers["x-client-request-id"]).toBe(
      requests[0]!.headers["x-client-request-id"],
    );
    expect(doneItems(events)).toHaveLength(1);
  });

  it("gives up after requestMaxRetries+1 attempts on 5xx with the high-demand text", async () => {
    const script: MockResponse[] = Array.from({ length: 3 }, () => ({
      status: 503,
      body: "secret",
    }));
    const { error, requests } = await run(script, { requestMaxRetries: 2 });
    expect(requests).toHaveLength(3);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(HIGH_DEMAND);
    expect(error?.status).toBe(503);
  });

  it("returns 429 with retry-after (seconds) as retryable with the delay, without retrying itself", async () => {
    const { error, requests } = await run([
      {
        status: 429,
        headers: { "retry-after": "2" },
        body: { error: { message: "slow down", type: "rate_limit" } },
      },
    ]);
    expect(requests).toHaveLength(1);
    expect(error?.kind).toBe("retryable");
    expect(error?.retryAfterMs).toBe(2000);
    expect(error?.message).toBe("exceeded retry limit, last status: 429 Too Many Requests");
  });

  it("reads retry-after given as an HTTP date", async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const { error } = await run([{ status: 429, headers: { "retry-after": at }, body: "" }]);
    expect(error?.kind).toBe("retryable");
    expect(error?.retryAfterMs).toBeGreaterThan(30_000);
    expect(error?.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it("makes 429 without retry-after fatal", async () => {
    const { error, requests } = await run([
      { status: 429, body: { error: { message: "rate limited" } } },
    ]);
    expect(requests).toHaveLength(1);
    expect(error?.kind).toBe("fatal");
    expect(error?.retryAfterMs).toBeUndefined();
    expect(error?.message).toBe("exceeded retry limit, last status: 429 Too Many Requests");
  });

  it("maps insufficient_quota (429 and 403) to quota", async () => {
    const body = {
      error: {
        message: "You exceeded your current quota",
        type: "insufficient_quota",
        code: "insufficient_quota",
      },
    };
    const first = await run([{ status: 429, headers: { "retry-after": "1" }, body }]);
    expect(first.error?.kind).toBe("quota");
    expect(first.error?.message).toBe("Quota exceeded. Check your plan and billing details.");
    await mock!.close();
    const second = await run([{ status: 403, body }]);
    expect(second.error?.kind).toBe("quota");
  });

  it("maps usage_limit_reached to usage_limit", async () => {
    const { error } = await run([
      { status: 429, body: { error: { type: "usage_limit_reached", message: "limit" } } },
    ]);
    expect(error?.kind).toBe("usage_limit");
  });

  it("makes 400 fatal with the raw body as the message", async () => {
    const raw = '{"error": {"message": "bad request from mock", "type": "invalid_request_error"}}';
    const { error, requests } = await run([
      { status: 400, body: raw, headers: { "content-type": "application/json" } },
    ]);
    expect(requests).toHaveLength(1);
    expect(error?.kind).toBe("fatal");
    expect(error?.message).toBe(raw);
  });

  it("makes 401 retryable with the server message and the url", async () => {
    const { error, requests } = await run([
      {
        status: 401,
        body: { error: { message: "Incorrect API key provided", code: "invalid_api_key" } },
      },
    ]);
    expect(requests).toHaveLength(1);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(
      `unexpected status 401 Unauthorized: Incorrect API key provided, url: ${mock!.url}/responses`,
    );
  });

  it("makes other 4xx fatal with status, reason and body", async () => {
    const { error } = await run([{ status: 404, body: "no such route" }]);
    expect(error?.kind).toBe("fatal");
    expect(error?.message).toBe(
      `unexpected status 404 Not Found: no such route, url: ${mock!.url}/responses`,
    );
  });
});

describe("stream failures", () => {
  it("maps response.failed context_length_exceeded to context_window_exceeded", async () => {
    const { error } = await run([
      responsesStream(sse.created(), sse.failed("context_length_exceeded", "too long")),
    ]);
    expect(error?.kind).toBe("context_window_exceeded");
    expect(error?.message).toBe(
      "Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying.",
    );
  });

  it("maps other response.failed to retryable with the server message and its delay", async () => {
    const { error, requests } = await run([
      responsesStream(
        sse.created(),
        sse.failed("server_error", "mock failure inside stream. Please try again in 1.5s"),
      ),
    ]);
    expect(requests).toHaveLength(1);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(
      "stream disconnected before completion: mock failure inside stream. Please try again in 1.5s",
    );
    expect(error?.retryAfterMs).toBe(1500);
  });

  it("maps response.failed insufficient_quota to quota", async () => {
    const { error } = await run([responsesStream(sse.failed("insufficient_quota", "no money"))]);
    expect(error?.kind).toBe("quota");
  });

  it("reports a stream that ends before response.completed as retryable", async () => {
    const { events, error } = await run([responsesStream(sse.created(), sse.message("partial"))]);
    expect(doneItems(events)).toHaveLength(1);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(
      "stream disconnected before completion: stream closed before response.completed",
    );
  });

  it("reports a dropped connection mid-stream as retryable", async () => {
    const { events, error } = await run([
      { sse: [sse.created(), sse.textDeltas(["a", "b", "c"]), sse.completed()], dropAfter: 3 },
    ]);
    // created, output_item.added and content_part.added (not surfaced) arrive before the cut.
    expect(events.map((e) => e.type)).toEqual(["created", "output_item_added"]);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(
      "stream disconnected before completion: connection closed by the server",
    );
  });

  it("reports a malformed SSE data line as retryable without crashing", async () => {
    const { events, error } = await run([
      responsesStream(sse.created(), sse.malformed("{not json"), sse.completed()),
    ]);
    expect(events).toEqual([{ type: "created" }]);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toMatch(
      /^stream disconnected before completion: malformed SSE event from server \(data is not JSON: /,
    );
  });

  it("reports an HTML page served with 200 as retryable, naming the content type", async () => {
    const html = "<!DOCTYPE html><html><body><h1>Login required</h1></body></html>";
    const { error } = await run([
      { status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: html },
    ]);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toContain('content-type "text/html; charset=utf-8"');
    expect(error?.message).toContain("<!DOCTYPE html>");
    expect(error?.message).toContain('model provider "mock"');
  });

  it("times out an idle stream", async () => {
    const { events, error } = await run([{ sse: [sse.created()], end: "hang" }], {
      streamIdleTimeoutMs: 150,
    });
    expect(events).toEqual([{ type: "created" }]);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(
      "stream disconnected before completion: idle timeout waiting for SSE",
    );
  });

  it("times out a server that never sends anything after the headers", async () => {
    const { events, error } = await run([{ hang: true }], { streamIdleTimeoutMs: 150 });
    expect(events).toEqual([]);
    expect(error?.message).toBe(
      "stream disconnected before completion: idle timeout waiting for SSE",
    );
  });
});

describe("network failures", () => {
  it("retries an unreachable base_url, then names the URL", async () => {
    const port = await closedPort();
    const client = clientFor(`http://127.0.0.1:${port}/v1`, {}, { requestMaxRetries: 2 });
    const { error } = await drain(client);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toMatch(
      new RegExp(
        `^error sending request for url \\(http://127\\.0\\.0\\.1:${port}/v1/responses\\): connection refused`,
      ),
    );
    expect(error?.message).toContain('model provider "mock"');
  });
});

/** A port nothing listens on: bind, note the port, close. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
