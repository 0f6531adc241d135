// An environment served by `codex exec-server` on another machine. Commands, terminals and
// files go over the wire; the sandbox is enforced by the server on its own machine (we send
// the policy as Codex's permission profile). A command attached to a connection that dies
// fails with a message naming the disconnect; the next command runs on a fresh session (the
// lazy client's rules, seed 003).
import { constants as osConstants } from "node:os";
import { posix } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { HeadTailBuffer, DEFAULT_CAPTURE_BYTES } from "../exec/output-buffer.js";
import type { RunOptions, RunResult } from "../exec/runner.js";
import { SessionStartError, type SessionProcess } from "../exec/session-process.js";
import { permissionsFromPolicy } from "../exec-server/permission-profile.js";
import {
  ExecServerDisconnectedError,
  ExecServerRequestError,
  type ExecServerClient,
} from "./exec-server-client.js";
import { LazyRemoteExecServerClient } from "./lazy-client.js";
import type {
  CommandSpec,
  Environment,
  EnvironmentFs,
  EnvironmentInfo,
  EnvironmentPlan,
} from "./types.js";

const uri = (p: string) => pathToFileURL(p).href;
const TIMEOUT_EXIT_CODE = 124;

/** Turns a server error ("No such file or directory (os error 2)") into a Node-style error. */
function fsError(e: unknown, path: string): Error {
  if (!(e instanceof ExecServerRequestError)) return e as Error;
  const errno = /\(os error (\d+)\)/.exec(e.message)?.[1];
  const code = Object.entries(osConstants.errno).find(([, n]) => String(n) === errno)?.[0];
  return Object.assign(new Error(`${e.message}: ${path}`), { code });
}

let nextId = 0;
const processId = (kind: string) => `${kind}-${process.pid}-${++nextId}`;

interface Watch {
  onOutput(chunk: Buffer, stream: "stdout" | "stderr"): void;
  onExit(code: number): void;
  onClosed(): void;
  onDisconnect(reason: string): void;
}

/** Subscribes to one process's notifications and to the connection's end. */
function watch(client: ExecServerClient, id: string, w: Watch): () => void {
  const offNote = client.onNotification((method, p) => {
    if (p.processId !== id) return;
    if (method === "process/output") {
      const stream = p.stream === "stderr" ? "stderr" : "stdout";
      w.onOutput(Buffer.from(String(p.chunk), "base64"), stream);
    } else if (method === "process/exited") w.onExit(Number(p.exitCode));
    else if (method === "process/closed") w.onClosed();
  });
  const offClose = client.onClose((reason) => w.onDisconnect(reason));
  return () => {
    offNote();
    offClose();
  };
}

export class RemoteEnvironment implements Environment {
  readonly kind = "remote" as const;
  private readonly lazy: LazyRemoteExecServerClient;
  /** Processes started and not yet closed, so dispose can end them. */
  private readonly live = new Set<string>();

  constructor(
    readonly url: string,
    opts: { token?: string; traceparent?: () => string | undefined } = {},
  ) {
    this.lazy = new LazyRemoteExecServerClient({
      url,
      token: opts.token,
      clientName: "codex-ts",
      traceparent: opts.traceparent?.(),
    });
  }

  client(): Promise<ExecServerClient> {
    return this.lazy.get();
  }

  async info(): Promise<EnvironmentInfo> {
    const c = await this.client();
    const e = c.environmentInfo as Record<string, unknown>;
    const path = (v: unknown) => (typeof v === "string" ? fileURLToPath(v) : "");
    const shell = (e.shell as { path?: string } | undefined)?.path ?? "/bin/bash";
    return {
      kind: "remote",
      location: this.url,
      cwd: path(e.cwd),
      shell,
      platform: String(e.platformOs ?? "linux"),
      homeDir: path(e.userHomeDir),
      tempDir: path(e.tempDir),
    };
  }

  async baseEnv(): Promise<Record<string, string | undefined>> {
    // Only what a command needs to find programs; the remote user's own environment is the
    // server's business (it starts from what we send, not from its own variables).
    const info = await this.info();
    return {
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      HOME: info.homeDir,
      SHELL: info.shell,
      TMPDIR: info.tempDir,
      LANG: process.env.LANG ?? "C.UTF-8",
    };
  }

  async plan(spec: CommandSpec): Promise<EnvironmentPlan> {
    const [program, ...args] = spec.command;
    if (!program) throw new Error("command must not be empty");
    const env = { ...spec.env };
    if (spec.policy.type === "danger-full-access") {
      return { program, args, env, cwd: spec.cwd, sandbox: "none" };
    }
    return {
      program,
      args,
      env,
      cwd: spec.cwd,
      sandbox: "remote",
      remoteSandbox: { permissions: permissionsFromPolicy(spec.policy, spec.cwd), cwd: spec.cwd },
    };
  }

  private startParams(id: string, plan: EnvironmentPlan, tty: boolean) {
    this.live.add(id);
    return {
      processId: id,
      argv: [plan.program, ...plan.args],
      cwd: uri(plan.cwd),
      env: plan.env,
      tty,
      pipeStdin: tty,
      arg0: plan.arg0 ?? null,
      sandbox: plan.remoteSandbox
        ? {
            ...plan.remoteSandbox,
            cwd: uri(plan.remoteSandbox.cwd),
            windowsSandboxLevel: "disabled",
          }
        : null,
    };
  }

  async run(plan: EnvironmentPlan, options: RunOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const cap = options.captureBytes ?? DEFAULT_CAPTURE_BYTES;
    const merged = (options.streams ?? "merged") === "merged";
    const output = new HeadTailBuffer(cap);
    const stdout = new HeadTailBuffer(merged ? 0 : cap);
    const stderr = new HeadTailBuffer(merged ? 0 : cap);
    const result = (partial: Partial<RunResult>): RunResult => ({
      exitCode: -1,
      signal: null,
      timedOut: false,
      aborted: false,
      durationMs: performance.now() - started,
      output: output.snapshot(),
      stdout: merged ? output.snapshot() : stdout.snapshot(),
      stderr: stderr.snapshot(),
      spawnError: null,
      pid: null,
      ...partial,
    });
    if (options.signal?.aborted) return result({ aborted: true, exitCode: 130 });
    let client: ExecServerClient;
    try {
      client = await this.client();
    } catch (e) {
      return result({
        spawnError: `the remote environment is unavailable: ${(e as Error).message}`,
      });
    }
    if (options.stdin !== undefined && options.stdin !== "ignore") {
      return result({ spawnError: "stdin input is not supported for remote commands" });
    }
    const id = processId("run");
    let exitCode: number | null = null;
    let timedOut = false;
    let aborted = false;
    return new Promise<RunResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (partial: Partial<RunResult>) => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        unwatch();
        resolve(result(partial));
      };
      const kill = () =>
        void client.request("process/terminate", { processId: id }).catch(() => undefined);
      const onAbort = () => {
        aborted = true;
        kill();
      };
      const unwatch = watch(client, id, {
        onOutput: (chunk, stream) => {
          output.push(chunk);
          if (!merged) (stream === "stdout" ? stdout : stderr).push(chunk);
          try {
            options.onOutput?.(chunk, stream);
          } catch {
            // A faulty listener must not take the run down with it.
          }
        },
        onExit: (code) => (exitCode = code),
        onClosed: () => {
          this.live.delete(id);
          finish({
            exitCode: timedOut ? TIMEOUT_EXIT_CODE : aborted ? 130 : (exitCode ?? -1),
            timedOut,
            aborted,
          });
        },
        onDisconnect: (reason) =>
          finish({
            spawnError: `the remote environment disconnected while the command ran (${reason}); its result is unknown`,
          }),
      });
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          timedOut = true;
          kill();
        }, options.timeoutMs);
      }
      client.request("process/start", this.startParams(id, plan, false)).catch((e: Error) => {
        finish({
          spawnError:
            e instanceof ExecServerDisconnectedError
              ? `the remote environment disconnected while starting \`${plan.program}\` (${e.message})`
              : `failed to start \`${plan.program}\` remotely: ${e.message}`,
        });
      });
    });
  }

  async startSession(
    plan: EnvironmentPlan,
    tty: boolean,
    onData: (chunk: Buffer) => void,
  ): Promise<SessionProcess> {
    let client: ExecServerClient;
    try {
      client = await this.client();
    } catch (e) {
      throw new SessionStartError(`the remote environment is unavailable: ${(e as Error).message}`);
    }
    const id = processId("session");
    let code: number | null = null;
    let resolveExit!: (code: number) => void;
    const exited = new Promise<number>((r) => (resolveExit = r));
    const unwatch = watch(client, id, {
      onOutput: (chunk) => onData(chunk),
      onExit: (c) => (code = c),
      onClosed: () => {
        this.live.delete(id);
        unwatch();
        resolveExit(code ?? -1);
      },
      onDisconnect: (reason) => {
        unwatch();
        onData(Buffer.from(`\n[the remote environment disconnected: ${reason}]\n`));
        code = 1;
        resolveExit(1);
      },
    });
    try {
      await client.request("process/start", this.startParams(id, plan, tty));
    } catch (e) {
      unwatch();
      const err = e as Error;
      throw new SessionStartError(
        err instanceof ExecServerDisconnectedError
          ? `the remote environment disconnected while starting \`${plan.program}\` (${err.message})`
          : `failed to start \`${plan.program}\` remotely: ${err.message}`,
      );
    }
    return {
      tty,
      pid: undefined,
      exitCode: () => code,
      exited,
      write: (chars) => {
        if (!tty || client.isClosed) return false;
        void client
          .request("process/write", {
            processId: id,
            chunk: Buffer.from(chars).toString("base64"),
            writeId: processId("w"),
          })
          .catch(() => undefined);
        return true;
      },
      terminate: () => {
        void client.request("process/terminate", { processId: id }).catch(() => undefined);
      },
    };
  }

  readonly fs: EnvironmentFs = {
    readFile: async (p) => {
      const c = await this.client();
      try {
        const r = (await c.request("fs/readFile", { path: uri(p), sandbox: null })) as {
          dataBase64: string;
        };
        return Buffer.from(r.dataBase64, "base64");
      } catch (e) {
        throw fsError(e, p);
      }
    },
    writeFile: async (p, data) => {
      const c = await this.client();
      const dataBase64 = Buffer.from(data).toString("base64");
      await c.request("fs/writeFile", { path: uri(p), dataBase64, sandbox: null }).catch((e) => {
        throw fsError(e, p);
      });
    },
    stat: async (p) => {
      const c = await this.client();
      const r = (await c.request("fs/getMetadata", { path: uri(p) }).catch((e) => {
        throw fsError(e, p);
      })) as {
        isFile: boolean;
        isDirectory: boolean;
        isSymlink: boolean;
        size?: number;
        modifiedAtMs: number;
      };
      return {
        isFile: r.isFile,
        isDirectory: r.isDirectory,
        isSymlink: r.isSymlink,
        size: r.size ?? 0,
        mtimeMs: r.modifiedAtMs,
      };
    },
    readdir: async (p) => {
      const c = await this.client();
      const r = (await c.request("fs/readDirectory", { path: uri(p) }).catch((e) => {
        throw fsError(e, p);
      })) as { entries: Array<{ fileName: string; isDirectory: boolean; isFile: boolean }> };
      return r.entries.map((e) => ({
        name: e.fileName,
        isDirectory: e.isDirectory,
        isFile: e.isFile,
      }));
    },
    mkdir: async (p, opts) => {
      const c = await this.client();
      await c
        .request("fs/createDirectory", { path: uri(p), recursive: opts?.recursive ?? false })
        .catch((e) => {
          throw fsError(e, p);
        });
    },
    remove: async (p, opts) => {
      const c = await this.client();
      await c
        .request("fs/remove", {
          path: uri(p),
          recursive: opts?.recursive ?? false,
          force: opts?.force ?? false,
        })
        .catch((e) => {
          throw fsError(e, p);
        });
    },
    realpath: async (p) => {
      const c = await this.client();
      const r = (await c.request("fs/canonicalize", { path: uri(p) }).catch((e) => {
        throw fsError(e, p);
      })) as { path: string };
      return posix.normalize(fileURLToPath(r.path));
    },
  };

  async dispose(): Promise<void> {
    // Closing the connection detaches the server session; nothing re-attaches it, so the server
    // ends its processes when the session's time to resume runs out. Stop them now instead.
    const c = this.lazy.peek();
    if (c && !c.isClosed) {
      const ids = [...this.live];
      this.live.clear();
      const stop = Promise.all(
        ids.map((processId) =>
          c.request("process/terminate", { processId }).catch(() => undefined),
        ),
      );
      await Promise.race([stop, new Promise((r) => setTimeout(r, 2000).unref())]);
      c.close();
    }
  }
}
