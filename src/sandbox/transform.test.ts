import { describe, expect, it } from "vitest";
import type { SandboxBackend } from "./backend.js";
import { SandboxUnavailableError } from "./backend.js";
import { parseHelperProbe } from "./detect.js";
import { sandboxPolicyFromMode } from "./policy.js";
import { bwrapSeccompFilter } from "./bwrap-seccomp.js";
import { pinPoints, type PathProbe } from "./bwrap.js";
import { buildSpawnPlan } from "./transform.js";
import type { SpawnPlan, SpawnRequest } from "./transform.js";

const HELPER: SandboxBackend = {
  kind: "linux-helper",
  helperPath: "/opt/codex/codex-linux-sandbox",
  landlockAbi: 7,
  userNamespaces: true,
};
const BWRAP: SandboxBackend = { kind: "bwrap", bwrapPath: "/usr/bin/bwrap", disableUserns: true };
const SEATBELT: SandboxBackend = { kind: "seatbelt", sandboxExecPath: "/usr/bin/sandbox-exec" };
const NONE: SandboxBackend = {
  kind: "none",
  reason: "the sandbox helper codex-linux-sandbox was not built",
  platform: "linux",
};

function request(overrides: Partial<SpawnRequest> = {}): SpawnRequest {
  return {
    command: ["make", "test"],
    cwd: "/w",
    policy: sandboxPolicyFromMode("workspace-write"),
    env: { PATH: "/usr/bin", TMPDIR: "/var/tmp/me", UNSET: undefined },
    codexHome: "/h",
    backend: HELPER,
    realpath: (path) => path,
    ...overrides,
  };
}

const PROTECT = ["--protect", ".git", "--protect", ".codex", "--protect", ".agents"];

describe("buildSpawnPlan: danger-full-access", () => {
  it("runs the command directly with the env untouched, whatever the backend", () => {
    for (const backend of [HELPER, BWRAP, NONE]) {
      const plan = buildSpawnPlan(request({ policy: { type: "danger-full-access" }, backend }));
      expect(plan).toEqual({
        program: "make",
        args: ["test"],
        env: { PATH: "/usr/bin", TMPDIR: "/var/tmp/me" },
        cwd: "/w",
        sandbox: "none",
      });
    }
  });

  it("rejects an empty command", () => {
    expect(() => buildSpawnPlan(request({ command: [] }))).toThrow(
      "sandbox command must not be empty",
    );
  });
});

describe("buildSpawnPlan: linux helper", () => {
  it("read-only: no roots, no network, CODEX_SANDBOX set", () => {
    const plan = buildSpawnPlan(request({ policy: { type: "read-only" } }));
    expect(plan.program).toBe("/opt/codex/codex-linux-sandbox");
    expect(plan.args).toEqual([
      "--mode",
      "read-only",
      "--no-network",
      "--cwd",
      "/w",
      ...PROTECT,
      "--",
      "make",
      "test",
    ]);
    expect(plan.env).toEqual({
      PATH: "/usr/bin",
      TMPDIR: "/var/tmp/me",
      CODEX_SANDBOX: "landlock",
      CODEX_SANDBOX_NETWORK_DISABLED: "1",
    });
    expect(plan.sandbox).toBe("linux-helper");
    expect(plan.cwd).toBe("/w");
  });

  it("workspace-write: cwd, /tmp and $TMPDIR as roots", () => {
    const plan = buildSpawnPlan(request());
    expect(plan.args).toEqual([
      "--mode",
      "workspace-write",
      "--no-network",
      "--cwd",
      "/w",
      "--writable-root",
      "/w",
      "--writable-root",
      "/tmp",
      "--writable-root",
      "/var/tmp/me",
      ...PROTECT,
      "--",
      "make",
      "test",
    ]);
  });

  it("network_access drops the network restriction and CODEX_SANDBOX_NETWORK_DISABLED", () => {
    const plan = buildSpawnPlan(
      request({ policy: sandboxPolicyFromMode("workspace-write", { network_access: true }) }),
    );
    expect(plan.args).toContain("--network");
    expect(plan.args).not.toContain("--no-network");
    expect(plan.env.CODEX_SANDBOX_NETWORK_DISABLED).toBeUndefined();
  });

  it("exclude_slash_tmp, exclude_tmpdir_env_var and writable_roots", () => {
    const policy = sandboxPolicyFromMode("workspace-write", {
      exclude_slash_tmp: true,
      exclude_tmpdir_env_var: true,
      writable_roots: ["build", "/srv"],
    });
    const roots = buildSpawnPlan(request({ policy })).args.flatMap((arg, i, all) =>
      all[i - 1] === "--writable-root" ? [arg] : [],
    );
    expect(roots).toEqual(["/w", "/w/build", "/srv"]);
  });

  it("keeps arguments with spaces and dashes intact after --", () => {
    const plan = buildSpawnPlan(request({ command: ["sh", "-c", "echo 'a b' -- --mode"] }));
    expect(plan.args.slice(plan.args.indexOf("--") + 1)).toEqual([
      "sh",
      "-c",
      "echo 'a b' -- --mode",
    ]);
  });
});

/** bwrap's own argv, after the `--seccomp 3` the filter (where there is one) brings. */
function bwrapArgv(plan: SpawnPlan): string[] {
  expect(plan.program).toBe("/usr/bin/bwrap");
  return plan.fd3 ? plan.args.slice(2) : plan.args;
}

describe("buildSpawnPlan: bwrap", () => {
  it("hands bwrap the seccomp filter on fd 3 where the architecture is known", () => {
    const plan = buildSpawnPlan(request({ backend: BWRAP, policy: { type: "read-only" } }));
    const filter = bwrapSeccompFilter(false);
    expect(plan.fd3).toEqual(filter);
    if (filter) expect(plan.args.slice(0, 2)).toEqual(["--seccomp", "3"]);
    else expect(plan.args).not.toContain("--seccomp");
  });

  it("has filters for x64 and arm64 only, with and without network rules", () => {
    for (const arch of ["x64", "arm64"] as const) {
      const off = bwrapSeccompFilter(false, arch)!;
      const on = bwrapSeccompFilter(true, arch)!;
      expect(off.length % 8).toBe(0);
      expect(off.length).toBeGreaterThan(on.length);
      // The first instruction loads seccomp_data.arch (offset 4).
      expect(off.readUInt16LE(0)).toBe(0x20);
      expect(off.readUInt32LE(4)).toBe(4);
    }
    expect(bwrapSeccompFilter(false, "ia32")).toBeUndefined();
  });

  it("always unshares the user namespace and drops every capability", () => {
    const plan = buildSpawnPlan(request({ backend: BWRAP, policy: { type: "read-only" } }));
    expect(bwrapArgv(plan)).toEqual([
      "--new-session",
      "--die-with-parent",
      "--unshare-user",
      "--unshare-pid",
      "--unshare-ipc",
      "--disable-userns",
      "--unshare-net",
      "--cap-drop",
      "ALL",
      "--ro-bind",
      "/",
      "/",
      "--dev",
      "/dev",
      "--proc",
      "/proc",
      "--chdir",
      "/w",
      "--",
      "make",
      "test",
    ]);
    expect(plan.env.CODEX_SANDBOX).toBe("bwrap");
    expect(plan.sandbox).toBe("bwrap");
  });

  it("binds roots parents-first, then protected paths read-only; network keeps the host network", () => {
    const policy = sandboxPolicyFromMode("workspace-write", {
      network_access: true,
      exclude_tmpdir_env_var: true,
    });
    // /tmp/.git and /tmp/ws/.codex exist; the rest are missing under existing parents.
    const present = new Set(["/tmp/.git", "/tmp/ws/.codex"]);
    const probe: PathProbe = (path) => (present.has(path) ? "present" : "absent");
    const plan = buildSpawnPlan(
      request({
        backend: { kind: "bwrap", bwrapPath: "/usr/bin/bwrap" },
        policy,
        cwd: "/tmp/ws",
        probe,
      }),
    );
    expect(bwrapArgv(plan)).not.toContain("--unshare-net");
    expect(bwrapArgv(plan)).not.toContain("--disable-userns");
    expect(bwrapArgv(plan)).toContain("--unshare-user");
    const binds = bwrapArgv(plan).join(" ");
    expect(binds).toContain(
      "--bind-try /tmp /tmp --bind-try /tmp/ws /tmp/ws --ro-bind-try /tmp/.git /tmp/.git " +
        "--tmpfs /tmp/.codex --remount-ro /tmp/.codex",
    );
    // The workspace's own missing .git is left for `git init`; its existing .codex is bound.
    expect(binds).toContain(
      "--tmpfs /tmp/.agents --remount-ro /tmp/.agents " +
        "--ro-bind-try /tmp/ws/.codex /tmp/ws/.codex --tmpfs /tmp/ws/.agents --remount-ro /tmp/ws/.agents",
    );
  });

  it("leaves out protected paths whose parent is gone", () => {
    const policy = sandboxPolicyFromMode("workspace-write", { exclude_tmpdir_env_var: true });
    const plan = buildSpawnPlan(
      request({ backend: BWRAP, policy, cwd: "/tmp/ws", probe: () => "no-parent" }),
    );
    expect(bwrapArgv(plan).join(" ")).not.toMatch(/--tmpfs|--ro-bind-try/);
  });
});

describe("pinPoints", () => {
  it("pins roots and the directories between nested roots, shortest first", () => {
    expect(pinPoints(["/tmp/a/b/ws", "/tmp", "/srv"])).toEqual([
      "/tmp",
      "/srv",
      "/tmp/a",
      "/tmp/a/b",
      "/tmp/a/b/ws",
    ]);
    expect(pinPoints(["/w", "/"])).toEqual(["/w"]);
  });
});

describe("buildSpawnPlan: seatbelt", () => {
  it("passes the profile and roots as parameters, resolving roots with the given realpath", () => {
    const plan = buildSpawnPlan(
      request({ backend: SEATBELT, realpath: (p) => p.replace(/^\/tmp/, "/private/tmp") }),
    );
    expect(plan.program).toBe("/usr/bin/sandbox-exec");
    expect(plan.args[0]).toBe("-p");
    expect(plan.args[1]).toContain("(deny default)");
    expect(plan.args).toContain("-DWRITABLE_ROOT_0=/w");
    expect(plan.args).toContain("-DWRITABLE_ROOT_1=/private/tmp");
    expect(plan.args).toContain("-DWRITABLE_ROOT_0_PROTECTED_0=/w/.git");
    expect(plan.args.slice(-3)).toEqual(["--", "make", "test"]);
    expect(plan.env.CODEX_SANDBOX).toBe("seatbelt");
  });
});

describe("buildSpawnPlan: no backend", () => {
  it("fails closed for restricted policies with install instructions", () => {
    for (const policy of [
      { type: "read-only" } as const,
      sandboxPolicyFromMode("workspace-write"),
    ]) {
      expect(() => buildSpawnPlan(request({ backend: NONE, policy }))).toThrow(
        SandboxUnavailableError,
      );
    }
    try {
      buildSpawnPlan(request({ backend: NONE }));
    } catch (error) {
      expect((error as Error).message).toMatch(/codex-linux-sandbox was not built/);
      expect((error as Error).message).toMatch(/npm rebuild codex-ts/);
      expect((error as Error).message).toMatch(/apt-get install bubblewrap/);
    }
  });
});

describe("parseHelperProbe", () => {
  it("reads the ABI and namespace support, rejecting garbage", () => {
    expect(parseHelperProbe("version=1 landlock_abi=7 userns=1 seccomp=1 arch=x86_64\n")).toEqual({
      landlockAbi: 7,
      userNamespaces: true,
    });
    expect(parseHelperProbe("version=1 landlock_abi=0 userns=0 seccomp=1")).toEqual({
      landlockAbi: 0,
      userNamespaces: false,
    });
    expect(parseHelperProbe("Segmentation fault")).toBeUndefined();
  });
});
