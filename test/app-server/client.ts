// Our JSON-RPC test client for `codex app-server`: spawns the built CLI (or speaks over a given
// line channel), sends requests, collects notifications, answers server requests, and checks
// every message the server sends against the reference schema.
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, expect } from "vitest";
import { createInterface } from "node:readline";
import { CLI } from "../harness.js";
import { schemaProblems } from "./schema.js";

export type Message = Record<string, unknown> & {
  id?: string | number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
};

export interface ClientOptions {
  cwd: string;
  home: string;
  args?: string[];
  env?: Record<string, string>;
}

export class AppServerClient {
  readonly messages: Message[] = [];
  /** Schema violations of anything the server sent; a passing test expects none. */
  readonly violations: string[] = [];
  readonly stderr: string[] = [];
  private nextId = 1;
  private readonly sentMethods = new Map<string | number, string>();
  private readonly waiters: Array<{
    pred: (m: Message) => boolean;
    resolve: (m: Message) => void;
  }> = [];
  /** Answers server requests; default: none (they stay pending). */
  onServerRequest: ((m: Message) => unknown) | null = null;
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    const lines = createInterface({ input: child.stdout!, crlfDelay: Infinity });
    lines.on("line", (line) => this.receive(line));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => this.stderr.push(d));
    this.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  }

  static spawn(opts: ClientOptions): AppServerClient {
    const child = spawn(process.execPath, [CLI, "app-server", ...(opts.args ?? [])], {
      cwd: opts.cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LANG: "C.UTF-8",
        CODEX_HOME: opts.home,
        MOCK_API_KEY: "sk-mock-test-key",
        ...opts.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    return new AppServerClient(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  private receive(line: string): void {
    const msg = JSON.parse(line) as Message;
    this.messages.push(msg);
    if ("jsonrpc" in msg) this.violations.push(`output carries jsonrpc: ${line}`);
    this.violations.push(...schemaProblems(msg, (id) => this.sentMethods.get(id as string)));
    if (msg.method && msg.id !== undefined && this.onServerRequest) {
      const result = this.onServerRequest(msg);
      if (result !== undefined) this.sendRaw({ id: msg.id, result });
    }
    for (const w of [...this.waiters]) {
      if (w.pred(msg)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(msg);
      }
    }
  }

  sendRaw(value: unknown): void {
    this.child.stdin!.write(`${typeof value === "string" ? value : JSON.stringify(value)}\n`);
  }

  /** Send a request without waiting; returns its id. */
  send(method: string, params?: unknown, id: string | number = this.nextId++): string | number {
    this.sentMethods.set(id, method);
    this.sendRaw(params === undefined ? { id, method } : { id, method, params });
    return id;
  }

  async request(method: string, params?: unknown): Promise<Message> {
    const id = this.send(method, params);
    return this.waitFor((m) => m.id === id && m.method === undefined);
  }

  /** The result of a request that must succeed. */
  async call(method: string, params?: unknown): Promise<Record<string, unknown>> {
    const r = await this.request(method, params);
    if (r.error) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
    return r.result!;
  }

  async initialize(capabilities: Record<string, unknown> | null = null): Promise<Message> {
    const r = await this.request("initialize", {
      clientInfo: { name: "test-client", title: null, version: "1.2.3" },
      capabilities,
    });
    this.sendRaw({ method: "initialized" });
    return r;
  }

  /** The first message (already received or future) matching `pred`. */
  waitFor(pred: (m: Message) => boolean, timeoutMs = 20_000): Promise<Message> {
    const seen = this.messages.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `timed out; received:\n${this.messages.map((m) => JSON.stringify(m).slice(0, 300)).join("\n")}\nstderr: ${this.stderr.join("")}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  notification(method: string, pred: (p: Record<string, unknown>) => boolean = () => true) {
    return this.waitFor((m) => m.method === method && m.id === undefined && pred(m.params ?? {}));
  }

  notifications(method?: string): Message[] {
    return this.messages.filter((m) => m.id === undefined && (!method || m.method === method));
  }

  /** Close stdin (the client goes away) and wait for the server to exit. */
  async close(): Promise<number | null> {
    this.child.stdin!.end();
    return this.exited;
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}

/** After each test: kills the client `take` hands over and checks every message it got was valid. */
/**
 * Spawns app-servers for the tests of one file. After each test every server it spawned is
 * killed and waited for, and everything each one sent must have matched the reference schema.
 */
export function useAppServerClients(): (opts: ClientOptions) => AppServerClient {
  const live: AppServerClient[] = [];
  afterEach(async () => {
    for (const c of live.splice(0)) {
      c.kill();
      await c.exited;
      expect(c.violations).toEqual([]);
    }
  });
  return (opts) => {
    const c = AppServerClient.spawn(opts);
    live.push(c);
    return c;
  };
}
