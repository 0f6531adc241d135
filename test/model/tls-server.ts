// An HTTPS model endpoint for transport tests, with a self-signed certificate for localhost and
// 127.0.0.1 (fixtures/localhost-*.pem, test-only, valid until 2126). Answers every POST with one
// plain Responses stream.
import https from "node:https";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Test-only keys and certificates (see each use for what they are for). */
export const TLS_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixtures = TLS_FIXTURES;
export const TLS_CERT = path.join(fixtures, "localhost-cert.pem");

export interface TlsServer {
  /** `https://127.0.0.1:PORT/v1` */
  base: string;
  /** Request bodies received. */
  bodies: string[];
  close(): Promise<void>;
}

/** `identity`: another key and certificate (PEM) than the localhost fixture's. */
export async function startTlsServer(
  answer: string,
  identity: { key: string; cert: string } = {
    key: readFileSync(path.join(fixtures, "localhost-key.pem"), "utf8"),
    cert: readFileSync(TLS_CERT, "utf8"),
  },
): Promise<TlsServer> {
  const bodies: string[] = [];
  const server = https.createServer(identity, (req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (d: string) => (body += d));
    req.on("end", () => {
      bodies.push(body);
      res.writeHead(200, { "content-type": "text/event-stream" });
      const item = {
        type: "message",
        role: "assistant",
        id: "msg_tls",
        content: [{ type: "output_text", text: answer }],
      };
      res.end(
        `data: ${JSON.stringify({ type: "response.created", response: { id: "r1" } })}\n\n` +
          `data: ${JSON.stringify({ type: "response.output_item.done", item })}\n\n` +
          `data: ${JSON.stringify({ type: "response.completed", response: { id: "r1", usage: null } })}\n\n`,
      );
    });
  });
  // A rejected handshake is the point of one test, not an error of the server.
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `https://127.0.0.1:${port}/v1`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
