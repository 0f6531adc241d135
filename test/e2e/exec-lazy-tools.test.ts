// Tool implementations load when a tool runs, not before the first model request: a plain
// `codex exec` answer compiles only the tools' specs (bench/README.md, issue 15). Loads are
// recorded in the real built CLI with loader hooks; each loaded chunk is mapped back to its
// source files through the build's source maps.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

const here = path.dirname(fileURLToPath(import.meta.url));
const RECORD_LOADS = path.join(here, "..", "telemetry", "fixtures", "record-loads.mjs");

/** Implementations a plain answer must not load: what runs only when a tool or feature is used. */
const TOOL_IMPLEMENTATIONS = [
  "src/tools/handlers/shell.ts",
  "src/tools/handlers/unified-exec.ts",
  "src/tools/handlers/apply-patch.ts",
  "src/tools/patch-runner.ts",
  "src/tools/command-runner.ts",
  "src/tools/shell-snapshot.ts",
  "src/exec/runner.ts",
  "src/exec/unified-exec.ts",
  "src/exec/session-process.ts",
  "src/sandbox/transform.ts",
  "src/sandbox/detect.ts",
  "src/apply-patch/parser.ts",
  "src/git/ghost-snapshot.ts",
  "src/environment/remote.ts",
  "src/environment/exec-server-client.ts",
];
/** Features a plain `exec --json` on a new thread does not use. */
const FEATURE_CODE = [
  "src/model/chat-stream.ts",
  "src/model/sdk-transport.ts",
  "src/exec-cli/human.ts",
  "src/session/resume.ts",
  "src/rollout/fork.ts",
];

/** Source files of every dist/ chunk the CLI loaded, from the chunks' source maps. */
function loadedSources(loadsFile: string): Set<string> {
  const sources = new Set<string>();
  const chunks = readFileSync(loadsFile, "utf8")
    .split("\n")
    .filter((u) => u.startsWith("file://") && u.endsWith(".js"))
    .map((u) => fileURLToPath(u))
    .filter((f) => f.includes(`${path.sep}dist${path.sep}`));
  for (const chunk of chunks) {
    const map = JSON.parse(readFileSync(`${chunk}.map`, "utf8")) as { sources: string[] };
    for (const s of map.sources) sources.add(s.replace(/^(\.\.\/)+/, ""));
  }
  return sources;
}

async function execLoads(prompt: string): Promise<Set<string>> {
  const loads = path.join(ws.root, "loads.txt");
  const r = await runCli(["exec", "--json", prompt], {
    cwd: ws.work,
    home: ws.home,
    env: { NODE_OPTIONS: `--import ${RECORD_LOADS}`, LOADS_FILE: loads },
  });
  expect(r.code, r.stderr).toBe(0);
  return loadedSources(loads);
}

/** The outputs the model got back for its tool calls in the last request. */
function toolOutputs(): string {
  const input = mock.requests.at(-1)!.body!.input as Array<{ type: string; output?: unknown }>;
  return input
    .filter((i) => i.type === "function_call_output" || i.type === "custom_tool_call_output")
    .map((i) => String(i.output))
    .join("\n");
}

describe("codex exec: tool implementations load lazily", () => {
  it("a plain answer loads the tools' specs but none of their implementations", async () => {
    mock.enqueue(plainAnswer("Just text."));
    const sources = await execLoads("Say something");
    expect(mock.requests).toHaveLength(1);
    // The request still offers the tools: their specs were built.
    const tools = (mock.requests[0]!.body!.tools as Array<{ name?: string }>).map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(["exec_command", "write_stdin", "apply_patch"]));
    expect(sources.has("src/tools/tool-specs.ts")).toBe(true);
    expect([...TOOL_IMPLEMENTATIONS, ...FEATURE_CODE].filter((s) => sources.has(s))).toEqual([]);
  });

  it("a shell call loads the exec runner, the sandbox and its handler, and runs the command", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "danger-full-access"'));
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("call_1", "exec_command", JSON.stringify({ cmd: "echo lazy-ran" })),
          sse.completed("r1"),
        ],
      },
      plainAnswer("done"),
    );
    const sources = await execLoads("Run it");
    expect(toolOutputs()).toContain("lazy-ran");
    for (const s of [
      "src/tools/handlers/unified-exec.ts",
      "src/exec/unified-exec.ts",
      "src/sandbox/transform.ts",
      "src/sandbox/detect.ts",
    ]) {
      expect(sources.has(s), s).toBe(true);
    }
  });

  it("an apply_patch call loads the patch engine and applies the patch", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "workspace-write"'));
    const patch = "*** Begin Patch\n*** Add File: lazy.txt\n+made lazily\n*** End Patch\n";
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.customToolCall("call_1", "apply_patch", patch),
          sse.completed("r1"),
        ],
      },
      plainAnswer("done"),
    );
    const sources = await execLoads("Patch it");
    expect(toolOutputs()).toContain("lazy.txt");
    expect(readFileSync(path.join(ws.work, "lazy.txt"), "utf8")).toBe("made lazily\n");
    expect(sources.has("src/tools/handlers/apply-patch.ts")).toBe(true);
    expect(sources.has("src/apply-patch/parser.ts")).toBe(true);
  });
});
