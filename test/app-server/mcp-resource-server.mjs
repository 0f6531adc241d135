// A small MCP server for the app-server tests: one resource (text and blob contents) and a tool
// with structured output, over stdio.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";

const server = new Server(
  { name: "codex-ts-resource-server", version: "1.0.0" },
  { capabilities: { tools: {}, resources: {} } },
);
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    {
      name: "add",
      description: "Adds two numbers.",
      inputSchema: {
        type: "object",
        properties: { a: { type: "number" }, b: { type: "number" } },
      },
    },
  ],
}));
server.setRequestHandler(CallToolRequestSchema, async (req) => {
  if (req.params.name !== "add") throw new Error(`unknown tool ${req.params.name}`);
  const { a = 0, b = 0 } = req.params.arguments ?? {};
  return { content: [{ type: "text", text: String(a + b) }], structuredContent: { sum: a + b } };
});
server.setRequestHandler(ListResourcesRequestSchema, async () => ({
  resources: [{ uri: "memo://notes", name: "notes", mimeType: "text/plain" }],
}));
server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
  resourceTemplates: [],
}));
server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
  if (req.params.uri !== "memo://notes") throw new Error(`no resource ${req.params.uri}`);
  return {
    contents: [
      { uri: "memo://notes", mimeType: "text/plain", text: "remember the milk" },
      { uri: "memo://notes", mimeType: "application/octet-stream", blob: "AAEC" },
    ],
  };
});
await server.connect(new StdioServerTransport());
