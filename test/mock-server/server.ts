// A scripted model server on 127.0.0.1: answers each POST with the next scripted response,
// records every request, and rejects histories that break the call/output invariant.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chatAnswer } from "./chat-sse.js";
import { requestViolations } from "./invariant.js";
import { plainAnswer } from "./sse.js";
import type {
  MockResponse,
  MockServer,
  MockServerOptions,
  RecordedRequest,
  SseEvent,
} from "./types.js";

function encodeEvent(event: SseEvent): string {
  if ("raw" in event) return event.raw;
  const data = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
  const type =
    event.event ??
    (typeof event.data === "object" && event.data !== null
      ? (event.data as { type?: unknown }).type
      : undefined);
  return `${typeof type === "string" ? `event: ${type}\n` : ""}data: ${data}\n\n`;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function waitFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" };

async function serveSse(
  res: http.ServerResponse,
  r: Extract<MockResponse, { sse: unknown }>,
): Promise<void> {
  res.writeHead(r.status ?? 200, { ...SSE_HEADERS, ...r.headers });
  res.flushHeaders();
  const events = r.sse.flat();
  let sent = 0;
  for (const event of events) {
    if (r.dropAfter !== undefined && sent >= r.dropAfter) break;
    if (r.delayMs) await waitFor(r.delayMs);
    if (res.destroyed) return;
    res.write(encodeEvent(event));
    sent++;
  }
  if (r.dropAfter !== undefined) {
    // Let the written events reach the client, then cut the connection mid-response.
    res.socket?.end();
    return;
  }
  if (r.end === "hang") return;
  res.end();
}

async function serve(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  r: MockResponse,
): Promise<void> {
  if ("text" in r) {
    const isChat = (req.url ?? "").includes("/chat/completions");
    return serve(req, res, isChat ? chatAnswer(r.text) : plainAnswer(r.text));
  }
  if ("sse" in r) return serveSse(res, r);
  if ("hang" in r) {
    res.writeHead(200, { ...SSE_HEADERS, ...r.headers });
    res.flushHeaders();
    return;
  }
  const body =
    r.body === undefined ? "" : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
  const headers: Record<string, string> = { ...r.headers };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = typeof r.body === "string" ? "text/plain" : "application/json";
  }
  res.writeHead(r.status, headers);
  res.end(body);
}

function headerRecord(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export async function startMockServer(opts: MockServerOptions = {}): Promise<MockServer> {
  const script: Array<MockResponse | ((req: RecordedRequest) => MockResponse)> = [
    ...(opts.script ?? []),
  ];
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const waiters: { n: number; resolve: (r: RecordedRequest[]) => void }[] = [];
  let next = 0;

  const nextResponse = (req: RecordedRequest): MockResponse | undefined => {
    if (next >= script.length && opts.repeat && script.length > 0) next = 0;
    const entry = script[next++];
    return typeof entry === "function" ? entry(req) : entry;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const record: RecordedRequest = {
        seq: requests.length + 1,
        tMs: Date.now(),
        method: req.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: headerRecord(req),
        body: parseJson(rawBody),
        rawBody,
      };
      requests.push(record);
      opts.onRequest?.(record);
      for (const w of [...waiters]) {
        if (requests.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(requests);
        }
      }
      const broken = requestViolations(record.body);
      if (broken.length > 0) {
        const message = `invariant violated: ${broken.join("; ")}`;
        violations.push(`request #${record.seq}: ${message}`);
        return sendJson(res, 400, { error: { message, type: "invalid_request_error" } });
      }
      const scripted = nextResponse(record);
      if (!scripted) {
        const message = `mock script exhausted: request #${record.seq} (${record.method} ${record.path}) has no scripted response`;
        violations.push(message);
        return sendJson(res, 500, { error: { message, type: "mock_script_exhausted" } });
      }
      serve(req, res, scripted).catch((error: unknown) => {
        violations.push(`request #${record.seq}: mock failed to respond: ${String(error)}`);
        res.destroy();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    violations,
    enqueue(...responses) {
      script.push(...responses);
    },
    waitForRequests(n) {
      if (requests.length >= n) return Promise.resolve(requests);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
