import { describe, expect, it } from "vitest";
import {
  decisionFromReply,
  execApprovalElicitation,
  patchApprovalElicitation,
} from "./approval-elicitation.js";

const ctx = { threadId: "t1", toolCallRequestId: 7, eventId: "0" };

describe("approval elicitations", () => {
  it("an exec request carries the command, cwd, reason and ids", () => {
    const params = execApprovalElicitation(ctx, {
      type: "exec_approval_request",
      call_id: "c1",
      command: ["/bin/bash", "-lc", "touch made.txt"],
      cwd: "/w",
      reason: "needs to write",
      parsed_cmd: [{ type: "unknown", cmd: "touch made.txt" }],
    });
    expect(params).toMatchObject({
      threadId: "t1",
      codex_elicitation: "exec-approval",
      codex_mcp_tool_call_id: 7,
      codex_event_id: "0",
      codex_call_id: "c1",
      codex_command: ["/bin/bash", "-lc", "touch made.txt"],
      codex_cwd: "/w",
      codex_reason: "needs to write",
      codex_parsed_cmd: [{ type: "unknown", cmd: "touch made.txt" }],
    });
    expect(params.message).toContain("`touch made.txt` in /w");
    expect(params.message).toContain("needs to write");
    expect(params.requestedSchema).toMatchObject({
      type: "object",
      properties: { decision: { type: "string" } },
    });
  });

  it("a patch request carries the changes", () => {
    const changes = { "/w/a.txt": { type: "add" as const, content: "x\n" } };
    const params = patchApprovalElicitation(ctx, {
      type: "apply_patch_approval_request",
      call_id: "p1",
      changes,
      grant_root: "/w",
    });
    expect(params).toMatchObject({
      codex_elicitation: "patch-approval",
      codex_call_id: "p1",
      codex_changes: changes,
      codex_grant_root: "/w",
    });
    expect(params.message).toContain("/w/a.txt");
  });
});

describe("reading the client's decision", () => {
  it("accepts Codex's {decision} and MCP's {action, content}", () => {
    expect(decisionFromReply({ decision: "approved" })).toBe("approved");
    expect(decisionFromReply({ action: "accept", decision: "approved_for_session" })).toBe(
      "approved_for_session",
    );
    expect(decisionFromReply({ action: "accept", content: { decision: "abort" } })).toBe("abort");
  });

  it("anything else is a denial", () => {
    for (const reply of [
      undefined,
      null,
      "approved",
      {},
      { decision: "yes" },
      { action: "accept" },
      { action: "accept", content: {} },
      { action: "decline", decision: "approved" },
      { action: "cancel", content: { decision: "approved" } },
    ])
      expect(decisionFromReply(reply), JSON.stringify(reply)).toBe("denied");
  });
});
