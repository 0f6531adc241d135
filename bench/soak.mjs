// Long-session memory soaks on one `codex app-server` thread (a real process, driven over stdio):
//   tools — 200 turns × 10 `exec_command` calls (2,000 commands printing 1–100 KB each), then an
//           answer per turn;
//   paste — one 5 MB pasted input, then 20 more short turns carrying it in the history.
// The session runs twice: first as a warm-up on a thread that is then unloaded, which sets the
// fixed base (the idle RSS of a server that has done this work and holds no thread), then on a
// new thread. Reports RSS (the server process) at the first turn (the cold base), the base, each
// quarter of the soak both busy and after 4 s idle, and after the soak's thread is unloaded,
// next to the history's own size: the byte length of the last request body the model received
// (the whole conversation, as Codex sends it every turn). Target: idle RSS ≤ base + 1.5 ×
// history, at every quarter and at the end.
// The model is the scripted mock, run in this process so request sizes can be read without
// keeping the bodies. Commands ask for max_output_tokens 250 (~1 KB per output in the history)
// so the quadratic resend of the history stays affordable; the full 1–100 KB still flows
// through capture, events, items and the rollout, which is where retention would show.
// Usage: npm run build && node bench/soak.mjs [tools|paste] [--quick]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { OUR_CLI, ROOT, makeRun } from "./lib.mjs";

/** The real mock model server, bundled from test/mock-server so it can run in-process. */
async function startInProcessMock() {
  const dir = mkdtempSync(path.join(tmpdir(), "codex-bench-soak-"));
  const out = path.join(dir, "mock.mjs");
  await build({
    entryPoints: [path.join(ROOT, "test", "mock-server", "server.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: out,
    logLevel: "error",
  });
  const { startMockServer } = await import(pathToFileURL(out).href);
  const stats = { count: 0, lastBytes: 0 };
  const mock = await startMockServer({
    script: [],
    onRequest(r) {
      stats.count++;
      stats.lastBytes = Buffer.byteLength(r.rawBody);
      mock.requests.length = 0; // keep nothing: bodies grow with the history
    },
  });
  return { mock, stats, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const ev = (data) => ({ data });
const done = { type: "response.completed", response: { id: "r", usage: { input_tokens: 1 } } };
function toolCall(id, kb) {
  const cmd = `yes 'soak output line' | head -c ${kb * 1024}`;
  const item = {
    type: "function_call",
    id: `fc_${id}`,
    call_id: `call_${id}`,
    name: "exec_command",
    arguments: JSON.stringify({ cmd, max_output_tokens: 250, yield_time_ms: 10_000 }),
  };
  return { sse: [ev({ type: "response.output_item.done", output_index: 0, item }), ev(done)] };
}
function answer(id, text) {
  const item = { type: "message", role: "assistant", id: `msg_${id}`, content: [] };
  item.content.push({ type: "output_text", text, annotations: [] });
  return { sse: [ev({ type: "response.output_item.done", output_index: 0, item }), ev(done)] };
}

/** Readings are taken after this much quiet, as when a user reads the answer. */
const IDLE_MS = 4000;
const idle = () => new Promise((r) => setTimeout(r, IDLE_MS));

/** VmRSS and VmHWM (peak) of one process, MB. */
function rss(pid) {
  const s = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

function startServer(cli, run) {
  const child = spawn(cli[0], [...cli.slice(1), "app-server"], {
    cwd: run.work,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CODEX_HOME: run.home,
      MOCK_API_KEY: "k",
    },
    stdio: ["pipe", "pipe", "ignore"],
  });
  const pending = new Map();
  let onNote = () => {};
  createInterface({ input: child.stdout }).on("line", (line) => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      // Not protocol (a V8 trace flag prints to stdout): said, not fatal, so cleanup still runs.
      process.stderr.write(`soak: not JSON on the server's stdout: ${line.slice(0, 200)}\n`);
      return;
    }
    if (msg.id !== undefined && msg.method) {
      child.stdin.write(`${JSON.stringify({ id: msg.id, result: { decision: "accept" } })}\n`);
    } else if (msg.id !== undefined) pending.get(msg.id)?.(msg);
    else onNote(msg);
  });
  let id = 0;
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const my = ++id;
      pending.set(my, (m) => {
        pending.delete(my);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result);
      });
      child.stdin.write(`${JSON.stringify({ id: my, method, params })}\n`);
    });
  /** Starts a turn and resolves when it completes. */
  const turn = (threadId, text) =>
    new Promise((resolve, reject) => {
      onNote = (m) => {
        if (m.method !== "turn/completed") return;
        const status = m.params?.turn?.status;
        if (status === "completed") resolve();
        else reject(new Error(`turn ended ${status}: ${JSON.stringify(m.params).slice(0, 300)}`));
      };
      request("turn/start", {
        threadId,
        input: [{ type: "text", text, text_elements: [] }],
      }).catch(reject);
    });
  const stop = () =>
    new Promise((resolve) => {
      child.once("exit", resolve);
      child.stdin.end();
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  return { pid: child.pid, request, turn, stop };
}

/** One soak; returns the bases, checkpoints and the final figures (MB). */
export async function soak(kind, { quick = false, cli = OUR_CLI, log = () => {} } = {}) {
  const turns = kind === "tools" ? (quick ? 20 : 200) : quick ? 5 : 20;
  const callsPerTurn = kind === "tools" ? 10 : 0;
  const { mock, stats, cleanup } = await startInProcessMock();
  const run = makeRun(mock.url);
  const server = startServer(cli, run);
  const t0 = performance.now();
  try {
    await server.request("initialize", {
      clientInfo: { name: "soak", title: null, version: "1" },
      capabilities: null,
    });
    // A new thread, one turn that runs one command (the bash parser, the shell snapshot and the
    // model client are loaded then) and an idle pause; then the server's RSS.
    const baseTurn = async (label) => {
      const { thread } = await server.request("thread/start", {
        cwd: run.work,
        approvalPolicy: "never",
        sandbox: "danger-full-access",
      });
      mock.enqueue(toolCall(`${label}-0`, 1), answer(label, "ok"));
      await server.turn(thread.id, "hello");
      await idle();
      return { thread, rss: rss(server.pid) };
    };
    /** The session's turns on one thread; `quarter` runs after every quarter of them. */
    const workload = async (threadId, label, quarter = async () => {}) => {
      let call = 0;
      for (let t = 0; t < turns; t++) {
        for (let c = 0; c < callsPerTurn; c++, call++)
          mock.enqueue(toolCall(`${label}-${call}`, 1 + ((call * 37) % 100)));
        mock.enqueue(answer(`${label}-a${t}`, `turn ${t} done`));
        const text =
          kind === "paste" && t === 0
            ? `Please read this:\n${"pasted text line of about sixty characters, repeated...\n".repeat(Math.ceil((5 * 1024 * 1024) / 56))}`
            : `turn ${t}: run the commands`;
        await server.turn(threadId, text);
        if ((t + 1) % Math.max(1, turns / 4) === 0 && t + 1 < turns) await quarter(t + 1, call);
      }
      return call;
    };

    // The cold base: the first turn's idle RSS. V8 has compiled little of the tool path yet.
    const cold = await baseTurn("cold");
    log(`  ${kind}: cold base ${cold.rss.rss.toFixed(1)} MB (after one turn with one command)`);
    // The fixed base: the same session run once on that thread (so V8 has compiled the code it
    // runs hot, the node binary's pages that code touches are resident, and the allocators'
    // arenas have grown to what the work needs), the thread unloaded, then one base turn on a
    // new thread and an idle pause. A leak that outlives its thread stays in the process and
    // shows in the soak's own growth, since the soak repeats the same work.
    await workload(cold.thread.id, "warm-up");
    await server.request("thread/unsubscribe", { threadId: cold.thread.id });
    const { thread, rss: base } = await baseTurn("base");
    log(
      `  ${kind}: base ${base.rss.toFixed(1)} MB (warm: after the same session on a thread since unloaded)`,
    );

    const checkpoints = [];
    const calls = await workload(thread.id, "soak", async (turn, call) => {
      // Busy and idle RSS at each quarter: the idle figure is what must not grow with the
      // number of calls beyond the history's own size.
      const r = rss(server.pid);
      await idle();
      const idleRss = rss(server.pid).rss;
      const historyMb = stats.lastBytes / 2 ** 20;
      checkpoints.push({ turn, calls: call, rss: r.rss, idleRss, historyMb });
      log(
        `  ${kind}: turn ${turn}/${turns}, ${call} calls, RSS ${r.rss.toFixed(0)} MB busy, ${idleRss.toFixed(1)} MB idle (base + ${((idleRss - base.rss) / historyMb).toFixed(2)} × history), history ${historyMb.toFixed(2)} MB`,
      );
    });
    const busy = rss(server.pid);
    await idle();
    const end = rss(server.pid);
    const historyMb = stats.lastBytes / 2 ** 20;
    checkpoints.push({ turn: turns, calls, rss: busy.rss, idleRss: end.rss, historyMb });
    // After unloading: the soak's thread unsubscribed, then a base turn again on a new thread.
    // What the thread held goes; what stays above the base would be kept by the process.
    await server.request("thread/unsubscribe", { threadId: thread.id });
    const { rss: after } = await baseTurn("after");
    log(
      `  ${kind}: idle ${end.rss.toFixed(1)} MB = base + ${((end.rss - base.rss) / historyMb).toFixed(2)} × history; thread unloaded, base turn again: ${after.rss.toFixed(1)} MB`,
    );
    return {
      kind,
      turns,
      calls,
      requests: stats.count,
      seconds: (performance.now() - t0) / 1000,
      coldBaseMb: cold.rss.rss,
      baseMb: base.rss,
      busyMb: busy.rss,
      rssMb: end.rss,
      peakMb: end.hwm,
      historyMb,
      afterUnloadMb: after.rss,
      checkpoints,
    };
  } finally {
    await server.stop();
    await mock.close();
    cleanup();
    rmSync(run.root, { recursive: true, force: true, maxRetries: 5 });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes("--quick");
  const kinds = ["tools", "paste"].filter((k) => process.argv.includes(k));
  for (const kind of kinds.length ? kinds : ["tools", "paste"]) {
    const r = await soak(kind, { quick, log: (m) => process.stderr.write(`${m}\n`) });
    console.log(JSON.stringify(r, null, 2));
  }
}
