import { describe, expect, it } from "vitest";
import { sandboxPolicyFromMode } from "./policy.js";
import { seatbeltInvocation } from "./seatbelt.js";

const ROOTS = [
  { root: "/Users/me/proj", protectedPaths: ["/Users/me/proj/.git", "/Users/me/proj/.codex"] },
  { root: "/private/tmp", protectedPaths: [] },
];

describe("seatbeltInvocation", () => {
  it("read-only: base profile, no write rules, no network, no parameters", () => {
    const { profile, params } = seatbeltInvocation({ type: "read-only" }, []);
    expect(params).toEqual([]);
    expect(profile).not.toContain("file-write*");
    expect(profile).not.toContain("(allow network-outbound)\n");
    expect(profile).toMatchSnapshot();
  });

  it("workspace-write: roots and protected paths are parameters, never inlined", () => {
    const { profile, params } = seatbeltInvocation(sandboxPolicyFromMode("workspace-write"), ROOTS);
    expect(params).toEqual([
      ["WRITABLE_ROOT_0", "/Users/me/proj"],
      ["WRITABLE_ROOT_0_PROTECTED_0", "/Users/me/proj/.git"],
      ["WRITABLE_ROOT_0_PROTECTED_1", "/Users/me/proj/.codex"],
      ["WRITABLE_ROOT_1", "/private/tmp"],
    ]);
    expect(profile).not.toContain("/Users/me");
    expect(profile).toMatchSnapshot();
  });

  it("workspace-write with network adds the network rules", () => {
    const { profile } = seatbeltInvocation(
      sandboxPolicyFromMode("workspace-write", { network_access: true }),
      ROOTS.slice(1),
    );
    expect(profile).toContain("(allow network-outbound)\n");
    expect(profile).toMatchSnapshot();
  });

  it("has balanced parentheses for every policy", () => {
    for (const policy of [
      { type: "read-only" } as const,
      sandboxPolicyFromMode("workspace-write", { network_access: true }),
    ]) {
      const { profile } = seatbeltInvocation(policy, ROOTS);
      const code = profile.replace(/;.*$/gm, "").replace(/"[^"]*"/g, "");
      let depth = 0;
      for (const ch of code) {
        depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth).toBe(0);
    }
  });

  it("refuses danger-full-access, which runs unsandboxed", () => {
    expect(() => seatbeltInvocation({ type: "danger-full-access" }, [])).toThrow(
      /without Seatbelt/,
    );
  });
});
