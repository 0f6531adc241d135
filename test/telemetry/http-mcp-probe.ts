// A streamable-HTTP MCP server (stateless) with one tool, recording every request's JSON-RPC
// method and headers, so tests can see the `traceparent` a tool call carried.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

export interface McpProbe {
  url: string;
  requests: { method: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startMcpProbe(): Promise<McpProbe> {
  const requests: McpProbe["requests"] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const body = raw ? (JSON.parse(raw) as { method?: string }) : undefined;
        requests.push({ method: body?.method ?? req.method ?? "", headers: req.headers });
        const mcp = new McpServer({ name: "probe", version: "1.0.0" });
        mcp.registerTool(
          "whoami",
          // Read-only: allowed under `untrusted` without asking.
          { description: "Says who it is.", annotations: { readOnlyHint: true } },
          async () => ({
            content: [{ type: "text", text: "probe here" }],
          }),
        );
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        res.on("close", () => void transport.close().then(() => mcp.close()));
        await mcp.connect(transport);
        await transport.handleRequest(req, res, body);
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
