// In-process cost of the instrumentation: the same synthetic turns (one HTTP attempt, 43 SSE
// events, a 40-delta answer, one tool call, the turn's events) through the real hooks and the
// real OpenTelemetry session exporting to a local collector, against the same turns with
// telemetry off. CPU time per turn, free of the process start-up and scheduling noise that
// dominates bench/otel.mjs. Usage: node --expose-gc bench/otel-overhead.mjs [--turns N]
import http from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { ROOT } from "./lib.mjs";

const turns = Number(process.argv[process.argv.indexOf("--turns") + 1]) || 2000;

const ENTRY = `
import { loadConfig } from "./src/config/index.js";
import { createSessionTelemetry } from "./src/telemetry/index.js";
import { inTurnScope, observeSse, recordApiRequest, traceHandler, traceModelStream } from "./src/telemetry/hooks.js";
export { loadConfig, createSessionTelemetry };

const handler = { name: "exec_command", parallelSafe: false, spec: () => ({}), isMutating: () => false,
  handle: async () => ({ content: "Process exited with code 0\\nOutput:\\nhello\\n", success: true }) };
const call = { name: "exec_command", callId: "call_1", payload: { kind: "function", arguments: '{"cmd":"echo hello"}' } };
const message = { type: "message", role: "assistant", content: [{ type: "output_text", text: "done" }] };
const usage = { input_tokens: 100, cached_input_tokens: 10, output_tokens: 40, reasoning_output_tokens: 0, total_tokens: 140 };

async function* raw() { for (let k = 0; k < 43; k++) yield { type: "response.output_text.delta" }; }
async function* events() {
  yield { type: "created" };
  for (let k = 0; k < 40; k++) yield { type: "output_text_delta", delta: "word " };
  yield { type: "output_item_done", item: message };
  yield { type: "completed", responseId: "r", usage };
}

export async function turn(tel, i) {
  const sub = "t" + i;
  tel?.onEvent(sub, { type: "task_started", model_context_window: null });
  await inTurnScope(tel, sub, async () => {
    recordApiRequest(1, performance.now(), 200);
    for await (const _ of observeSse(raw())) void _;
    for await (const _ of traceModelStream("gpt-5.5", "gpt-5.5", events())) void _;
    await traceHandler(handler).handle({}, call, new AbortController().signal);
  });
  tel?.onEvent(sub, { type: "agent_message", message: "done" });
  tel?.onEvent(sub, { type: "task_complete", last_agent_message: null });
}
`;

const dir = mkdtempSync(path.join(tmpdir(), "codex-otel-overhead-"));
const out = path.join(dir, "entry.mjs");
await build({
  stdin: { contents: ENTRY, resolveDir: ROOT, loader: "ts", sourcefile: "entry.ts" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: out,
  logLevel: "error",
  define: { __CODEX_TS_VERSION__: '"bench"' },
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});
const m = await import(out);

let received = 0;
const collector = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    received++;
    res.writeHead(200).end();
  });
});
await new Promise((r) => collector.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${collector.address().port}`;
const home = path.join(dir, "home");
await import("node:fs").then((fs) => fs.mkdirSync(home));
writeFileSync(
  path.join(home, "config.toml"),
  `[otel]\nexporter = { otlp-http = { endpoint = "${url}/v1/logs" } }\ntrace_exporter = { otlp-http = { endpoint = "${url}/v1/traces" } }\nmetrics_exporter = { otlp-http = { endpoint = "${url}/v1/metrics" } }\n`,
);
const { config } = await m.loadConfig({ cli: { cwd: home }, env: { CODEX_HOME: home } });
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
const tel = m.createSessionTelemetry(config, { originator: "bench", warn: console.error });
tel.onEvent("", {
  type: "session_configured",
  session_id: "00000000-0000-0000-0000-000000000000",
  model: "gpt-5.5",
  model_provider_id: "openai",
  approval_policy: "never",
  sandbox_policy: { type: "read-only" },
  cwd: home,
  reasoning_effort: null,
  history_log_id: 0,
  history_entry_count: 0,
  rollout_path: null,
});
await tel.flush(); // loads the SDK
globalThis.gc?.();
const rssLoaded = process.memoryUsage().rss;
const heapLoaded = process.memoryUsage().heapUsed;

async function timeTurns(t, n) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await m.turn(t, i);
  const cpu = process.cpuUsage(cpu0);
  return { wallUs: ((performance.now() - t0) * 1000) / n, cpuUs: (cpu.user + cpu.system) / n };
}

// Warm up both paths, then alternate blocks.
await timeTurns(undefined, 200);
await timeTurns(tel, 200);
const off = [];
const on = [];
for (let b = 0; b < 5; b++) {
  off.push(await timeTurns(undefined, turns / 5));
  on.push(await timeTurns(tel, turns / 5));
  await tel.flush();
}
const med = (xs, k) => xs.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuOff = med(off, "cpuUs");
const cpuOn = med(on, "cpuUs");
console.log(
  `synthetic turns (1 request, 43 SSE events, 40 deltas, 1 tool call), ${turns} per variant`,
);
console.log(`  telemetry off : ${cpuOff.toFixed(0)} µs CPU per turn`);
console.log(
  `  exporting     : ${cpuOn.toFixed(0)} µs CPU per turn (incl. batching and OTLP export)`,
);
console.log(`  added         : ${(cpuOn - cpuOff).toFixed(0)} µs per turn`);
globalThis.gc?.();
const rssAfter = process.memoryUsage().rss;
console.log(
  `  SDK loaded    : +${((rssLoaded - rssBefore) / 1048576).toFixed(1)} MB RSS; heap after all turns +${((process.memoryUsage().heapUsed - heapLoaded) / 1048576).toFixed(1)} MB`,
);
console.log(
  `  RSS           : +${((rssAfter - rssBefore) / 1048576).toFixed(1)} MB after loading the SDK and ${turns * 1.2} exported turns`,
);
console.log(`  (collector received ${received} export requests)`);
collector.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
