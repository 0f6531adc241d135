// resolveExecPrompt inside a real child process, reading its real `process.stdin`: a pipe, a file
// redirect (`< file`), /dev/null, and bytes that are not UTF-8. The module is bundled with esbuild
// so the child runs it as plain JavaScript.
import { spawn } from "node:child_process";
import { openSync, closeSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, it, expect, beforeAll } from "vitest";
import { tempDir } from "../temp-dir.js";

const here = path.dirname(fileURLToPath(import.meta.url));
let dir: string;
let script: string;

beforeAll(async () => {
  dir = tempDir("exec-cli-prompt-");
  const entry = path.join(dir, "entry.ts");
  writeFileSync(
    entry,
    `import { resolveExecPrompt } from ${JSON.stringify(path.resolve(here, "../../src/exec-cli/prompt-input.ts"))};
const r = await resolveExecPrompt({ promptArg: process.argv[2], stdin: process.stdin, stderr: process.stderr });
if ("error" in r) { process.stderr.write(r.error + "\\n"); process.exitCode = r.exitCode; }
else process.stdout.write(JSON.stringify(r.prompt));
`,
  );
  script = path.join(dir, "resolve-prompt.mjs");
  await build({
    entryPoints: [entry],
    outfile: script,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
  });
});

type Stdin = { bytes: Buffer } | { fd: number } | "ignore";

function runChild(
  args: string[],
  stdin: Stdin,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const stdio0 = stdin === "ignore" ? "ignore" : "fd" in stdin ? stdin.fd : "pipe";
  const child = spawn(process.execPath, [script, ...args], { stdio: [stdio0, "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  if (typeof stdin === "object" && "bytes" in stdin) child.stdin?.end(stdin.bytes);
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("resolveExecPrompt in a real process", () => {
  it("pipe: prompt plus stdin block", async () => {
    const r = await runChild(["Summarize the piped text."], {
      bytes: Buffer.from("line one from stdin\nline two from stdin\n"),
    });
    expect(r).toEqual({
      code: 0,
      stdout: JSON.stringify(
        "Summarize the piped text.\n\n<stdin>\nline one from stdin\nline two from stdin\n</stdin>",
      ),
      stderr: "Reading additional input from stdin...\n",
    });
  });

  it("file redirect: `codex exec - < prompt.txt`", async () => {
    const file = path.join(dir, "prompt.txt");
    writeFileSync(file, "Prompt text that came from stdin.\n");
    const fd = openSync(file, "r");
    try {
      const r = await runChild(["-"], { fd });
      expect(r).toEqual({
        code: 0,
        stdout: JSON.stringify("Prompt text that came from stdin.\n"),
        stderr: "",
      });
    } finally {
      closeSync(fd);
    }
  });

  it("/dev/null and no prompt: exit 1 with the reference messages", async () => {
    const r = await runChild([], "ignore");
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: "Reading prompt from stdin...\nNo prompt provided via stdin.\n",
    });
  });

  it("invalid UTF-8 on stdin never crashes", async () => {
    const r = await runChild([], {
      bytes: Buffer.from([0x66, 0x69, 0x78, 0x20, 0x80, 0xbf, 0xff, 0x0a]),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toBe("fix \uFFFD\uFFFD\uFFFD\n");
  });
});
