// `codex sandbox linux|macos`: exit status pass-through and fail-closed behaviour.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSandboxCli } from "../../src/cli/sandbox.js";
import { sandboxPolicyFromMode } from "../../src/sandbox/policy.js";
import { SYSTEM_PATH, buildHelper, makeBaseDir } from "./harness.js";

let base = "";
let helperPath = "";
let ws = "";

beforeAll(() => {
  base = makeBaseDir("codex-sbx-cli-");
  helperPath = buildHelper(join(base, "bin"));
  ws = join(base, "ws");
  mkdirSync(ws);
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

function cli(
  command: string[],
  mode: "read-only" | "workspace-write" | "danger-full-access",
  platform: "linux" | "macos" = "linux",
) {
  return runSandboxCli({
    platform,
    command,
    policy: sandboxPolicyFromMode(mode),
    cwd: ws,
    codexHome: join(base, "codex-home"),
    env: { PATH: SYSTEM_PATH, TMPDIR: join(base, "tmp") },
    helperPath,
  });
}

describe("runSandboxCli", () => {
  it("resolves with the command's exit status", async () => {
    expect(await cli(["sh", "-c", "exit 42"], "workspace-write")).toBe(42);
    expect(await cli(["true"], "read-only")).toBe(0);
  });

  it("maps death by signal to 128 + n", async () => {
    expect(await cli(["sh", "-c", "kill -KILL $$"], "workspace-write")).toBe(137);
    expect(await cli(["sh", "-c", "kill -TERM $$"], "danger-full-access")).toBe(143);
  });

  it("enforces the policy: --full-auto (workspace-write) writes the cwd, read-only does not", async () => {
    expect(await cli(["sh", "-c", "echo x > written-ws"], "workspace-write")).toBe(0);
    expect(existsSync(join(ws, "written-ws"))).toBe(true);
    expect(await cli(["sh", "-c", "echo x > written-ro"], "read-only")).not.toBe(0);
    expect(existsSync(join(ws, "written-ro"))).toBe(false);
  });

  it("reports a missing program with 127", async () => {
    expect(await cli(["/nonexistent/program"], "danger-full-access")).toBe(127);
    expect(await cli(["/nonexistent/program"], "read-only")).toBe(127);
  });

  it("fails (status 1) on an empty command and where the platform's sandbox is unavailable", async () => {
    expect(await cli([], "read-only")).toBe(1);
    if (process.platform === "linux") expect(await cli(["true"], "read-only", "macos")).toBe(1);
  });
});
