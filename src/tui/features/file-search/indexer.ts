// Lists the workspace's files in the background with ripgrep (`rg --files`), which honours
// .gitignore, .ignore and the global git excludes, and streams the paths into a PathIndex.
// Without a usable ripgrep binary it falls back to `git ls-files` inside a git repository.
import { spawn, type ChildProcess } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import type { PathIndex } from "./path-index.js";

export interface IndexerOptions {
  cwd: string;
  /** Path of the `rg` binary; default: the one shipped by `@vscode/ripgrep`. */
  rgPath?: string;
  /** Stop after this many files (default 1,000,000) so a huge tree cannot exhaust memory. */
  maxFiles?: number;
  /** Paths are handed to the index in batches of this size (default 2048). */
  batchSize?: number;
}

export interface IndexerHandle {
  /** Resolves when listing has finished, failed or been cancelled (never rejects). */
  readonly done: Promise<void>;
  cancel(): void;
}

/** Only what ripgrep and git need: no credentials reach them. */
function toolEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ["PATH", "HOME", "XDG_CONFIG_HOME", "USERPROFILE", "SYSTEMROOT", "LANG"]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

async function bundledRgPath(): Promise<string | null> {
  try {
    const mod = (await import("@vscode/ripgrep")) as { rgPath: string };
    return mod.rgPath;
  } catch {
    return null;
  }
}

function rgArgs(): string[] {
  return [
    "--files",
    "--hidden",
    // .gitignore applies even when the workspace is not (yet) a git repository.
    "--no-require-git",
    "--no-messages",
    "--null",
    "-g",
    "!.git",
  ];
}

const GIT_ARGS = ["ls-files", "--cached", "--others", "--exclude-standard", "-z"];

/** Start listing `options.cwd` into `index`; the index is marked complete at the end. */
export function startIndexing(index: PathIndex, options: IndexerOptions): IndexerHandle {
  const maxFiles = options.maxFiles ?? 1_000_000;
  const batchSize = options.batchSize ?? 2048;
  let child: ChildProcess | null = null;
  let cancelled = false;

  const listWith = (command: string, args: string[]): Promise<{ ok: boolean; error: string }> =>
    new Promise((resolve) => {
      const proc = spawn(command, args, {
        cwd: options.cwd,
        env: toolEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = proc;
      const decoder = new StringDecoder("utf8");
      let pending = "";
      let batch: string[] = [];
      let stderr = "";
      let count = 0;
      let truncated = false;
      const flush = () => {
        if (batch.length > 0) index.add(batch);
        batch = [];
      };
      proc.stdout!.on("data", (chunk: Buffer) => {
        if (truncated) return;
        const parts = (pending + decoder.write(chunk)).split("\0");
        pending = parts.pop() ?? "";
        for (const part of parts) {
          if (part === "") continue;
          batch.push(part);
          count++;
          if (count >= maxFiles) {
            truncated = true;
            proc.kill();
            break;
          }
          if (batch.length >= batchSize) flush();
        }
        flush();
      });
      proc.stderr!.on("data", (chunk: Buffer) => {
        if (stderr.length < 2000) stderr += chunk.toString("utf8");
      });
      proc.on("error", (err) => {
        flush();
        resolve({ ok: false, error: `could not run ${command}: ${err.message}` });
      });
      proc.on("close", (code) => {
        if (!truncated && pending !== "") batch.push(pending);
        flush();
        if (cancelled) resolve({ ok: true, error: "" });
        else if (truncated)
          resolve({ ok: true, error: `stopped after ${maxFiles} files; narrow the workspace` });
        // rg exits 1 when it found nothing (an empty tree); that is not a failure.
        else if (code === 0 || (code === 1 && stderr.trim() === ""))
          resolve({ ok: true, error: "" });
        else
          resolve({
            ok: false,
            error: `${command} exited with ${code}${stderr.trim() ? `: ${stderr.trim()}` : ""}`,
          });
      });
    });

  const run = async (): Promise<void> => {
    const rg = options.rgPath ?? (await bundledRgPath());
    if (cancelled) return index.markComplete(null);
    let result = rg ? await listWith(rg, rgArgs()) : { ok: false, error: "ripgrep not installed" };
    if (!result.ok && index.size === 0 && !cancelled) {
      const git = await listWith("git", GIT_ARGS);
      if (git.ok) result = git;
      else result = { ok: false, error: `file search unavailable (${result.error})` };
    }
    index.markComplete(result.ok ? result.error || null : result.error);
  };

  const done = run().catch((err: unknown) => {
    index.markComplete(`file search failed: ${err instanceof Error ? err.message : String(err)}`);
  });
  return {
    done,
    cancel() {
      cancelled = true;
      (child as ChildProcess | null)?.kill();
    },
  };
}
