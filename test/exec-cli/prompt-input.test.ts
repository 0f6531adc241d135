// Prompt resolution (reference §3.4) fed through real OS pipes from child processes.
import { spawn } from "node:child_process";
import { PassThrough } from "node:stream";
import { describe, it, expect } from "vitest";
import { appendStdinBlock, resolveExecPrompt } from "../../src/exec-cli/index.js";

/** A real pipe whose writer is a child process printing `bytes` and exiting. */
function pipeFrom(bytes: Buffer): NodeJS.ReadableStream {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `process.stdout.write(Buffer.from(${JSON.stringify(bytes.toString("base64"))}, "base64"))`,
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return child.stdout;
}

async function resolve(
  promptArg: string | undefined,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean },
) {
  let stderr = "";
  const result = await resolveExecPrompt({
    promptArg,
    stdin,
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { result, stderr };
}

/** A terminal that is never read to its end: resolving must not wait on it. */
function terminalThatNeverEnds(): NodeJS.ReadableStream & { isTTY: boolean } {
  return Object.assign(new PassThrough(), { isTTY: true });
}

describe("resolveExecPrompt", () => {
  it("appends piped stdin to the prompt argument as a <stdin> block", async () => {
    const { result, stderr } = await resolve(
      "Summarize the piped text.",
      pipeFrom(Buffer.from("line one from stdin\nline two from stdin\n")),
    );
    expect(result).toEqual({
      prompt:
        "Summarize the piped text.\n\n<stdin>\nline one from stdin\nline two from stdin\n</stdin>",
    });
    expect(stderr).toBe("Reading additional input from stdin...\n");
  });

  it("keeps the prompt unchanged when the piped stdin is empty or blank", async () => {
    for (const input of ["", " \n\t\n"]) {
      const { result, stderr } = await resolve("Say hello.", pipeFrom(Buffer.from(input)));
      expect(result).toEqual({ prompt: "Say hello." });
      expect(stderr).toBe("Reading additional input from stdin...\n");
    }
  });

  it("closes the <stdin> block on its own line when stdin lacks a final newline", () => {
    expect(appendStdinBlock("P", "no newline")).toBe("P\n\n<stdin>\nno newline\n</stdin>");
  });

  it("`-` reads the whole prompt from stdin verbatim and says nothing", async () => {
    const { result, stderr } = await resolve(
      "-",
      pipeFrom(Buffer.from("Prompt text that came from stdin.\n")),
    );
    expect(result).toEqual({ prompt: "Prompt text that came from stdin.\n" });
    expect(stderr).toBe("");
  });

  it("no prompt: reads stdin and announces it", async () => {
    const { result, stderr } = await resolve(undefined, pipeFrom(Buffer.from("from the pipe")));
    expect(result).toEqual({ prompt: "from the pipe" });
    expect(stderr).toBe("Reading prompt from stdin...\n");
  });

  it("no prompt and empty stdin is exit 1 with the reference message", async () => {
    const { result, stderr } = await resolve(undefined, pipeFrom(Buffer.alloc(0)));
    expect(result).toEqual({ error: "No prompt provided via stdin.", exitCode: 1 });
    expect(stderr).toBe("Reading prompt from stdin...\n");
    expect((await resolve("-", pipeFrom(Buffer.from("\n\n")))).result).toEqual({
      error: "No prompt provided via stdin.",
      exitCode: 1,
    });
  });

  it("a blank argument counts as no argument", async () => {
    expect((await resolve("  ", pipeFrom(Buffer.from("task")))).result).toEqual({ prompt: "task" });
  });

  it("decodes invalid UTF-8 lossily instead of failing", async () => {
    const bytes = Buffer.concat([
      Buffer.from("ok "),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(" é\n"),
    ]);
    const { result } = await resolve("Check:", pipeFrom(bytes));
    expect(result).toEqual({ prompt: "Check:\n\n<stdin>\nok \uFFFD\uFFFD\uFFFD é\n</stdin>" });
  });

  it("keeps multi-byte characters split across pipe chunks intact", async () => {
    const stream = new PassThrough();
    const euro = Buffer.from("€");
    const pending = resolve("-", stream);
    stream.write(euro.subarray(0, 1));
    stream.write(euro.subarray(1));
    stream.end("\n");
    expect((await pending).result).toEqual({ prompt: "€\n" });
  });

  it("a terminal on stdin is not read when a prompt is given", async () => {
    const { result, stderr } = await resolve("Just this.", terminalThatNeverEnds());
    expect(result).toEqual({ prompt: "Just this." });
    expect(stderr).toBe("");
  });

  it("no prompt and a terminal on stdin is an immediate error with a hint", async () => {
    const { result } = await resolve(undefined, terminalThatNeverEnds());
    expect(result).toEqual({
      error: "No prompt provided. Either specify one as an argument or pipe the prompt into stdin.",
      exitCode: 1,
    });
  });

  it("a stream error is reported, not thrown", async () => {
    const stream = new PassThrough();
    const pending = resolve("-", stream);
    stream.destroy(new Error("EIO: i/o error, read"));
    expect((await pending).result).toEqual({
      error: "Failed to read stdin: EIO: i/o error, read",
      exitCode: 1,
    });
  });
});
