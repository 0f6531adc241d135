// `codex sandbox` and its legacy aliases through the built CLI.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT, makeWorkspace, runCli, type Workspace } from "../harness.js";
import { makeOutsideDir } from "../outside-dir.js";
import { findBwrap } from "../sandbox/harness.js";

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

  it("metadata outside the workspace stays untouched from workspace-write (chmod, touch -d)", async () => {
    const outside = makeOutsideDir([ws.work, ws.home]);
    try {
      const victim = path.join(outside.dir, "victim");
      writeFileSync(victim, "x");
      chmodSync(victim, 0o644);
      utimesSync(victim, 1_000_000, 1_000_000);
      const script = `chmod 4755 ${victim}; touch -d 2001-02-03 ${victim}; echo done`;
      const r = await runCli(["sandbox", "--full-auto", "--", "sh", "-c", script], {
        cwd: ws.work,
        home: ws.home,
      });
      expect(r.stdout).toBe("done\n");
      const st = statSync(victim);
      expect(st.mode & 0o7777).toBe(0o644);
      expect(st.mtimeMs).toBe(1_000_000_000);
    } finally {
      outside.cleanup();
    }
  });

  it("--explain prints the layers this host really has", async () => {
    const helper = path.join(REPO_ROOT, "native/build/codex-linux-sandbox");
    const probe = spawnSync(helper, ["--probe"], { encoding: "utf8" }).stdout;
    const abi = /landlock_abi=(\d+)/.exec(probe)?.[1];
    const userns = /userns=1/.test(probe) ? "yes" : "no (degraded mode)";
    const r = await runCli(["sandbox", "--explain"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`landlock +ABI ${abi}\n`));
    expect(r.stdout).toContain(`user namespaces     ${userns}`);
    expect(r.stdout).toMatch(findBwrap() ? /bubblewrap +\/\S*bwrap \(usable/ : /not installed/);
    expect(r.stdout).toMatch(/read-only +helper/);
    const debug = await runCli(["debug", "sandbox"], { cwd: ws.work, home: ws.home });
    expect(debug.stdout).toBe(r.stdout);
  });
});
