// TUI benchmarks in a real pseudo-terminal (node-pty + headless xterm), against the mock model:
//   time to first paint, keystroke-to-screen latency, CPU while streaming 10,000 tokens at
//   500 tokens/s, and memory after 2,000 transcript cells. With the reference Codex installed
//   (node bench/install-reference.mjs), the same runs are made against it where feasible.
// Usage: npm run build && node bench/tui.mjs [--quick] [--ours-only]
import { appendFileSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { spawn } from "@lydell/node-pty";
import xterm from "@xterm/headless";
import { OUR_CLI, makeRun, referenceCli, startMock } from "./lib.mjs";

const quick = process.argv.includes("--quick");
const oursOnly = process.argv.includes("--ours-only");
const TOKENS = quick ? 2000 : 10_000;
// Each turn adds a user and an agent cell; --cells N sets the total (bench/run.mjs: 5,000).
const cellsArg = process.argv.indexOf("--cells");
const CELL_TURNS =
  cellsArg > 0 ? Math.ceil(Number(process.argv[cellsArg + 1]) / 2) : quick ? 200 : 1000;
// --cells-only skips first paint, keystrokes and streaming (bench/run.mjs measures memory only).
const cellsOnly = process.argv.includes("--cells-only");
const KEYSTROKES = quick ? 20 : 60;

class Pty {
  constructor(argv, { cwd, env, cols = 100, rows = 30 }) {
    this.term = new xterm.Terminal({ cols, rows, scrollback: 100_000, allowProposedApi: true });
    this.waiters = new Set();
    this.t0 = performance.now();
    this.proc = spawn(argv[0], argv.slice(1), { cols, rows, cwd, env, name: "xterm-256color" });
    this.proc.onData((d) => {
      // Answer terminal queries the reference TUI makes (cursor position, colours, device attrs).
      if (d.includes("\x1b[6n"))
        this.proc.write(
          `\x1b[${this.term.buffer.active.cursorY + 1};${this.term.buffer.active.cursorX + 1}R`,
        );
      if (d.includes("\x1b]10;?")) this.proc.write("\x1b]10;rgb:ffff/ffff/ffff\x1b\\");
      if (d.includes("\x1b]11;?")) this.proc.write("\x1b]11;rgb:0000/0000/0000\x1b\\");
      if (d.includes("\x1b[c")) this.proc.write("\x1b[?62;22c");
      if (d.includes("\x1b[?u")) this.proc.write("\x1b[?0u");
      this.term.write(d, () => this.waiters.forEach((w) => w()));
    });
    this.exited = new Promise((r) => this.proc.onExit(r));
  }
  screen() {
    const b = this.term.buffer.active;
    const out = [];
    for (let i = 0; i < this.term.rows; i++)
      out.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? "");
    return out.join("\n");
  }
  waitFor(pred, what, timeoutMs = 60_000) {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pred()) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timeout waiting for ${what}\n${this.screen()}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
  waitText(t, ms) {
    return this.waitFor(() => this.screen().includes(t), JSON.stringify(t), ms);
  }
  /** The process and its descendants (the reference's launcher runs a native child). */
  tree() {
    const parents = new Map();
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const f = readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1].split(" ");
        parents.set(Number(d), Number(f[1]));
      } catch {
        // the process exited meanwhile
      }
    }
    const out = [this.proc.pid];
    for (let i = 0; i < out.length; i++)
      for (const [pid, ppid] of parents) if (ppid === out[i]) out.push(pid);
    return out;
  }
  /** CPU seconds (user+system) of the process tree. */
  cpu() {
    let s = 0;
    for (const pid of this.tree()) {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        s += (Number(f[11]) + Number(f[12])) / 100;
      } catch {
        // the process exited meanwhile
      }
    }
    return s;
  }
  rssMb() {
    let kb = 0;
    for (const pid of this.tree()) {
      try {
        const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (m) kb += Number(m[1]);
      } catch {
        // the process exited meanwhile
      }
    }
    return kb / 1024;
  }
  kill() {
    try {
      this.proc.kill();
    } catch {
      // the process exited meanwhile
    }
  }
}

/** The reference may still be flushing files right after it is killed. */
function cleanup(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch {
    // the process exited meanwhile
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

const created = { type: "response.created", response: { id: "r" } };
const completed = {
  type: "response.completed",
  response: { id: "r", usage: { input_tokens: 10, output_tokens: 10, total_tokens: 20 } },
};
const delta = (t) => ({
  type: "response.output_text.delta",
  delta: t,
  item_id: "m",
  output_index: 0,
  content_index: 0,
});
const messageDone = (text) => ({
  type: "response.output_item.done",
  output_index: 0,
  item: { type: "message", role: "assistant", id: "m", content: [{ type: "output_text", text }] },
});

function streamScript(n) {
  const parts = [];
  for (let i = 0; i < n - 1; i++)
    parts.push(i % 12 === 11 ? "word\n" : i % 50 === 49 ? "\n\n" : "word ");
  parts.push("\n\nEND-OF-STREAM");
  return [
    {
      sse: [
        { data: created },
        ...parts.map((p) => ({ data: delta(p) })),
        { data: messageDone(parts.join("")) },
        { data: completed },
      ],
      delayMs: 2,
    },
  ];
}

/** Per implementation: how to start it and what its idle composer looks like. */
function targets() {
  // CODEX_TS_CLI points at another build of ours (e.g. while dist/ is being rebuilt).
  const ours = process.env.CODEX_TS_CLI ? [process.execPath, process.env.CODEX_TS_CLI] : OUR_CLI;
  const list = [{ name: "codex-ts", argv: ours, ready: "Ask Codex to do anything" }];
  const ref = referenceCli();
  // The reference shows a model-upgrade notice first unless started on its newest model, and
  // without --no-daemon it leaves a background app-server running after every run.
  if (ref && !oursOnly)
    list.push({
      name: "reference",
      argv: [...ref, "--no-daemon", "-m", "gpt-6-sol"],
      ready: "Ask Codex to do anything",
    });
  return list;
}

function envFor(home) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    TERM: "xterm-256color",
    CODEX_HOME: home,
    MOCK_API_KEY: "sk-bench",
  };
}

/** Start the TUI and wait until its composer is idle; returns ms to first paint of the composer. */
async function startAndWait(t, run) {
  const pty = new Pty(t.argv, { cwd: run.work, env: envFor(run.home) });
  await pty.waitText(t.ready);
  return { pty, firstPaintMs: performance.now() - pty.t0 };
}

/** A run whose workspace is already trusted, so both TUIs open straight to the composer. */
function trustedRun(url, extra = "") {
  const run = makeRun(url, extra);
  appendFileSync(
    `${run.home}/config.toml`,
    `\n[projects."${run.work}"]\ntrust_level = "trusted"\n`,
  );
  return run;
}

async function benchOne(t) {
  const res = { name: t.name };
  // 1. first paint + keystroke latency
  if (!cellsOnly) {
    const mock = await startMock([{ text: "ok" }]);
    const run = trustedRun(mock.url);
    const paints = [];
    for (let i = 0; i < 3; i++) {
      const { pty, firstPaintMs } = await startAndWait(t, run);
      paints.push(firstPaintMs);
      if (i < 2) {
        pty.kill();
        await pty.exited;
        continue;
      }
      const lat = [];
      const letters = "abcdefghijklmnopqrstuvwxyz";
      let typed = "";
      for (let k = 0; k < KEYSTROKES; k++) {
        const ch = letters[k % 26];
        typed += ch;
        const want = typed.slice(-20);
        const t0 = performance.now();
        pty.proc.write(ch);
        await pty.waitFor(() => pty.screen().includes(want), `keystroke ${k}`);
        lat.push(performance.now() - t0);
        if (typed.length >= 40) {
          pty.proc.write("\x15"); // ctrl-u clears the line
          await pty.waitFor(() => !pty.screen().includes(want), "clear");
          typed = "";
        }
      }
      res.keyMedianMs = median(lat);
      res.keyP95Ms = p95(lat);
      pty.kill();
      await pty.exited;
    }
    res.firstPaintMs = median(paints);
    mock.close();
    cleanup(run.root);
  }
  // 2. CPU while streaming TOKENS tokens at ~500 tokens/s
  if (!cellsOnly) {
    const mock = await startMock(streamScript(TOKENS));
    const run = trustedRun(mock.url);
    const { pty } = await startAndWait(t, run);
    pty.proc.write("stream please");
    await pty.waitText("stream please");
    const cpu0 = pty.cpu();
    const t0 = performance.now();
    pty.proc.write("\r");
    await pty.waitFor(() => mock.requests.length >= 1, "request");
    // Done when the status line is gone and the last words are on screen.
    await pty.waitFor(
      () => !/esc to interrupt/i.test(pty.screen()) && pty.screen().includes("END-OF-STREAM"),
      "stream end",
      120_000,
    );
    const wall = (performance.now() - t0) / 1000;
    res.streamWallS = wall;
    res.streamCpuS = pty.cpu() - cpu0;
    res.streamCpuPct = (res.streamCpuS / wall) * 100;
    res.streamRssMb = pty.rssMb();
    pty.kill();
    await pty.exited;
    mock.close();
    cleanup(run.root);
  }
  // 3. memory after 2,000 cells (CELL_TURNS turns × user + agent)
  {
    const mock = await startMock([{ text: "short answer" }]);
    const run = trustedRun(mock.url);
    const { pty } = await startAndWait(t, run);
    const t0 = performance.now();
    for (let i = 0; i < CELL_TURNS; i++) {
      const before = mock.requests.length;
      pty.proc.write(`q${i}`);
      await pty.waitText(`q${i}`);
      pty.proc.write("\r");
      await pty.waitFor(
        () => mock.requests.length > before && !/esc to interrupt|Working/i.test(pty.screen()),
        `turn ${i}`,
      );
    }
    res.cells = CELL_TURNS * 2;
    res.cellsWallS = (performance.now() - t0) / 1000;
    res.cellsRssMb = pty.rssMb();
    // Idle a moment (as a user reads), then again: what the session keeps, not its garbage.
    await new Promise((r) => setTimeout(r, 4000));
    res.cellsIdleRssMb = pty.rssMb();
    pty.kill();
    await pty.exited;
    mock.close();
    cleanup(run.root);
  }
  return res;
}

const results = [];
for (const t of targets()) {
  try {
    results.push(await benchOne(t));
  } catch (e) {
    results.push({ name: t.name, error: String(e.message).split("\n").slice(0, 12).join("\n") });
  }
}
const fmt = (v, d = 1) => (typeof v === "number" ? v.toFixed(d) : "—");
console.log(
  `\nTUI benchmark (${TOKENS} tokens streamed, ${CELL_TURNS * 2} cells, ${KEYSTROKES} keystrokes)\n`,
);
console.log("| metric | " + results.map((r) => r.name).join(" | ") + " |");
console.log("| --- | " + results.map(() => "---").join(" | ") + " |");
const row = (label, key, d) =>
  console.log(`| ${label} | ${results.map((r) => fmt(r[key], d)).join(" | ")} |`);
row("time to first paint (ms, median of 3)", "firstPaintMs", 0);
row("keystroke → screen, median (ms)", "keyMedianMs", 1);
row("keystroke → screen, p95 (ms)", "keyP95Ms", 1);
row("streaming wall time (s)", "streamWallS", 1);
row("CPU while streaming (% of one core)", "streamCpuPct", 1);
row("RSS after streaming (MB)", "streamRssMb", 0);
row(`RSS after ${CELL_TURNS * 2} cells (MB)`, "cellsRssMb", 0);
row(`RSS after ${CELL_TURNS * 2} cells, 4 s idle (MB)`, "cellsIdleRssMb", 0);
if (process.env.BENCH_JSON) console.log(`BENCH_JSON ${JSON.stringify(results)}`);
for (const r of results) if (r.error) console.log(`\n${r.name} failed: ${r.error}`);
