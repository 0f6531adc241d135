// The helper's contract beyond escapes: git in a fresh workspace, protected paths once they
// exist, exit codes, the no-namespace fallback warning, and the environment the command sees.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxBackend } from "../../src/sandbox/backend.js";
import { detectSandboxBackend } from "../../src/sandbox/detect.js";
import { sandboxPolicyFromMode } from "../../src/sandbox/policy.js";
import {
  REPO_ROOT,
  SYSTEM_PATH,
  buildHelper,
  chownTree,
  collect,
  compileC,
  makeBaseDir,
  runInSandbox,
  testUsers,
} from "./harness.js";
import type { TestUser } from "./harness.js";

let base = "";
let helper = "";
let backend: SandboxBackend;
const users = testUsers();

beforeAll(async () => {
  base = makeBaseDir("codex-sbx-helper-");
  helper = buildHelper(join(base, "bin"));
  compileC(join(REPO_ROOT, "test/sandbox/probes/escape.c"), join(base, "bin/escape"));
  backend = await detectSandboxBackend({ helperPath: helper });
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

function freshDir(name: string, user: TestUser): string {
  const dir = join(base, `${user.name}-${name}`);
  mkdirSync(join(dir, "ws"), { recursive: true });
  mkdirSync(join(dir, "tmp"), { recursive: true });
  chownTree(dir, user.uid);
  return dir;
}

function run(
  user: TestUser,
  dir: string,
  script: string,
  mode: "read-only" | "workspace-write" = "workspace-write",
) {
  return runInSandbox({
    user,
    mode,
    script,
    cwd: join(dir, "ws"),
    backend,
    env: { PATH: SYSTEM_PATH, TMPDIR: join(dir, "tmp"), HOME: join(dir, "home"), LANG: "C" },
    codexHome: join(dir, "codex-home"),
  });
}

const GIT = "git -c user.name=Sandbox -c user.email=sandbox@example.com";

for (const user of users) {
  describe(`helper as ${user.name}`, () => {
    it("git init && git commit succeed in a fresh workspace; the new .git is protected from the next command on", async () => {
      const dir = freshDir("git", user);
      const first = await run(
        user,
        dir,
        `git init -q && echo hi > a.txt && git add a.txt && ${GIT} commit -qm first && git log --format=%s`,
      );
      expect(first.code, first.output).toBe(0);
      expect(first.output).toContain("first");

      const second = await run(user, dir, `echo pwned > .git/hooks/post-checkout`);
      expect(second.code, second.output).not.toBe(0);
      expect(second.output).toContain("Read-only file system");
      expect(existsSync(join(dir, "ws/.git/hooks/post-checkout"))).toBe(false);

      // Codex behaves the same way: committing into a protected .git needs approval.
      const third = await run(user, dir, `${GIT} commit -q --allow-empty -m second`);
      expect(third.code, third.output).not.toBe(0);
    });

    it("passes the command's exit status through and reports the sandbox in the environment", async () => {
      const dir = freshDir("status", user);
      const status = await run(user, dir, "exit 42");
      expect(status.code).toBe(42);
      const env = await run(
        user,
        dir,
        'echo "$CODEX_SANDBOX/$CODEX_SANDBOX_NETWORK_DISABLED"',
        "read-only",
      );
      expect(env.output.trim()).toBe("landlock/1");
    });
  });
}

describe("helper failures and fallbacks", () => {
  it("exits 127 with its own message when the command does not exist", async () => {
    const result = await collect(
      spawn(helper, ["--mode", "read-only", "--", "/nonexistent/cmd"], {
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    expect(result.code).toBe(127);
    expect(result.output).toContain(
      "codex-linux-sandbox: cannot execute /nonexistent/cmd: No such file or directory",
    );
  });

  it("runs an executable script without a #! line with /bin/sh, by path and from PATH (as glibc's execvp does, whichever libc built the helper)", async () => {
    const dir = join(base, "no-shebang");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "plain-script"), 'echo "ran:$0:$*"\n', { mode: 0o755 });
    const byPath = await collect(
      spawn(helper, ["--mode", "read-only", "--", join(dir, "plain-script"), "a", "b"], {
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    expect(byPath).toEqual({ code: 0, output: `ran:${join(dir, "plain-script")}:a b\n` });
    const fromPath = await collect(
      spawn(helper, ["--mode", "read-only", "--", "plain-script", "c"], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: `${dir}:${SYSTEM_PATH}` },
      }),
    );
    expect(fromPath).toEqual({ code: 0, output: `ran:${join(dir, "plain-script")}:c\n` });
  });

  it("exits 125 on a usage error", async () => {
    const result = await collect(
      spawn(helper, ["--mode", "bogus", "--", "true"], { stdio: ["ignore", "pipe", "pipe"] }),
    );
    expect(result.code).toBe(125);
    expect(result.output).toMatch(/^codex-linux-sandbox: unknown --mode/);
    const empty = await collect(
      spawn(helper, ["--mode", "read-only"], { stdio: ["ignore", "pipe", "pipe"] }),
    );
    expect(empty.code).toBe(125);
    expect(empty.output).toContain("no command given");
  });

  it("without namespaces warns once, leaves .git writable, and still confines writes to the roots", async () => {
    const dir = join(base, "no-ns");
    mkdirSync(join(dir, "ws/.git"), { recursive: true });
    mkdirSync(join(dir, "outside"), { recursive: true });
    const ws = join(dir, "ws");
    const args = [
      "--mode",
      "workspace-write",
      "--no-network",
      "--no-namespaces",
      "--writable-root",
      ws,
      "--cwd",
      ws,
      "--",
    ];
    const result = await collect(
      spawn(helper, [...args, "sh", "-c", `echo ok > .git/marker; echo no > ${dir}/outside/x`], {
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    expect(result.output.match(/Landlock and seccomp only, which is WEAKER/g)).toHaveLength(1);
    expect(readFileSync(join(ws, ".git/marker"), "utf8")).toBe("ok\n");
    expect(existsSync(join(dir, "outside/x"))).toBe(false);
  });

  it("applies --cwd after the protective mounts, so a cwd inside .git is read-only too", async () => {
    const dir = join(base, "cwd-in-git");
    mkdirSync(join(dir, "ws/.git"), { recursive: true });
    const ws = join(dir, "ws");
    writeFileSync(join(ws, ".git/HEAD"), "ref: refs/heads/main\n");
    const result = await collect(
      spawn(
        helper,
        [
          "--mode",
          "workspace-write",
          "--writable-root",
          ws,
          "--cwd",
          join(ws, ".git"),
          "--",
          "sh",
          "-c",
          "echo x > inside",
        ],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      ),
    );
    expect(result.code).not.toBe(0);
    expect(existsSync(join(ws, ".git/inside"))).toBe(false);
  });

  it("fails closed when Landlock is unavailable (simulated with --max-landlock-abi 0)", async () => {
    const marker = join(base, "ran-without-landlock");
    const result = await collect(
      spawn(helper, ["--max-landlock-abi", "0", "--mode", "read-only", "--", "touch", marker], {
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    expect(result.code).toBe(125);
    expect(result.output).toContain("codex-linux-sandbox: Landlock is not available");
    expect(existsSync(marker)).toBe(false);
  });

  it("confines writes with every Landlock ABI from 1 up", async () => {
    const dir = join(base, "abi");
    const ws = join(dir, "ws");
    mkdirSync(join(ws, ".git"), { recursive: true });
    mkdirSync(join(dir, "outside"));
    const runs = [1, 2, 3, 4, 5, 6, 7].map(async (abi) => {
      const script = `echo ok > in-${abi} && echo no > ../outside/out-${abi}; echo no > .git/git-${abi}; exit 0`;
      const args = [
        "--max-landlock-abi",
        String(abi),
        "--mode",
        "workspace-write",
        "--writable-root",
        ws,
      ];
      const result = await collect(
        spawn(helper, [...args, "--cwd", ws, "--", "sh", "-c", script], {
          stdio: ["ignore", "pipe", "pipe"],
        }),
      );
      return { abi, result };
    });
    for (const { abi, result } of await Promise.all(runs)) {
      expect(result.code, result.output).toBe(0);
      expect(existsSync(join(ws, `in-${abi}`)), `ABI ${abi}`).toBe(true);
      expect(existsSync(join(dir, `outside/out-${abi}`)), `ABI ${abi}`).toBe(false);
      expect(existsSync(join(ws, `.git/git-${abi}`)), `ABI ${abi}`).toBe(false);
    }
  });

  it("workspace-write (helper stays as parent): SIGTERM to the helper reaches the command, which dies the same way", async () => {
    const dir = join(base, "signal");
    const ws = join(dir, "ws");
    mkdirSync(ws, { recursive: true });
    const child = spawn(
      helper,
      [
        "--mode",
        "workspace-write",
        "--writable-root",
        ws,
        "--cwd",
        ws,
        "--",
        "sh",
        "-c",
        "echo $$ > pid; exec sleep 60",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const done = collect(child);
    const pidFile = join(ws, "pid");
    while (!existsSync(pidFile) || readFileSync(pidFile, "utf8").trim() === "")
      await new Promise((r) => setTimeout(r, 20));
    const commandPid = Number(readFileSync(pidFile, "utf8"));
    child.kill("SIGTERM");
    const result = await done;
    expect(result.code).toBe(143);
    expect(existsSync(`/proc/${commandPid}`)).toBe(false);
    // The synthetic .codex/.agents mount targets are gone again.
    expect(existsSync(join(ws, ".codex"))).toBe(false);
    expect(existsSync(join(ws, ".agents"))).toBe(false);
  });

  it("probe reports the Landlock ABI and namespace support", async () => {
    const result = await collect(spawn(helper, ["--probe"], { stdio: ["ignore", "pipe", "pipe"] }));
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/landlock_abi=[1-9]\d* userns=[01] seccomp=1/);
    expect(backend.kind).toBe("linux-helper");
  });

  it("a workspace-write policy with network access allows TCP but keeps the filesystem rules", async () => {
    const user = users[0]!;
    const dir = freshDir("net", user);
    const policy = sandboxPolicyFromMode("workspace-write", { network_access: true });
    const result = await runInSandbox({
      user,
      mode: "workspace-write",
      policy,
      script: `${base}/bin/escape inet-socket && echo ok > f && ! echo x > ${base}/escape-net`,
      cwd: join(dir, "ws"),
      backend,
      env: { PATH: SYSTEM_PATH, TMPDIR: join(dir, "tmp") },
      codexHome: join(dir, "codex-home"),
    });
    expect(result.code, result.output).toBe(0);
    expect(existsSync(join(base, "escape-net"))).toBe(false);
  });
});
