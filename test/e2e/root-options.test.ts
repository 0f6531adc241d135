// Options given before a subcommand (`codex -m x exec`, `exec --json -c k=v resume ID`) apply to
// it as in Codex; the rest of Codex 0.169's exec flags are accepted or refused clearly; the
// originator override; unknown Codex subcommands; `--oss` with no server; the launcher.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { CLI, jsonLines, runCli, useMockWorkspace, type Workspace } from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

const run = (args: string[], env?: Record<string, string | undefined>) =>
  runCli(args, { cwd: ws.work, home: ws.home, env });

function envContext(seq = 0): string {
  return JSON.stringify(mock.requests[seq]!.body!.input);
}

function rolloutMeta(): { originator: string } {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(path.join(ws.home, "sessions"));
  const first = readFileSync(files[0]!, "utf8").split("\n")[0]!;
  return (JSON.parse(first) as { payload: { originator: string } }).payload;
}

describe("root options apply to the subcommand", () => {
  it("codex -c model=… exec", async () => {
    mock.enqueue(plainAnswer("ok"));
    const r = await run(["-c", 'model="gpt-5.4"', "exec", "--json", "hi"]);
    expect(r.code).toBe(0);
    expect(mock.requests[0]!.body!.model).toBe("gpt-5.4");
  });

  it("codex -m … -s … exec; the subcommand's own value wins over the root's", async () => {
    mock.enqueue(plainAnswer("ok"), plainAnswer("ok"));
    expect((await run(["-m", "gpt-5.4", "-s", "workspace-write", "exec", "hi"])).code).toBe(0);
    expect(mock.requests[0]!.body!.model).toBe("gpt-5.4");
    expect(envContext(0)).toContain("<sandbox_mode>workspace-write</sandbox_mode>");
    expect((await run(["-m", "gpt-5.4", "exec", "-m", "gpt-5.5", "hi"])).code).toBe(0);
    expect(mock.requests[1]!.body!.model).toBe("gpt-5.5");
  });

  it("codex -p NAME exec layers $CODEX_HOME/NAME.config.toml", async () => {
    writeFileSync(path.join(ws.home, "work.config.toml"), 'model = "gpt-5.4"\n');
    mock.enqueue(plainAnswer("ok"));
    expect((await run(["-p", "work", "exec", "hi"])).code).toBe(0);
    expect(mock.requests[0]!.body!.model).toBe("gpt-5.4");
  });

  it("codex -m … review uses the model for the review", async () => {
    mock.enqueue(plainAnswer('{"findings":[],"overall_explanation":"fine"}'));
    const r = await run(["-m", "gpt-5.4", "review", "Look at hello.txt"]);
    expect(r.code).toBe(0);
    expect(mock.requests[0]!.body!.model).toBe("gpt-5.4");
  });

  it("codex -m … -c … mcp-server applies to the sessions it runs", async () => {
    const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
    const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
    mock.enqueue(plainAnswer("from mcp"));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "-m", "gpt-5.4", "-c", 'model_reasoning_effort="low"', "mcp-server"],
      cwd: ws.work,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? ws.root,
        CODEX_HOME: ws.home,
        MOCK_API_KEY: "sk-mock-test-key",
      },
      stderr: "pipe",
    });
    const client = new Client({ name: "root-options-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      const result = await client.callTool({
        name: "codex",
        arguments: { prompt: "hi", cwd: ws.work },
      });
      expect(result.isError).toBeFalsy();
    } finally {
      await client.close();
    }
    expect(mock.requests[0]!.body!.model).toBe("gpt-5.4");
    expect(mock.requests[0]!.body!.reasoning).toMatchObject({ effort: "low" });
  });

  it("options before `resume ID` apply to the resumed run (JSON output, model, -c)", async () => {
    mock.enqueue(plainAnswer("first"), plainAnswer("second"));
    const first = await run(["exec", "--json", "one"]);
    const id = jsonLines(first.stdout)[0]!.thread_id as string;
    const r = await run([
      "exec",
      "--json",
      "--model",
      "gpt-5.4",
      "-c",
      'model_reasoning_effort="low"',
      "resume",
      id,
      "two",
    ]);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)[0]).toEqual({ type: "thread.started", thread_id: id });
    expect(mock.requests[1]!.body!.model).toBe("gpt-5.4");
    expect(mock.requests[1]!.body!.reasoning).toMatchObject({ effort: "low" });
  });

  it("options before `fork ID` apply to the forked run", async () => {
    mock.enqueue(plainAnswer("first"), plainAnswer("forked"));
    const first = await run(["exec", "--json", "one"]);
    const id = jsonLines(first.stdout)[0]!.thread_id as string;
    const r = await run(["exec", "--json", "-m", "gpt-5.4", "fork", id, "two"]);
    expect(r.code).toBe(0);
    const started = jsonLines(r.stdout)[0]!;
    expect(started.type).toBe("thread.started");
    expect(started.thread_id).not.toBe(id);
    expect(mock.requests[1]!.body!.model).toBe("gpt-5.4");
  });

  it("-c openai_base_url=… sends the built-in OpenAI provider to that URL", async () => {
    writeFileSync(path.join(ws.home, "config.toml"), 'model = "gpt-5.5"\n');
    mock.enqueue(plainAnswer("ok"));
    const r = await run(["exec", "-c", `openai_base_url="${mock.url}"`, "hi"], {
      OPENAI_API_KEY: "sk-openai-test",
    });
    expect(r.code).toBe(0);
    expect(mock.requests[0]!.headers["authorization"]).toBe("Bearer sk-openai-test");
  });
});

describe("Codex 0.169 exec flags", () => {
  it("--add-dir adds a writable root under workspace-write and is refused under read-only", async () => {
    const extra = path.join(ws.root, "extra");
    mkdirSync(extra);
    mock.enqueue(plainAnswer("ok"));
    const ok = await run(["exec", "-s", "workspace-write", "--add-dir", extra, "hi"]);
    expect(ok.code).toBe(0);
    expect(envContext()).toContain(`<root>${extra}</root>`);
    const refused = await run(["exec", "--add-dir", extra, "hi"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Ignoring --add-dir (${extra}) because the effective permissions do not allow additional writable roots`,
    );
    expect(mock.requests).toHaveLength(1);
  });

  it("accepts --experimental-json, --thread-source, --ignore-rules, --dangerously-bypass-hook-trust", async () => {
    mock.enqueue(plainAnswer("ok"));
    const r = await run([
      "exec",
      "--experimental-json",
      "--thread-source",
      "sdk",
      "--ignore-rules",
      "--dangerously-bypass-hook-trust",
      "hi",
    ]);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout).map((e) => e.type)).toEqual([
      "thread.started",
      "turn.started",
      "item.completed",
      "turn.completed",
    ]);
  });

  it("--ignore-user-config skips config.toml; --trust records the project", async () => {
    // With config.toml ignored there is no mock provider: the key check fails before a request.
    const ignored = await run(["exec", "--ignore-user-config", "hi"], {
      OPENAI_API_KEY: undefined,
    });
    expect(ignored.code).toBe(1);
    expect(ignored.stderr).toContain("OPENAI_API_KEY");
    mock.enqueue(plainAnswer("ok"));
    expect((await run(["exec", "--trust", "hi"])).code).toBe(0);
    const config = readFileSync(path.join(ws.home, "config.toml"), "utf8");
    expect(config).toContain(`[projects."${ws.work}"]`);
    expect(config).toContain('trust_level = "trusted"');
  });

  it.each([
    [["--cyber-access-program", "standard"], "--cyber-access-program is not supported"],
    [["--worktree"], "--worktree is not supported"],
    [["--approve-for-me"], "--approve-for-me is not supported"],
    [["--oss", "--local-provider", "lmstudio"], "--local-provider lmstudio is not supported"],
  ])("%j is refused with a clear message", async (flags, message) => {
    const r = await run(["exec", ...flags, "hi"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(mock.requests).toHaveLength(0);
  });
});

describe("originator override", () => {
  it("CODEX_INTERNAL_ORIGINATOR_OVERRIDE reaches the header, user-agent and rollout", async () => {
    mock.enqueue(plainAnswer("ok"), plainAnswer("ok"));
    expect((await run(["exec", "hi"], { CODEX_INTERNAL_ORIGINATOR_OVERRIDE: "my_app" })).code).toBe(
      0,
    );
    expect(mock.requests[0]!.headers["originator"]).toBe("my_app");
    expect(mock.requests[0]!.headers["user-agent"]).toMatch(/^my_app\/\S+ .*\(my_app; /);
    expect(rolloutMeta().originator).toBe("my_app");
    // A value no header can carry falls back to the front-end's own name.
    const bad = await run(["exec", "--ephemeral", "hi"], {
      CODEX_INTERNAL_ORIGINATOR_OVERRIDE: "bad\u0001name",
    });
    expect(bad.code).toBe(0);
    expect(mock.requests[1]!.headers["originator"]).toBe("codex_exec");
  });
});

describe("commands codex-ts lacks", () => {
  it.each(["apply", "features", "cloud", "fork"])(
    "codex %s says it is not implemented instead of starting a turn",
    async (name) => {
      const r = await run([name, "some", "args"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`\`codex ${name}\` is a Codex command that codex-ts does not`);
      expect(mock.requests).toHaveLength(0);
    },
  );
});

/** A TCP port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe("--oss without a local server", () => {
  it("fails at once with how to start Ollama, without retries", async () => {
    const port = await closedPort();
    const r = await run(["exec", "--oss", "hi"], {
      CODEX_OSS_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `no Ollama server at http://127.0.0.1:${port}; start it with \`ollama serve\``,
    );
    expect(r.stderr).not.toMatch(/retry|Reconnecting/i);
  });
});

describe("the launcher", () => {
  it("bin/codex.js without a build says how to build", () => {
    const copy = path.join(ws.root, "pkg", "bin");
    mkdirSync(copy, { recursive: true });
    copyFileSync(CLI, path.join(copy, "codex.js"));
    let stderr = "";
    let status = 0;
    try {
      execFileSync(process.execPath, [path.join(copy, "codex.js"), "--version"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    }
    expect(status).toBe(1);
    expect(stderr).toContain("codex-ts is not built");
    expect(stderr).toContain("npm run build");
    expect(stderr).not.toMatch(/at .*\(.*:\d+:\d+\)/);
  });

  it("runs through a symlink as npm link / a global install creates, and builds on prepare", () => {
    const pkg = JSON.parse(
      readFileSync(path.join(path.dirname(CLI), "..", "package.json"), "utf8"),
    );
    expect(pkg.scripts.prepare).toBe("node scripts/build.mjs");
    const binDir = path.join(ws.root, "global-bin");
    mkdirSync(binDir);
    symlinkSync(CLI, path.join(binDir, "codex"));
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
    const out = execFileSync(path.join(binDir, "codex"), ["--version"], { encoding: "utf8" });
    expect(out).toMatch(/^codex-ts \d+\.\d+\.\d+/);
  });
});
