// An Environment whose implementation is imported on first use. A session builds its environment
// when it starts, but a plain answer never runs a command or touches a file through it; the
// remote environment (its exec-server client and protocol) loads only when a tool needs it.
import type { RunOptions, RunResult } from "../exec/runner.js";
import type { SessionProcess } from "../exec/session-process.js";
import type {
  CommandSpec,
  Environment,
  EnvironmentFs,
  EnvironmentInfo,
  EnvironmentPlan,
} from "./types.js";

export class DeferredEnvironment implements Environment {
  readonly fs: EnvironmentFs;
  private loading: Promise<Environment> | null = null;

  constructor(
    readonly kind: "local" | "remote",
    private readonly load: () => Promise<Environment>,
  ) {
    const env = () => this.get();
    this.fs = {
      readFile: async (p) => (await env()).fs.readFile(p),
      writeFile: async (p, data) => (await env()).fs.writeFile(p, data),
      stat: async (p) => (await env()).fs.stat(p),
      readdir: async (p) => (await env()).fs.readdir(p),
      mkdir: async (p, opts) => (await env()).fs.mkdir(p, opts),
      remove: async (p, opts) => (await env()).fs.remove(p, opts),
      realpath: async (p) => (await env()).fs.realpath(p),
    };
  }

  async info(): Promise<EnvironmentInfo> {
    return (await this.get()).info();
  }

  async baseEnv(): Promise<Record<string, string | undefined>> {
    return (await this.get()).baseEnv();
  }

  async plan(spec: CommandSpec): Promise<EnvironmentPlan> {
    return (await this.get()).plan(spec);
  }

  async run(plan: EnvironmentPlan, options?: RunOptions): Promise<RunResult> {
    return (await this.get()).run(plan, options);
  }

  async startSession(
    plan: EnvironmentPlan,
    tty: boolean,
    onData: (chunk: Buffer) => void,
  ): Promise<SessionProcess> {
    return (await this.get()).startSession(plan, tty, onData);
  }

  async dispose(): Promise<void> {
    // Never loaded: nothing was started. Failed to load: nothing was started either.
    const loaded = await this.loading?.catch(() => null);
    await loaded?.dispose();
  }

  private get(): Promise<Environment> {
    this.loading ??= this.load().catch((e: unknown) => {
      this.loading = null;
      const reason = e instanceof Error ? e.message : String(e);
      throw new Error(`the ${this.kind} environment failed to load: ${reason}`);
    });
    return this.loading;
  }
}
