import { describe, expect, it } from "vitest";
import type { AskForApproval } from "../protocol/index.js";
import { commandApprovalRequirement } from "./approval.js";
import { isBashParserLoaded } from "./bash-parser.js";
import { formatCommandForDisplay } from "./display.js";
import { isKnownSafeCommand } from "./safety.js";

const bash = (script: string): string[] => ["/bin/bash", "-lc", script];
const POLICIES: AskForApproval[] = ["untrusted", "on-failure", "on-request", "never"];

describe("commandApprovalRequirement", () => {
  // First in this file on purpose: nothing has needed the parser yet.
  it("does not load the parser for decisions that do not need it", async () => {
    expect(await isKnownSafeCommand(["ls", "-la"])).toBe(true);
    expect(await isKnownSafeCommand(["npm", "install"])).toBe(false);
    expect(formatCommandForDisplay(bash("ls"))).toBe("/bin/bash -lc ls");
    expect(isBashParserLoaded()).toBe(false);
    expect(await isKnownSafeCommand(bash("ls && pwd"))).toBe(true);
    expect(isBashParserLoaded()).toBe(true);
  });

  it.each(POLICIES)("runs known-safe commands without asking under %s", async (policy) => {
    expect(await commandApprovalRequirement(bash("ls && cat a"), policy)).toEqual({ type: "run" });
  });

  it("asks for anything else only under untrusted", async () => {
    const argv = bash("npm test");
    expect(await commandApprovalRequirement(argv, "untrusted")).toEqual({
      type: "ask",
      reason: null,
    });
    for (const policy of ["on-failure", "on-request", "never"] as const) {
      expect(await commandApprovalRequirement(argv, policy)).toEqual({ type: "run" });
    }
  });

  it.each(["untrusted", "on-failure", "on-request"] as const)(
    "asks about destructive commands under %s",
    async (policy) => {
      expect(await commandApprovalRequirement(bash("ls && rm -rf build"), policy)).toEqual({
        type: "ask",
        reason: "This looks destructive (rm -f style): rm -rf build",
      });
    },
  );

  it("rejects destructive commands under never, with Codex's message", async () => {
    expect(await commandApprovalRequirement(bash("rm -f does-not-exist.txt"), "never")).toEqual({
      type: "reject",
      message:
        "`/bin/bash -lc 'rm -f does-not-exist.txt'` rejected: rm -f style commands are not permitted. Use a safer approach",
    });
  });

  it("asks under untrusted for git outside the workspace, where another repo's config applies", async () => {
    const ws = { cwd: "/ws", workspace: "/ws" };
    const elsewhere = { cwd: "/tmp/other-repo", workspace: "/ws" };
    expect(await commandApprovalRequirement(bash("git status"), "untrusted", ws)).toEqual({
      type: "run",
    });
    expect(await commandApprovalRequirement(bash("git status"), "untrusted", elsewhere)).toEqual({
      type: "ask",
      reason: null,
    });
  });

  it("every git reset is destructive, as upstream Codex has it", async () => {
    expect(await commandApprovalRequirement(bash("git reset HEAD file"), "on-request")).toEqual({
      type: "ask",
      reason: "This looks destructive (git reset): git reset HEAD file",
    });
  });
});
