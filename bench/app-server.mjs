// app-server benchmarks, side by side with the reference Codex app-server when it is installed
// (node bench/install-reference.mjs): spawn → initialize answered, thread/start → first model
// request, one turn's latency (turn/start → turn/completed) next to a whole `codex exec` run,
// delta throughput on a 10k-token stream, and RSS with 50 idle + 10 active threads. Medians
// over alternating runs. Usage: npm run build && node bench/app-server.mjs [--runs N]
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { OUR_CLI, makeRun, referenceCli, startMock, stats, timedRun } from "./lib.mjs";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const ev = (data) => ({ data });
function answer(text, id = "msg_b") {
  const item = { type: "message", id, status: "completed", role: "assistant" };
  return {
    sse: [
      ev({ type: "response.created", response: { id: "r", status: "in_progress" } }),
      ev({
        type: "response.output_item.done",
        output_index: 0,
        item: { ...item, content: [{ type: "output_text", text, annotations: [] }] },
      }),
      ev({
        type: "response.completed",
        response: { id: "r", usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } },
      }),
    ],
  };
}

/** A streamed answer of `n` deltas (one token each). */
function streamed(n) {
  const at = { item_id: "msg_s", output_index: 0, content_index: 0 };
  const parts = Array.from({ length: n }, (_, i) =>
    ev({ type: "response.output_text.delta", ...at, delta: `t${i % 10} ` }),
  );
  const text = Array.from({ length: n }, (_, i) => `t${i % 10} `).join("");
  const item = { type: "message", id: "msg_s", role: "assistant" };
  return {
    sse: [
      ev({ type: "response.created", response: { id: "r", status: "in_progress" } }),
      ev({
        type: "response.output_item.added",
        output_index: 0,
        item: { ...item, status: "in_progress", content: [] },
      }),
      ...parts,
      ev({
        type: "response.output_item.done",
        output_index: 0,
        item: {
          ...item,
          status: "completed",
          content: [{ type: "output_text", text, annotations: [] }],
        },
      }),
      ev({
        type: "response.completed",
        response: { id: "r", usage: { input_tokens: 10, output_tokens: n, total_tokens: n + 10 } },
      }),
    ],
  };
}

/** RSS (KiB) of a process and its descendants (the reference's npm launcher runs a native binary). */
function treeRssKb(root) {
  const children = new Map();
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${e}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(e)]);
    } catch {
      // The process went away while we looked.
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // Gone.
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Spawns `app-server` on stdio; a small client with request(), notification waits and RSS. */
function startServer(cli, run) {
  const t0 = performance.now();
  const child = spawn(cli[0], [...cli.slice(1), "app-server"], {
    cwd: run.work,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CODEX_HOME: run.home,
      MOCK_API_KEY: "k",
      RUST_LOG: "off",
    },
    stdio: ["pipe", "pipe", "ignore"],
  });
  const pending = new Map();
  const listeners = new Set();
  let deltas = 0;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const msg = JSON.parse(line);
    if (msg.method === "item/agentMessage/delta") deltas++;
    if (msg.id !== undefined && msg.method) {
      child.stdin.write(JSON.stringify({ id: msg.id, result: { decision: "accept" } }) + "\n");
    } else if (msg.id !== undefined) pending.get(msg.id)?.(msg);
    else for (const l of listeners) l(msg);
  });
  let id = 0;
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const my = ++id;
      pending.set(my, (m) =>
        m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result),
      );
      child.stdin.write(JSON.stringify({ id: my, method, params }) + "\n");
    });
  const until = (pred) =>
    new Promise((resolve) => {
      const l = (m) => {
        if (pred(m)) {
          listeners.delete(l);
          resolve(m);
        }
      };
      listeners.add(l);
    });
  const rssMb = () => treeRssKb(child.pid) / 1024;
  const stop = () =>
    new Promise((resolve) => {
      child.once("exit", resolve);
      child.stdin.end();
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  return { t0, request, until, rssMb, stop, deltas: () => deltas };
}

const init = (s) =>
  s.request("initialize", {
    clientInfo: { name: "bench", title: null, version: "1" },
    capabilities: null,
  });

async function waitForRequests(mock, n) {
  while (mock.requests.length < n) await new Promise((r) => setTimeout(r, 1));
}

async function latencies(cli, mock) {
  const run = makeRun(mock.url);
  const s = startServer(cli, run);
  await init(s);
  const initMs = performance.now() - s.t0;
  const before = mock.requests.length;
  const t1 = performance.now();
  const { thread } = await s.request("thread/start", { cwd: run.work });
  await s.request("turn/start", {
    threadId: thread.id,
    input: [{ type: "text", text: "hi", text_elements: [] }],
  });
  await waitForRequests(mock, before + 1);
  const firstRequestMs = performance.now() - t1;
  await s.until((m) => m.method === "turn/completed");
  const t2 = performance.now();
  await s.request("turn/start", {
    threadId: thread.id,
    input: [{ type: "text", text: "again", text_elements: [] }],
  });
  await s.until((m) => m.method === "turn/completed" && m.params.turn.status);
  const turnMs = performance.now() - t2;
  await s.stop();
  return { initMs, firstRequestMs, turnMs };
}

async function throughput(cli, mock) {
  const run = makeRun(mock.url);
  const s = startServer(cli, run);
  await init(s);
  const { thread } = await s.request("thread/start", { cwd: run.work });
  const t = performance.now();
  await s.request("turn/start", {
    threadId: thread.id,
    input: [{ type: "text", text: "stream", text_elements: [] }],
  });
  await s.until((m) => m.method === "turn/completed");
  const ms = performance.now() - t;
  const n = s.deltas();
  await s.stop();
  return { ms, deltas: n, perSec: (n / ms) * 1000 };
}

async function memory(cli, mock) {
  const run = makeRun(mock.url);
  const s = startServer(cli, run);
  await init(s);
  const base = s.rssMb();
  const idle = [];
  for (let i = 0; i < 50; i++)
    idle.push((await s.request("thread/start", { cwd: run.work })).thread.id);
  const idleMb = s.rssMb();
  const active = [];
  for (let i = 0; i < 10; i++)
    active.push((await s.request("thread/start", { cwd: run.work })).thread.id);
  for (const id of active) {
    await s.request("turn/start", {
      threadId: id,
      input: [{ type: "text", text: "slow", text_elements: [] }],
    });
  }
  await waitForRequests(mock, 10);
  const activeMb = s.rssMb();
  await s.stop();
  return { base, idleMb, activeMb, perIdleKb: ((idleMb - base) * 1024) / 50 };
}

async function execWall(cli, mock) {
  const run = makeRun(mock.url);
  const r = await timedRun([...cli, "exec", "--skip-git-repo-check", "hi"], {
    cwd: run.work,
    env: { CODEX_HOME: run.home, MOCK_API_KEY: "k" },
  });
  return r.wallMs;
}

const sides = [["codex-ts", OUR_CLI]];
const ref = referenceCli();
if (ref) sides.push(["reference", ref]);

const quick = await startMock([answer("ok")]);
const stream = await startMock([streamed(10_000)]);
const slow = await startMock([{ ...answer("slow"), delayMs: 60_000 }]);
const results = Object.fromEntries(
  sides.map(([name]) => [name, { init: [], first: [], turn: [], exec: [], tput: [] }]),
);
try {
  for (let i = 0; i < RUNS; i++) {
    for (const [name, cli] of i % 2 ? [...sides].reverse() : sides) {
      const r = results[name];
      const l = await latencies(cli, quick);
      r.init.push(l.initMs);
      r.first.push(l.firstRequestMs);
      r.turn.push(l.turnMs);
      r.exec.push(await execWall(cli, quick));
      r.tput.push((await throughput(cli, stream)).perSec);
    }
  }
  const line = (label, key, unit) => {
    const cells = sides.map(
      ([name]) => `${name} ${stats(results[name][key]).median.toFixed(1)} ${unit}`,
    );
    const ratio =
      sides.length === 2
        ? `  (ratio ${(stats(results["codex-ts"][key]).median / stats(results.reference[key]).median).toFixed(2)})`
        : "";
    console.log(`${label.padEnd(34)} ${cells.join("   ")}${ratio}`);
  };
  console.log(`app-server, medians of ${RUNS} alternating runs`);
  line("spawn → initialize answered", "init", "ms");
  line("thread/start → first model request", "first", "ms");
  line("turn/start → turn/completed", "turn", "ms");
  line("codex exec (whole run, same answer)", "exec", "ms");
  line("agentMessage deltas (10k stream)", "tput", "/s");
  for (const [name, cli] of sides) {
    const m = await memory(cli, slow);
    console.log(
      `${name}: RSS ${m.base.toFixed(1)} MB initialized, ${m.idleMb.toFixed(1)} MB with 50 idle threads (${m.perIdleKb.toFixed(0)} KB each), ${m.activeMb.toFixed(1)} MB with 10 more active`,
    );
  }
} finally {
  quick.close();
  stream.close();
  slow.close();
}
