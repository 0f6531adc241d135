import { describe, expect, it } from "vitest";
import { explainSandbox } from "./explain.js";
import type { ExplainInput } from "./explain.js";

const base: ExplainInput = {
  platform: "linux",
  arch: "x64",
  helper: {
    usable: true,
    path: "/h/codex-linux-sandbox",
    probe: { landlockAbi: 6, userNamespaces: true },
  },
  bwrap: { usable: false, problem: "bubblewrap (bwrap) is not installed" },
  policy: { type: "read-only" },
  writableRoots: [],
};

describe("explainSandbox", () => {
  it("names each layer and the helper as the backend of both restricted modes", () => {
    const text = explainSandbox(base);
    expect(text).toContain("landlock            ABI 6\n");
    expect(text).toContain("user namespaces     yes\n");
    expect(text).toContain("bubblewrap          bubblewrap (bwrap) is not installed\n");
    expect(text).toMatch(/read-only +helper: user\+mount namespace/);
    expect(text).toContain("Configured policy: read-only");
  });

  it("says what is weaker without user namespaces", () => {
    const text = explainSandbox({
      ...base,
      helper: { usable: true, path: "/h", probe: { landlockAbi: 3, userNamespaces: false } },
      policy: {
        type: "workspace-write",
        writable_roots: [],
        network_access: false,
        exclude_slash_tmp: false,
        exclude_tmpdir_env_var: false,
      },
      writableRoots: ["/w", "/tmp"],
    });
    expect(text).toContain("user namespaces     no (degraded mode)");
    expect(text).toMatch(/workspace-write +helper, DEGRADED .* WEAKER/);
    expect(text).toContain("writable roots      /w, /tmp");
  });

  it("falls back to bwrap, or says that commands are refused", () => {
    const noHelper = { usable: false as const, problem: "the sandbox helper was not built" };
    const bwrap = explainSandbox({
      ...base,
      helper: noHelper,
      bwrap: { usable: true, path: "/usr/bin/bwrap", disableUserns: true },
    });
    expect(bwrap).toMatch(/read-only +bwrap: .*seccomp rules\. No Landlock/);
    expect(explainSandbox({ ...base, helper: noHelper })).toMatch(
      /read-only +NONE: commands are refused/,
    );
  });
});
