// A self-contained demo of `codex exec`: a local scripted model asks to run a command and apply a
// patch in a scratch git repository, so the whole loop runs on a machine with no API key or network.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = mkdtempSync(path.join(tmpdir(), "codex-ts-demo-"));
const home = path.join(dir, "home");
const work = path.join(dir, "repo");
mkdirSync(home);
mkdirSync(work);
writeFileSync(path.join(work, "greet.sh"), "#!/bin/sh\necho hello\n");
execFileSync("git", ["init", "-q"], { cwd: work });

const ev = (data) => ({ data });
const turn = (id, ...items) => ({
  sse: [
    ev({ type: "response.created", response: { id } }),
    ...items.map((item) => ev({ type: "response.output_item.done", item })),
    ev({ type: "response.completed", response: { id } }),
  ],
});
const patch =
  '*** Begin Patch\n*** Update File: greet.sh\n@@\n-echo hello\n+echo "hello, $1"\n*** End Patch';
const script = [
  turn("r1", {
    type: "function_call",
    id: "fc1",
    call_id: "call_1",
    name: "exec_command",
    arguments: JSON.stringify({ cmd: "cat greet.sh" }),
  }),
  turn("r2", {
    type: "custom_tool_call",
    id: "ct1",
    call_id: "call_2",
    name: "apply_patch",
    input: patch,
  }),
  turn("r3", {
    type: "message",
    role: "assistant",
    id: "m1",
    content: [
      { type: "output_text", text: "greet.sh now greets whoever you name: `sh greet.sh world`." },
    ],
  }),
];
writeFileSync(path.join(dir, "script.json"), JSON.stringify(script));

const mock = spawn(
  process.execPath,
  [path.join(root, "dist", "mock-server.mjs"), "--script", path.join(dir, "script.json")],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const url = await new Promise((resolve) => {
  createInterface({ input: mock.stdout }).on(
    "line",
    (l) => l.startsWith("MOCK_URL=") && resolve(l.slice(9)),
  );
});
writeFileSync(
  path.join(home, "config.toml"),
  `model = "gpt-5.5"\nmodel_provider = "demo"\nsandbox_mode = "workspace-write"\n\n[model_providers.demo]\nname = "Local scripted demo model"\nbase_url = "${url}"\n`,
);
console.error(`demo: a scripted local model at ${url}, a scratch repository at ${work}\n`);
const cli = spawn(
  process.execPath,
  [path.join(root, "bin", "codex.js"), "exec", "Make greet.sh greet a name given as its argument"],
  {
    cwd: work,
    env: { ...process.env, CODEX_HOME: home },
    stdio: ["ignore", "inherit", "inherit"],
  },
);
const code = await new Promise((resolve) => cli.on("close", resolve));
mock.kill();
console.error(`\ndemo: greet.sh is now:\n${readFileSync(path.join(work, "greet.sh"), "utf8")}`);
rmSync(dir, { recursive: true, force: true });
process.exit(code ?? 1);
