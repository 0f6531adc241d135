// The two tools `codex mcp-server` offers. Names, property names, types, enums and required lists
// follow Codex 0.153.4 (captures/mcp-server-0.153.4/tools-list.json); descriptions are our own.
// Deliberate extensions: `profile`, and the full approval-policy enum our core supports.
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { APPROVAL_POLICIES, SANDBOX_MODES } from "../../protocol/index.js";

export const CODEX_TOOL = "codex";
export const CODEX_REPLY_TOOL = "codex-reply";

/** What both tools return in `structuredContent`. */
const OUTPUT_SCHEMA = {
  type: "object" as const,
  properties: {
    threadId: { type: "string" },
    content: { type: "string" },
  },
  required: ["threadId", "content"],
};

const str = (description: string) => ({ type: "string", description });

export const TOOL_DEFINITIONS: Tool[] = [
  {
    name: CODEX_TOOL,
    title: "Codex",
    description:
      "Start a new codex-ts coding session with a prompt and run it until the agent finishes its turn. " +
      "Returns the agent's final message and a threadId to continue the session with codex-reply.",
    inputSchema: {
      type: "object",
      properties: {
        "approval-policy": {
          type: "string",
          enum: [...APPROVAL_POLICIES],
          description:
            "When the agent must ask before running a command: untrusted, on-failure, on-request or never. " +
            "Requests are sent to the client as elicitations.",
        },
        "base-instructions": str("Replaces the built-in system instructions for this session."),
        "compact-prompt": str("Accepted for compatibility; codex-ts does not use it yet."),
        config: {
          type: "object",
          additionalProperties: true,
          description:
            'Config overrides as `-c` would give them: dotted key to value, e.g. {"model_reasoning_effort": "high"}.',
        },
        cwd: str(
          "Working directory of the session; a relative path is taken from the server's own directory.",
        ),
        "developer-instructions": str("Extra developer instructions added to the session."),
        model: str('Model to use instead of the configured one, e.g. "gpt-5.5".'),
        profile: str("Configuration profile to load (as `codex --profile`)."),
        prompt: str("The user's first message: what the agent should do."),
        sandbox: {
          type: "string",
          enum: [...SANDBOX_MODES],
          description:
            "Sandbox for commands the agent runs: read-only, workspace-write or danger-full-access.",
        },
      },
      required: ["prompt"],
      additionalProperties: false,
    },
    outputSchema: OUTPUT_SCHEMA,
  },
  {
    name: CODEX_REPLY_TOOL,
    title: "Codex Reply",
    description:
      "Send the next user message to a session started with the codex tool and run that turn to completion.",
    inputSchema: {
      type: "object",
      properties: {
        conversationId: str("Deprecated spelling of threadId, still accepted."),
        prompt: str("The next user message."),
        threadId: str("The threadId a previous codex or codex-reply call returned."),
      },
      required: ["prompt"],
    },
    outputSchema: OUTPUT_SCHEMA,
  },
];
