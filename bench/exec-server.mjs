// exec-server benchmarks: per-command overhead over loopback vs a local spawn, output
// throughput, 100 concurrent processes (latency and server RSS), and reconnect time after a
// server restart. The server half runs side by side with the reference Codex exec-server when
// it is installed (node bench/install-reference.mjs). Medians over alternating runs.
// Usage: node bench/exec-server.mjs [--runs N]
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { tmpdir } from "node:os";
import { WebSocket } from "ws";
import { OUR_CLI, referenceCli } from "./lib.mjs";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const CWD = pathToFileURL(tmpdir()).href;
const ENV = { PATH: process.env.PATH };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Starts a server on stdio or ws; returns a small JSON-RPC client bound to it. */
async function startServer(cli, mode, port = 0) {
  const args = mode === "stdio" ? ["--listen", "stdio"] : ["--listen", `ws://127.0.0.1:${port}`];
  // Its own process group: the reference's npm launcher starts the native server as a child,
  // which must die with it.
  const child = spawn(cli[0], [...cli.slice(1), "exec-server", ...args], {
    detached: true,
    stdio: ["pipe", "pipe", "ignore"],
    env: { ...process.env, RUST_LOG: "off" },
  });
  let send;
  const listeners = new Set();
  const pending = new Map();
  const onMessage = (text) => {
    const msg = JSON.parse(text);
    if (msg.method) for (const l of listeners) l(msg);
    else pending.get(msg.id)?.(msg);
  };
  let ws = null;
  if (mode === "stdio") {
    createInterface({ input: child.stdout }).on("line", onMessage);
    send = (o) => child.stdin.write(JSON.stringify(o) + "\n");
  } else {
    const url = await new Promise((resolve) => {
      createInterface({ input: child.stdout }).once("line", (l) => resolve(l.trim()));
    });
    ws = new WebSocket(url);
    await new Promise((r) => ws.once("open", r));
    ws.on("message", (d) => onMessage(d.toString()));
    send = (o) => ws.send(JSON.stringify(o));
  }
  let id = 0;
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const my = ++id;
      pending.set(my, (m) => (m.error ? reject(new Error(m.error.message)) : resolve(m.result)));
      send({ id: my, method, params });
    });
  await request("initialize", { clientName: "bench" });
  send({ method: "initialized", params: {} });
  return {
    child,
    request,
    listeners,
    close: () => {
      ws?.terminate();
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    },
  };
}

/** Starts argv and resolves when the server reports it closed, with the stdout bytes seen. */
function runRemote(server, processId, argv) {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const l = (m) => {
      if (m.params?.processId !== processId) return;
      if (m.method === "process/output") bytes += Buffer.byteLength(m.params.chunk, "base64");
      if (m.method === "process/closed") {
        server.listeners.delete(l);
        resolve(bytes);
      }
    };
    server.listeners.add(l);
    server
      .request("process/start", {
        processId,
        argv,
        cwd: CWD,
        env: ENV,
        tty: false,
        pipeStdin: false,
        arg0: null,
      })
      .catch(reject);
  });
}

function runLocal(argv) {
  return new Promise((resolve) => {
    const c = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    c.stdout.resume();
    c.on("close", resolve);
  });
}

/** RSS (KiB) of a process and its descendants, from /proc. */
function treeRssKb(rootPid) {
  const children = new Map();
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${e}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(e));
    } catch {
      // Gone while we looked.
    }
  }
  let total = 0;
  const walk = (pid, depth) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      // Commands the server started are not the server's memory: stop at them.
      const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      if (depth > 0 && comm === "sleep") return;
      total += m ? Number(m[1]) : 0;
    } catch {
      return;
    }
    for (const c of children.get(pid) ?? []) walk(c, depth + 1);
  };
  walk(rootPid, 0);
  return total;
}

async function perCommand(cli, mode, n = 100) {
  const s = await startServer(cli, mode);
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await runRemote(s, `c${i}`, ["true"]);
    times.push(performance.now() - t);
  }
  s.close();
  return median(times);
}

async function localCommand(n = 100) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await runLocal(["true"]);
    times.push(performance.now() - t);
  }
  return median(times);
}

async function throughput(cli, mode) {
  const s = await startServer(cli, mode);
  const size = 256 * 1024 * 1024;
  const t = performance.now();
  const bytes = await runRemote(s, "big", ["head", "-c", String(size), "/dev/zero"]);
  const secs = (performance.now() - t) / 1000;
  s.close();
  return bytes / secs / 1e6;
}

async function concurrent(cli, mode) {
  const s = await startServer(cli, mode);
  const base = treeRssKb(s.child.pid);
  const t = performance.now();
  await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      s.request("process/start", {
        processId: `s${i}`,
        argv: ["sleep", "5"],
        cwd: CWD,
        env: ENV,
        tty: false,
        pipeStdin: false,
        arg0: null,
      }),
    ),
  );
  const startMs = performance.now() - t;
  const rss = treeRssKb(s.child.pid);
  await Promise.all(
    Array.from({ length: 100 }, (_, i) => s.request("process/terminate", { processId: `s${i}` })),
  );
  s.close();
  return { startMs, rssMb: rss / 1024, addedMb: (rss - base) / 1024 };
}

async function reconnect(cli) {
  const first = await startServer(cli, "ws", 0);
  first.close();
  // A fresh port each time keeps TIME_WAIT out of the figure; the restart is what is timed.
  const t = performance.now();
  const again = await startServer(cli, "ws", 0);
  await runRemote(again, "after", ["true"]);
  const ms = performance.now() - t;
  again.close();
  return ms;
}

const ref = referenceCli();
const sides = [["codex-ts", OUR_CLI]];
if (ref) sides.push(["reference", ref]);
const results = {};
for (let r = 0; r < RUNS; r++) {
  for (const [name, cli] of r % 2 === 0 ? sides : [...sides].reverse()) {
    const row = (results[name] ??= {
      local: [],
      stdio: [],
      ws: [],
      tput: [],
      conc: [],
      concRss: [],
      reconnect: [],
    });
    row.local.push(await localCommand());
    row.stdio.push(await perCommand(cli, "stdio"));
    row.ws.push(await perCommand(cli, "ws"));
    row.tput.push(await throughput(cli, "ws"));
    const c = await concurrent(cli, "ws");
    row.conc.push(c.startMs);
    row.concRss.push(c.rssMb);
    row.reconnect.push(await reconnect(cli));
  }
}

const fmt = (x, unit) => `${x.toFixed(unit === "MB/s" ? 0 : 1)} ${unit}`;
const line = (label, key, unit, transform = (x) => x) => {
  const ours = transform(median(results["codex-ts"][key]), "codex-ts");
  const theirs = results.reference ? transform(median(results.reference[key]), "reference") : null;
  const ratio = theirs ? ` | ${(ours / theirs).toFixed(2)}` : "";
  console.log(
    `| ${label} | ${fmt(ours, unit)} | ${theirs === null ? "—" : fmt(theirs, unit)}${ratio} |`,
  );
};
console.log(`exec-server, medians of ${RUNS} alternating runs (100 commands each for latency)`);
console.log("| figure | codex-ts | reference | ratio |\n| --- | --- | --- | --- |");
const over = () => (x, side) => x - median(results[side].local);
line("spawn `true` locally", "local", "ms");
line("command over stdio, added over local", "stdio", "ms", over());
line("command over ws loopback, added over local", "ws", "ms", over());
line("output throughput over ws", "tput", "MB/s");
line("100 concurrent processes started", "conc", "ms");
line("server RSS with 100 processes", "concRss", "MB");
line("restart → first command done", "reconnect", "ms");
// Servers are killed above; readline handles on their pipes must not keep the bench alive.
process.exit(0);
