// Where `codex exec` gets its prompt (reference §3.4): the argument, stdin when the argument is
// missing or `-`, or the argument plus piped stdin appended as a `<stdin>` block.
import type { TextSink } from "./types.js";

export type PromptResolution = { prompt: string } | { error: string; exitCode: 1 };

export interface ResolveExecPromptOptions {
  /** The positional prompt; `-` means "read it from stdin". */
  promptArg: string | undefined;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: TextSink;
}

export const NO_PROMPT_TTY_MESSAGE =
  "No prompt provided. Either specify one as an argument or pipe the prompt into stdin.";
export const NO_PROMPT_STDIN_MESSAGE = "No prompt provided via stdin.";

export async function resolveExecPrompt(opts: ResolveExecPromptOptions): Promise<PromptResolution> {
  const { stdin, stderr } = opts;
  // A blank argument is treated as no argument, so `codex exec "" < task.txt` still works.
  const promptArg = opts.promptArg?.trim() === "" ? undefined : opts.promptArg;

  if (promptArg === undefined || promptArg === "-") {
    if (promptArg === undefined) {
      if (stdin.isTTY === true) return { error: NO_PROMPT_TTY_MESSAGE, exitCode: 1 };
      stderr.write("Reading prompt from stdin...\n");
    }
    const read = await readAllText(stdin);
    if ("error" in read) return { error: read.error, exitCode: 1 };
    if (read.text.trim() === "") return { error: NO_PROMPT_STDIN_MESSAGE, exitCode: 1 };
    return { prompt: read.text };
  }

  if (stdin.isTTY === true) return { prompt: promptArg };
  stderr.write("Reading additional input from stdin...\n");
  const read = await readAllText(stdin);
  if ("error" in read) return { error: read.error, exitCode: 1 };
  if (read.text.trim() === "") return { prompt: promptArg };
  return { prompt: appendStdinBlock(promptArg, read.text) };
}

/** `prompt\n\n<stdin>\n…\n</stdin>`; stdin verbatim, with a newline added only if it lacks one. */
export function appendStdinBlock(prompt: string, stdinText: string): string {
  const body = stdinText.endsWith("\n") ? stdinText : `${stdinText}\n`;
  return `${prompt}\n\n<stdin>\n${body}</stdin>`;
}

/** Reads a stream to its end as UTF-8; invalid bytes become U+FFFD rather than an error. */
export async function readAllText(
  stream: NodeJS.ReadableStream,
): Promise<{ text: string } | { error: string }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
    }
  } catch (err) {
    return { error: `Failed to read stdin: ${(err as Error).message}` };
  }
  return { text: new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks)) };
}
