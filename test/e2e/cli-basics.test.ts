// Version, help, completion, login and the non-interactive guard of the built CLI.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startMockServer, plainAnswer, type MockServer } from "../mock-server/index.js";
import {
  makeWorkspace,
  mockConfig,
  runCli,
  writeConfig,
  REPO_ROOT,
  type Workspace,
} from "../harness.js";

let ws: Workspace;
beforeEach(() => {
  ws = makeWorkspace();
});
afterEach(() => ws.cleanup());

const pkgVersion = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
).version;

describe("version and help", () => {
  it("--version prints the package version", async () => {
    const r = await runCli(["--version"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`codex-ts ${pkgVersion}\n`);
  });

  it("--help lists the subcommands; each subcommand has its own help", async () => {
    const top = await runCli(["--help"], { cwd: ws.work, home: ws.home });
    expect(top.code).toBe(0);
    for (const cmd of ["exec", "login", "logout", "completion", "sandbox"])
      expect(top.stdout).toContain(cmd);
    const exec = await runCli(["exec", "--help"], { cwd: ws.work, home: ws.home });
    expect(exec.code).toBe(0);
    for (const flag of [
      "--json",
      "--output-last-message",
      "--output-schema",
      "--skip-git-repo-check",
      "--ephemeral",
      "--color",
      "--sandbox",
      "--model",
      "--profile",
      "--config",
    ]) {
      expect(exec.stdout).toContain(flag);
    }
    const resume = await runCli(["exec", "resume", "--help"], { cwd: ws.work, home: ws.home });
    expect(resume.stdout).toContain("--last");
  });
});

describe("completion", () => {
  it("bash: a script bash accepts that completes subcommands", async () => {
    const r = await runCli(["completion", "bash"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const file = path.join(ws.root, "codex.bash");
    writeFileSync(file, r.stdout);
    const out = execFileSync(
      "bash",
      [
        "-c",
        `source ${file}; COMP_WORDS=(codex exe); COMP_CWORD=1; _codex; echo "\${COMPREPLY[@]}"`,
      ],
      {
        encoding: "utf8",
      },
    );
    expect(out.trim().split(" ").sort()).toEqual(["exec", "exec-server"]);
  });

  it("zsh and fish scripts name the subcommands; unknown shells are a usage error", async () => {
    const zsh = await runCli(["completion", "zsh"], { cwd: ws.work, home: ws.home });
    expect(zsh.stdout).toMatch(/^#compdef codex/);
    expect(zsh.stdout).toContain("'exec'");
    const fish = await runCli(["completion", "fish"], { cwd: ws.work, home: ws.home });
    expect(fish.stdout).toContain("complete -c codex -n '__fish_use_subcommand' -a 'exec'");
    const bad = await runCli(["completion", "tcsh"], { cwd: ws.work, home: ws.home });
    expect(bad.code).toBe(2);
  });
});

describe("login", () => {
  it("stores the key from stdin in auth.json (0600), reports status, and logs out", async () => {
    const login = await runCli(["login", "--with-api-key"], {
      cwd: ws.work,
      home: ws.home,
      stdin: "sk-proj-abcdefghijklmnop12345\n",
    });
    expect(login.code).toBe(0);
    const auth = path.join(ws.home, "auth.json");
    expect(statSync(auth).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(auth, "utf8"))).toMatchObject({
      OPENAI_API_KEY: "sk-proj-abcdefghijklmnop12345",
    });
    const status = await runCli(["login", "status"], {
      cwd: ws.work,
      home: ws.home,
      env: { MOCK_API_KEY: undefined },
    });
    expect(status.code).toBe(0);
    expect(status.stderr).toContain("Logged in using an API key - sk-proj-");
    expect(status.stderr).not.toContain("abcdefghijklmnop");
    const logout = await runCli(["logout"], { cwd: ws.work, home: ws.home });
    expect(logout.code).toBe(0);
    expect(existsSync(auth)).toBe(false);
    const after = await runCli(["login", "status"], { cwd: ws.work, home: ws.home });
    expect(after.code).toBe(1);
    expect(after.stderr).toContain("Not logged in");
  });

  it("the stored key is used for the OpenAI provider", async () => {
    const mock: MockServer = await startMockServer();
    try {
      writeConfig(ws.home, `model = "gpt-5.5"\n`);
      await runCli(["login", "--with-api-key"], {
        cwd: ws.work,
        home: ws.home,
        stdin: "sk-stored-key",
      });
      mock.enqueue(plainAnswer("ok"));
      const r = await runCli(["exec", "hi"], {
        cwd: ws.work,
        home: ws.home,
        env: { OPENAI_BASE_URL: mock.url, OPENAI_API_KEY: undefined },
      });
      expect(r.code).toBe(0);
      expect(mock.requests[0]!.headers.authorization).toBe("Bearer sk-stored-key");
    } finally {
      await mock.close();
    }
  });
});

describe("interactive entry without a terminal", () => {
  it("points to codex exec", async () => {
    const r = await runCli(["do something"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("codex exec");
  });
});

describe("images", () => {
  it("-i attaches an image as a data URL before the prompt", async () => {
    const mock = await startMockServer();
    try {
      writeConfig(ws.home, mockConfig(mock.url));
      const png = Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
        "base64",
      );
      writeFileSync(path.join(ws.work, "shot.png"), png);
      mock.enqueue(plainAnswer("a dot"));
      const r = await runCli(["exec", "-i", "shot.png", "--", "what is this?"], {
        cwd: ws.work,
        home: ws.home,
      });
      expect(r.code).toBe(0);
      const input = mock.requests[0]!.body!.input as Array<{
        content: Array<Record<string, string>>;
      }>;
      expect(input.at(-1)!.content).toEqual([
        { type: "input_image", image_url: `data:image/png;base64,${png.toString("base64")}` },
        { type: "input_text", text: "what is this?" },
      ]);
      const missing = await runCli(["exec", "-i", "nope.png", "--", "x"], {
        cwd: ws.work,
        home: ws.home,
      });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("nope.png");
    } finally {
      await mock.close();
    }
  });
});
