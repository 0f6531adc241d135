// `codex --version`, `codex exec` plain answer and one tool call, against the mock model server;
// side by side with the reference Codex CLI when it is installed (bench/install-reference.mjs).
// Usage: node bench/exec.mjs [--runs N]
import { rmSync } from "node:fs";
import { OUR_CLI, referenceCli, startMock, makeRun, timedRun, stats, fmt } from "./lib.mjs";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 10;

const answer = (id, text) => ({
  sse: [
    { data: { type: "response.created", response: { id } } },
    {
      data: {
        type: "response.output_item.done",
        item: {
          type: "message",
          role: "assistant",
          id: `msg_${id}`,
          content: [{ type: "output_text", text }],
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

async function measure(label, cli, scenario) {
  const rows = { wall: [], rss: [], firstReq: [], toolGap: [] };
  const withTool = scenario.startsWith("tool");
  // "tool (warm)" keeps one CODEX_HOME across runs, as a user does: caches (the login-shell
  // snapshot) are then warm. The other scenarios start from an empty CODEX_HOME every run.
  const warm = scenario === "tool (warm)";
  const script = withTool
    ? [toolCall("t1"), answer("t2", "done")]
    : [answer("a1", "Hello from the mock. 2 + 2 = 4.")];
  const mock = await startMock(script);
  let shared = null;
  try {
    for (let i = 0; i <= runs; i++) {
      const fresh = makeRun(mock.url, withTool ? 'sandbox_mode = "workspace-write"' : "");
      if (warm && !shared) shared = fresh;
      const run = warm ? { ...fresh, home: shared.home } : fresh;
      const before = mock.requests.length;
      const args =
        scenario === "version"
          ? ["--version"]
          : ["exec", "--json", "--skip-git-repo-check", "Say hello"];
      const r = await timedRun([...cli, ...args], {
        cwd: run.work,
        env: { CODEX_HOME: run.home, MOCK_API_KEY: "sk-bench" },
      });
      if (fresh !== shared) rmSync(fresh.root, { recursive: true, force: true });
      if (r.code !== 0)
        throw new Error(`${label} ${scenario} exited ${r.code}: ${r.stderr.slice(-500)}`);
      if (i === 0) continue; // warm-up
      rows.wall.push(r.wallMs);
      rows.rss.push(r.rssMb);
      const reqs = mock.requests.slice(before);
      if (reqs[0]) rows.firstReq.push(reqs[0].tMs - r.startEpoch);
      if (reqs[1]) rows.toolGap.push(reqs[1].tMs - reqs[0].tMs);
    }
  } finally {
    mock.close();
    if (shared) rmSync(shared.root, { recursive: true, force: true });
  }
  return {
    wall: stats(rows.wall),
    rss: stats(rows.rss),
    firstReq: stats(rows.firstReq),
    toolGap: stats(rows.toolGap),
  };
}

const ref = referenceCli();
const scenarios = ["version", "plain", "tool", "tool (warm)"];
console.log(`runs per figure: ${runs} (after 1 warm-up); medians (min–max)`);
for (const scenario of scenarios) {
  const ours = await measure("codex-ts", OUR_CLI, scenario);
  const theirs = ref ? await measure("reference", ref, scenario) : null;
  console.log(`\n== ${scenario} ==`);
  const line = (name, key, unit) => {
    if (!Number.isFinite(ours[key].median)) return;
    let s = `${name.padEnd(26)} codex-ts ${fmt(ours[key], unit)}`;
    if (theirs && Number.isFinite(theirs[key].median)) {
      s += ` | reference ${fmt(theirs[key], unit)} | ratio ${(ours[key].median / theirs[key].median).toFixed(2)}`;
    }
    console.log(s);
  };
  line("wall", "wall", "ms");
  line("peak RSS", "rss", "MB");
  if (scenario !== "version") line("first request after spawn", "firstReq", "ms");
  if (scenario.startsWith("tool")) line("tool call → next request", "toolGap", "ms");
}
if (!ref)
  console.log(
    "\n(reference Codex CLI not installed: run `node bench/install-reference.mjs` to compare)",
  );
