// OpenTelemetry cost: `codex exec` with one tool call, with `[otel]` absent, present but exporting
// nothing, and exporting logs, traces and metrics (OTLP/HTTP protobuf) to a local collector that
// accepts everything. Runs alternate between the variants; prints medians of wall time, time to
// the first model request (start-up) and peak RSS, and each variant's ratio to "absent".
// Usage: npm run build && node bench/otel.mjs [--runs N]
import http from "node:http";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { OUR_CLI, startMock, makeRun, timedRun, stats, fmt } from "./lib.mjs";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 15;

const toolCall = (id) => ({
  sse: [
    { data: { type: "response.created", response: { id } } },
    {
      data: {
        type: "response.output_item.done",
        item: {
          type: "function_call",
          id: `fc_${id}`,
          name: "exec_command",
          call_id: `call_${id}`,
          arguments: JSON.stringify({ cmd: "true" }),
        },
      },
    },
    { data: { type: "response.completed", response: { id } } },
  ],
});
const answer = (id) => ({
  sse: [
    { data: { type: "response.created", response: { id } } },
    ...Array.from({ length: 40 }, (_, i) => ({
      data: { type: "response.output_text.delta", delta: `word${i} ` },
    })),
    {
      data: {
        type: "response.output_item.done",
        item: {
          type: "message",
          role: "assistant",
          id: `msg_${id}`,
          content: [{ type: "output_text", text: "done" }],
        },
      },
    },
    {
      data: {
        type: "response.completed",
        response: { id, usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } },
      },
    },
  ],
});

// A collector that takes everything and answers at once.
let exportRequests = 0;
const collector = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    exportRequests++;
    res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
  });
});
await new Promise((r) => collector.listen(0, "127.0.0.1", r));
const otlp = `http://127.0.0.1:${collector.address().port}`;
const exporter = (signal) =>
  `{ otlp-http = { endpoint = "${otlp}/v1/${signal}", protocol = "binary" } }`;

const variants = {
  absent: "",
  "exporter none": '\n[otel]\nexporter = "none"\n',
  "exporting (logs+traces+metrics)": `\n[otel]\nexporter = ${exporter("logs")}\ntrace_exporter = ${exporter("traces")}\nmetrics_exporter = ${exporter("metrics")}\n`,
};

// Six tool-call rounds, then the answer: the turn is measured from the second model request to
// the last one, after start-up and first-use warm-ups (shell snapshot, bash parser) are done.
const ROUNDS = 6;
const mock = await startMock([
  ...Array.from({ length: ROUNDS }, (_, i) => toolCall(`t${i}`)),
  answer("done"),
]);
const run = makeRun(mock.url, 'sandbox_mode = "danger-full-access"');
const rows = Object.fromEntries(
  Object.keys(variants).map((k) => [k, { wall: [], rss: [], first: [], turn: [] }]),
);
const base = `model = "gpt-5.5"\nmodel_provider = "mock"\nsandbox_mode = "danger-full-access"\n[model_providers.mock]\nname = "Mock"\nbase_url = "${mock.url}"\nwire_api = "responses"\nenv_key = "MOCK_API_KEY"\n`;

for (let i = 0; i < runs + 1; i++) {
  // Alternate the order so drift (other load on the machine) hits every variant alike.
  const order = Object.keys(variants);
  if (i % 2) order.reverse();
  for (const name of order) {
    writeFileSync(path.join(run.home, "config.toml"), base + variants[name]);
    const before = mock.requests.length;
    const r = await timedRun([...OUR_CLI, "exec", "--skip-git-repo-check", "run true"], {
      cwd: run.work,
      env: { CODEX_HOME: run.home, MOCK_API_KEY: "sk-bench" },
    });
    if (r.code !== 0) throw new Error(`${name}: exit ${r.code}\n${r.stderr}`);
    if (i === 0) continue; // warm-up (file caches, shell snapshot)
    const firstReq = mock.requests[before];
    const secondReq = mock.requests[before + 1];
    const lastReq = mock.requests[before + ROUNDS];
    rows[name].wall.push(r.wallMs);
    rows[name].rss.push(r.rssMb);
    if (firstReq?.tMs) {
      rows[name].first.push(firstReq.tMs - r.startEpoch);
      rows[name].turn.push(lastReq.tMs - secondReq.tMs);
    }
  }
}

const absent = Object.fromEntries(
  Object.entries(rows.absent).map(([k, v]) => [k, stats(v).median]),
);
console.log(
  `codex exec, 6 tool calls + a 40-delta answer; turn = 2nd to last model request; ${runs} runs per variant (medians)\n`,
);
for (const [name, r] of Object.entries(rows)) {
  const wall = stats(r.wall);
  const rss = stats(r.rss);
  const first = stats(r.first);
  const turn = stats(r.turn);
  console.log(name);
  console.log(`  wall          ${fmt(wall, "ms")}  ×${(wall.median / absent.wall).toFixed(3)}`);
  console.log(`  first request ${fmt(first, "ms")}  ×${(first.median / absent.first).toFixed(3)}`);
  console.log(`  turn          ${fmt(turn, "ms")}  ×${(turn.median / absent.turn).toFixed(3)}`);
  console.log(
    `  peak RSS      ${fmt(rss, "MB")}  ${(rss.median - absent.rss).toFixed(1)} MB over absent`,
  );
}
console.log(`\n(collector received ${exportRequests} export requests)`);

mock.close();
collector.close();
rmSync(run.root, { recursive: true, force: true });
