// apply_patch as Codex 0.169 applies it, through the built CLI: the texts the model reads were
// taken from the reference binary run against the same mock model.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  jsonLines,
  mockConfig,
  runCli,
  useMockWorkspace,
  writeConfig,
  type Workspace,
} from "../harness.js";
import { readTree } from "../apply-patch/tree.js";
import { loadScenarios } from "../apply-patch/scenarios.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

const WORKSPACE_WRITE = 'sandbox_mode = "workspace-write"';
const IMPLICIT =
  'apply_patch verification failed: patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]';

const turn = (...events: ReturnType<typeof sse.functionCall>[]) => ({
  sse: [sse.created("r1"), ...events.flat(), sse.completed("r1")],
});

function outputs(): Array<{ type: string; call_id: string; output: string }> {
  const input = mock.requests.at(-1)!.body!.input as Array<{
    type: string;
    call_id: string;
    output: string;
  }>;
  return input.filter((i) => i.type.endsWith("_output"));
}

function itemTypes(stdout: string): string[] {
  return jsonLines(stdout)
    .filter((l) => l.type === "item.completed")
    .map((l) => (l.item as { type: string }).type);
}

async function patchTurn(patch: string, extraConfig = WORKSPACE_WRITE) {
  writeConfig(ws.home, mockConfig(mock.url, extraConfig));
  mock.enqueue(turn(sse.customToolCall("c1", "apply_patch", patch)), plainAnswer("ok"));
  const r = await runCli(["exec", "--json", "patch it"], { cwd: ws.work, home: ws.home });
  expect(r.code).toBe(0);
  return { r, output: outputs()[0]!.output };
}

async function execCommandTurn(cmd: string, extraConfig = WORKSPACE_WRITE) {
  writeConfig(ws.home, mockConfig(mock.url, extraConfig));
  mock.enqueue(
    turn(sse.functionCall("c1", "exec_command", JSON.stringify({ cmd }))),
    plainAnswer("ok"),
  );
  const r = await runCli(["exec", "--json", "patch it"], { cwd: ws.work, home: ws.home });
  expect(r.code).toBe(0);
  return { r, output: outputs()[0]!.output };
}

describe("apply_patch tool (Codex 0.169 behaviour)", () => {
  it("Update File + Move to onto an existing file overwrites it", async () => {
    writeFileSync(path.join(ws.work, "a.txt"), "a\n");
    writeFileSync(path.join(ws.work, "b.txt"), "b\n");
    const { output } = await patchTurn(
      "*** Begin Patch\n*** Update File: a.txt\n*** Move to: b.txt\n@@\n-a\n+A\n*** End Patch",
    );
    expect(output).toMatch(
      /^Exit code: 0\nWall time: \d+(?:\.\d)? seconds\nOutput:\nSuccess\. Updated the following files:\nM b\.txt\n$/,
    );
    expect(existsSync(path.join(ws.work, "a.txt"))).toBe(false);
    expect(readFileSync(path.join(ws.work, "b.txt"), "utf8")).toBe("A\n");
  });

  it("an empty patch is rejected with Codex's text and no file_change item", async () => {
    const { r, output } = await patchTurn("*** Begin Patch\n*** End Patch");
    expect(output).toBe("patch rejected: empty patch");
    expect(itemTypes(r.stdout)).toEqual(["agent_message"]);
  });

  it("under workspace-write, a path outside the roots is refused as 'outside of the project'", async () => {
    // /tmp (where test workspaces live) is a writable root by default; take it out.
    const config = `${WORKSPACE_WRITE}\n[sandbox_workspace_write]\nexclude_slash_tmp = true\nexclude_tmpdir_env_var = true`;
    const outside = path.join(ws.root, "outside.txt");
    const { output } = await patchTurn(
      `*** Begin Patch\n*** Add File: ${outside}\n+x\n*** End Patch`,
      config,
    );
    expect(output).toBe(
      "patch rejected: writing outside of the project; rejected by user approval settings",
    );
    expect(existsSync(outside)).toBe(false);
  });

  it("a repeated trailing *** End Patch is tolerated", async () => {
    const { output } = await patchTurn(
      "*** Begin Patch\n*** Add File: d.txt\n+hi\n*** End Patch\n*** End Patch\n",
    );
    expect(output).toContain("Success. Updated the following files:\nA d.txt\n");
    expect(readFileSync(path.join(ws.work, "d.txt"), "utf8")).toBe("hi\n");
  });
});

describe("patches sent as shell commands", () => {
  const RAW = "*** Begin Patch\n*** Add File: raw.txt\n+hi\n*** End Patch";

  it("exec_command with a bare patch as cmd is refused and never run by bash", async () => {
    const { r, output } = await execCommandTurn(RAW);
    expect(output).toBe(IMPLICIT);
    expect(itemTypes(r.stdout)).toEqual(["agent_message"]);
    expect(existsSync(path.join(ws.work, "raw.txt"))).toBe(false);
  });

  it("the shell tool with a bare patch is refused the same way", async () => {
    writeConfig(
      ws.home,
      mockConfig(mock.url, `${WORKSPACE_WRITE}\n[features]\nunified_exec = false`),
    );
    mock.enqueue(
      turn(sse.functionCall("c1", "shell", JSON.stringify({ command: ["bash", "-lc", RAW] }))),
      plainAnswer("ok"),
    );
    const r = await runCli(["exec", "--json", "patch it"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(outputs()[0]!.output).toBe(IMPLICIT);
    expect(itemTypes(r.stdout)).toEqual(["agent_message"]);
    expect(existsSync(path.join(ws.work, "raw.txt"))).toBe(false);
  });

  it("a bare heredoc is applied, with exec_command's header around the patch result", async () => {
    const { output } = await execCommandTurn(
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: h.txt\n+hi\n*** End Patch\nEOF\n",
    );
    expect(output).toMatch(
      /^Wall time: \d+\.\d{4} seconds\nOutput:\nExit code: 0\nWall time: \d+(?:\.\d)? seconds\nOutput:\nSuccess\. Updated the following files:\nA h\.txt\n$/,
    );
    expect(readFileSync(path.join(ws.work, "h.txt"), "utf8")).toBe("hi\n");
  });

  it("`apply_patch <<'EOF' … EOF && more` is not intercepted but run as a script", async () => {
    // No sandbox needed to show it reached bash, so the test holds on hosts without one.
    const { r, output } = await execCommandTurn(
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: h.txt\n+hi\n*** End Patch\nEOF && echo ran-as-script\n",
      'sandbox_mode = "danger-full-access"',
    );
    // It went to bash: a command item, and bash's own reading of the script in the output.
    expect(itemTypes(r.stdout)).toContain("command_execution");
    expect(output).toMatch(/^Chunk ID: /);
    expect(output).not.toContain("Success. Updated the following files");
  });
});

describe("upstream Codex apply_patch scenarios through the CLI", () => {
  it("every scenario ends in its expected tree", async () => {
    const scenarios = loadScenarios();
    const root = path.join(ws.work, "scenarios");
    const calls = scenarios.map((s, i) => {
      const dir = path.join(root, s.name);
      mkdirSync(dir, { recursive: true });
      for (const [rel, content] of Object.entries(s.input)) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), content);
      }
      const cmd = `apply_patch <<'PATCH'\n${s.patch}PATCH\n`;
      return sse.functionCall(`s${i}`, "exec_command", JSON.stringify({ cmd, workdir: dir }));
    });
    writeConfig(ws.home, mockConfig(mock.url, WORKSPACE_WRITE));
    mock.enqueue(turn(...calls), plainAnswer("ok"));
    const r = await runCli(["exec", "--json", "apply them"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(outputs()).toHaveLength(scenarios.length);
    for (const s of scenarios) {
      expect(await readTree(path.join(root, s.name)), s.name).toEqual(s.expected);
    }
  });
});
