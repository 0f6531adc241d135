// `codex sandbox` and its legacy aliases through the built CLI.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import path from "node:path";
import { makeWorkspace, runCli, type Workspace } from "../harness.js";

let ws: Workspace;
beforeEach(() => {
  ws = makeWorkspace();
});
afterEach(() => ws.cleanup());

describe("codex sandbox", () => {
  it("read-only by default: writes in the cwd fail and the status passes through", async () => {
    const r = await runCli(["sandbox", "linux", "--", "bash", "-c", "touch blocked.txt"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("blocked.txt");
    expect(existsSync(path.join(ws.work, "blocked.txt"))).toBe(false);
  });

  it("--full-auto allows writes in the cwd but not outside, with the sandbox env vars set", async () => {
    const script =
      "touch ok.txt && echo $CODEX_SANDBOX_NETWORK_DISABLED; touch /etc/codex-ts-escape 2>/dev/null; echo rc=$?";
    const r = await runCli(["sandbox", "linux", "--full-auto", "--", "bash", "-c", script], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("1\nrc=1\n");
    expect(existsSync(path.join(ws.work, "ok.txt"))).toBe(true);
    expect(existsSync("/etc/codex-ts-escape")).toBe(false);
  });

  it("codex debug landlock is an alias and passes the exit status through", async () => {
    const r = await runCli(["debug", "landlock", "--", "sh", "-c", "exit 7"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(r.code).toBe(7);
  });

  it("secrets do not reach the sandboxed command", async () => {
    const r = await runCli(["sandbox", "--", "printenv", "OPENAI_API_KEY"], {
      cwd: ws.work,
      home: ws.home,
      env: { OPENAI_API_KEY: "sk-should-not-leak" },
    });
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
  });
});
