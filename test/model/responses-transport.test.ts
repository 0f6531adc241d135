// The Responses API's own HTTP transport (src/model/http-transport.ts) against real servers:
// the bytes on the wire (header set, query encoding), redirects, the response-headers deadline
// and interrupts, all as the openai SDK's fetch path behaved before it.
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  plainAnswer,
  startMockServer,
  type MockResponse,
  type MockServer,
} from "../mock-server/index.js";
import { clientFor, drain, prompt } from "./helpers.js";
import { startTlsServer } from "./tls-server.js";

const mocks: MockServer[] = [];
const servers: Array<http.Server | net.Server> = [];

afterEach(async () => {
  for (const mock of mocks.splice(0)) {
    expect(mock.violations).toEqual([]);
    await mock.close();
  }
  for (const server of servers.splice(0)) {
    if (server instanceof http.Server) server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function mockWith(...script: MockResponse[]) {
  const mock = await startMockServer({ script });
  mocks.push(mock);
  return mock;
}

interface Seen {
  url: string;
  rawHeaderNames: string[];
}

/** A bare node:http server that records the request line and raw header names, then answers. */
async function recordingServer(): Promise<{ base: string; seen: Seen[]; connections(): number }> {
  const seen: Seen[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    seen.push({
      url: req.url ?? "",
      rawHeaderNames: req.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()),
    });
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end('data: {"type":"response.completed","response":{"id":"r1","usage":null}}\n\n');
    });
  });
  server.on("connection", () => connections++);
  server.keepAliveTimeout = 60_000;
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { base: `http://127.0.0.1:${port}/v1`, seen, connections: () => connections };
}

/** Resolves once Node's agent holds an idle keep-alive socket for `base`'s host. */
async function idleSocketFor(base: string): Promise<void> {
  const { host } = new URL(base);
  const deadline = Date.now() + 5_000;
  while (!Object.keys(http.globalAgent.freeSockets).some((name) => name.startsWith(host))) {
    if (Date.now() > deadline) throw new Error(`no idle socket for ${host}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("what goes on the wire", () => {
  it("sends Codex's header set and none of fetch's own (accept-encoding, sec-fetch-mode, …)", async () => {
    const server = await recordingServer();
    const { error } = await drain(clientFor(server.base));
    expect(error).toBeUndefined();
    // The reference sends these (captures/codex-0.169.0) plus nothing else; `connection` is
    // Node's keep-alive, which fetch sent too.
    expect([...server.seen[0]!.rawHeaderNames].sort()).toEqual([
      "accept",
      "authorization",
      "connection",
      "content-length",
      "content-type",
      "host",
      "originator",
      "session-id",
      "thread-id",
      "user-agent",
      "x-client-request-id",
    ]);
  });

  it("encodes query_params as the SDK did (RFC 3986), merged over base_url's own query", async () => {
    const server = await recordingServer();
    const { error } = await drain(
      clientFor(server.base, {}, { queryParams: { "api-version": "2025-04-01", "a b": "x*y'!" } }),
    );
    expect(error).toBeUndefined();
    expect(server.seen[0]!.url).toBe("/v1/responses?api-version=2025-04-01&a%20b=x%2Ay%27%21");
  });
});

describe("connections", () => {
  it("a finished stream hands its connection back for the next request (keep-alive)", async () => {
    const server = await recordingServer();
    const client = clientFor(server.base);
    expect((await drain(client)).error).toBeUndefined();
    await idleSocketFor(server.base);
    expect((await drain(client)).error).toBeUndefined();
    expect(server.seen).toHaveLength(2);
    expect(server.connections()).toBe(1);
  });
});

describe("redirects", () => {
  it("follows a same-origin 307 with the same method, body and authorization", async () => {
    const mock = await mockWith(
      { status: 307, headers: { location: "/v1/moved/responses" } },
      plainAnswer("Moved."),
    );
    const { error } = await drain(clientFor(mock.url), prompt());
    expect(error).toBeUndefined();
    const [first, second] = mock.requests;
    expect(second!.method).toBe("POST");
    expect(second!.path).toBe("/v1/moved/responses");
    expect(second!.rawBody).toBe(first!.rawBody);
    expect(second!.headers["authorization"]).toBe("Bearer sk-mock-key");
  });

  it("does not carry authorization to another origin", async () => {
    const target = await mockWith(plainAnswer("Elsewhere."));
    const origin = await mockWith({
      status: 308,
      headers: { location: `${target.url}/responses` },
    });
    const { error } = await drain(clientFor(origin.url));
    expect(error).toBeUndefined();
    expect(target.requests[0]!.rawBody).toBe(origin.requests[0]!.rawBody);
    expect(target.requests[0]!.headers["authorization"]).toBeUndefined();
    expect(origin.requests[0]!.headers["authorization"]).toBe("Bearer sk-mock-key");
  });
});

/** Accepts connections and never answers (no status line, no headers). */
async function silentServer(): Promise<string> {
  // Reads (and drops) the request, so it sees the client hang up and the server can close.
  const server = net.createServer((socket) => socket.resume());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return `http://127.0.0.1:${port}/v1`;
}

describe("deadlines and interrupts", () => {
  it("gives up on response headers after stream_idle_timeout_ms, naming the URL", async () => {
    const base = await silentServer();
    const { error } = await drain(
      clientFor(base, {}, { streamIdleTimeoutMs: 150, requestMaxRetries: 0 }),
    );
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(
      `error sending request for url (${base}/responses): timed out waiting for response headers`,
    );
  });

  it("aborting the signal after the stream ended (the turn's end) is harmless", async () => {
    const mock = await mockWith(plainAnswer("One."), plainAnswer("Two."));
    const client = clientFor(mock.url);
    const controller = new AbortController();
    expect((await drain(client, prompt(), controller.signal)).error).toBeUndefined();
    controller.abort();
    // The connection went back to the pool intact: the next request on it succeeds.
    expect((await drain(client)).error).toBeUndefined();
    expect(mock.requests).toHaveLength(2);
  });

  it("an interrupt while waiting for headers ends the request as 'interrupted'", async () => {
    const base = await silentServer();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { error } = await drain(clientFor(base), prompt(), controller.signal);
    expect(error?.kind).toBe("interrupted");
  });
});

describe("https", () => {
  it("speaks TLS, and names the certificate problem when the server is not trusted", async () => {
    const server = await startTlsServer("Over TLS.");
    try {
      const { error } = await drain(clientFor(server.base, {}, { requestMaxRetries: 0 }));
      // A self-signed certificate outside the trust store (the CLI trusts it through
      // NODE_EXTRA_CA_CERTS: test/e2e/exec-model-transport.test.ts).
      expect(error?.kind).toBe("retryable");
      expect(error?.message).toBe(
        `error sending request for url (${server.base}/responses): self-signed certificate`,
      );
      expect(server.bodies).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
