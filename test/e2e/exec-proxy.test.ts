// Model requests go through the proxy HTTPS_PROXY / HTTP_PROXY name (as Codex's do), except to
// loopback hosts. The model's host, `model.test`, does not resolve here: only a proxy that
// connects on the client's behalf can reach it, so an answer proves the request went through.
import { readFileSync } from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import { TLS_FIXTURES, startTlsServer } from "../model/tls-server.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

interface Proxy {
  url: string;
  /** What clients asked for: `GET http://…` (absolute form) or `CONNECT host:port`. */
  seen: string[];
  close(): Promise<void>;
}

/** An HTTP proxy that sends every request and tunnel to `upstreamPort` on 127.0.0.1. */
async function startProxy(upstreamPort: number): Promise<Proxy> {
  const seen: string[] = [];
  // Tunnels leave the HTTP server's books once they are established: closed here.
  const tunnels = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? "/");
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: upstreamPort,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req, client: net.Socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const upstream = net.connect(upstreamPort, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      tunnels.add(socket);
      socket.on("close", () => tunnels.delete(socket));
    }
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const proxies: Proxy[] = [];
afterEach(async () => {
  for (const p of proxies.splice(0)) await p.close();
});

const portOf = (url: string) => Number(new URL(url).port);

describe("model requests through a proxy", () => {
  it("http: HTTP_PROXY gets the request in absolute form", async () => {
    const proxy = await startProxy(portOf(mock.url));
    proxies.push(proxy);
    mock.enqueue(plainAnswer("via the proxy"));
    writeConfig(ws.home, mockConfig(`http://model.test:${portOf(mock.url)}/v1`));
    const r = await runCli(["exec", "hello"], {
      cwd: ws.work,
      home: ws.home,
      env: { HTTP_PROXY: proxy.url },
    });
    expect(r.stderr).not.toMatch(/ENOTFOUND/);
    expect(r.stdout).toBe("via the proxy\n");
    expect(proxy.seen).toEqual([`POST http://model.test:${portOf(mock.url)}/v1/responses`]);
  });

  it("https: HTTPS_PROXY gets a CONNECT tunnel, and TLS runs end to end", async () => {
    // A test-only certificate for model.test (test/model/fixtures, valid until 2126).
    const cert = path.join(TLS_FIXTURES, "model-test-cert.pem");
    const identity = {
      key: readFileSync(path.join(TLS_FIXTURES, "model-test-key.pem"), "utf8"),
      cert: readFileSync(cert, "utf8"),
    };
    const server = await startTlsServer("Hello through the tunnel.", identity);
    const proxy = await startProxy(portOf(server.base));
    proxies.push(proxy);
    try {
      writeConfig(ws.home, mockConfig(`https://model.test:${portOf(server.base)}/v1`));
      const r = await runCli(["exec", "hello"], {
        cwd: ws.work,
        home: ws.home,
        env: { https_proxy: proxy.url, NODE_EXTRA_CA_CERTS: cert },
      });
      expect(r.stdout).toBe("Hello through the tunnel.\n");
      expect(proxy.seen).toEqual([`CONNECT model.test:${portOf(server.base)}`]);
      expect(server.bodies).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("loopback hosts and NO_PROXY hosts are reached directly", async () => {
    const dead = await startProxy(1);
    proxies.push(dead);
    mock.enqueue(plainAnswer("direct"));
    writeConfig(ws.home, mockConfig(mock.url));
    const r = await runCli(["exec", "hello"], {
      cwd: ws.work,
      home: ws.home,
      env: { HTTP_PROXY: dead.url, HTTPS_PROXY: dead.url },
    });
    expect(r.stdout).toBe("direct\n");
    expect(dead.seen).toEqual([]);

    mock.enqueue(plainAnswer("no proxy"));
    writeConfig(ws.home, mockConfig(`http://model.test:${portOf(mock.url)}/v1`));
    const excluded = await runCli(["exec", "hello"], {
      cwd: ws.work,
      home: ws.home,
      env: { HTTP_PROXY: dead.url, NO_PROXY: "model.test" },
    });
    // model.test does not resolve: going direct fails, and the proxy saw nothing.
    expect(excluded.code).not.toBe(0);
    expect(dead.seen).toEqual([]);
  });
});
