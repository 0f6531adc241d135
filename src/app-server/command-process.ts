// The interactive form of `command/exec`: a process whose stdin the client writes
// (`command/exec/write`), on a pseudo-terminal it can resize (`command/exec/resize`) when `tty`
// is asked for, else on pipes. The PTY comes from @lydell/node-pty as for the exec runner's
// sessions; this file adds what those sessions do not need (resize, closing stdin).
import { constants as osConstants } from "node:os";
import type { SpawnPlan } from "../exec/runner.js";
import { inlineFd3, spawnFd3Plan } from "../exec/fd3.js";
import { signalProcessGroup } from "../exec/process-group.js";
import { trackProcess } from "../exec/resource-scope.js";

export interface InteractiveProcess {
  write(data: Buffer): void;
  closeStdin(): void;
  /** False when the process has no terminal. */
  resize(cols: number, rows: number): boolean;
  terminate(): void;
  /** The exit code (128 + signal for a signalled process) once output has been read. */
  readonly exited: Promise<number>;
}

type Output = (chunk: Buffer, stream: "stdout" | "stderr") => void;

function exitCodeOf(code: number | null, signal: number | NodeJS.Signals | null): number {
  const n = typeof signal === "string" ? (osConstants.signals[signal] ?? 0) : (signal ?? 0);
  return n > 0 ? 128 + n : (code ?? -1);
}

export async function startInteractive(
  plan: SpawnPlan,
  tty: { cols: number; rows: number } | null,
  onOutput: Output,
): Promise<InteractiveProcess> {
  return tty ? startOnPty(plan, tty, onOutput) : startOnPipes(plan, onOutput);
}

async function startOnPty(
  planned: SpawnPlan,
  size: { cols: number; rows: number },
  onOutput: Output,
): Promise<InteractiveProcess> {
  const mod = await import("@lydell/node-pty");
  const pty = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const plan = inlineFd3(planned);
  const term = pty.spawn(plan.program, plan.args, {
    name: plan.env.TERM ?? "xterm-256color",
    cols: size.cols,
    rows: size.rows,
    cwd: plan.cwd,
    env: plan.env,
    encoding: null,
  });
  // The PTY child leads its own session, so its process group is its whole tree.
  const tracked = trackProcess(term.pid, { kind: "exec-session", group: true });
  term.onData((d: string | Buffer) =>
    onOutput(typeof d === "string" ? Buffer.from(d) : d, "stdout"),
  );
  const exited = new Promise<number>((resolve) =>
    term.onExit(({ exitCode, signal }) => {
      tracked.exited();
      resolve(exitCodeOf(exitCode, signal ?? null));
    }),
  );
  let open = true;
  return {
    write(data) {
      if (open) term.write(data.toString("utf8"));
    },
    closeStdin() {
      // A terminal has no separate stdin to close: end-of-file is ^D at the start of a line.
      if (open) term.write("\x04");
      open = false;
    },
    resize(cols, rows) {
      term.resize(Math.max(1, cols), Math.max(1, rows));
      return true;
    },
    terminate: () => signalProcessGroup(term.pid, "SIGKILL"),
    exited,
  };
}

async function startOnPipes(plan: SpawnPlan, onOutput: Output): Promise<InteractiveProcess> {
  const child = spawnFd3Plan(plan, {
    cwd: plan.cwd,
    env: plan.env,
    argv0: plan.arg0,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  const tracked = trackProcess(child.pid, { kind: "exec-session", group: true });
  // All three are pipes (see stdio above).
  const [stdin, stdout, stderr] = [child.stdin!, child.stdout!, child.stderr!];
  stdin.on("error", () => undefined);
  stdout.on("data", (d: Buffer) => onOutput(d, "stdout"));
  stderr.on("data", (d: Buffer) => onOutput(d, "stderr"));
  const exited = new Promise<number>((resolve) =>
    child.once("close", (code, signal) => {
      tracked.exited();
      resolve(exitCodeOf(code, signal));
    }),
  );
  return {
    write: (data) => void stdin.write(data),
    closeStdin: () => stdin.end(),
    resize: () => false,
    terminate: () => signalProcessGroup(child.pid, "SIGKILL"),
    exited,
  };
}
