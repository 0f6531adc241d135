// The issue-15 figures for a plain `codex exec --json` answer, ours and the reference side by
// side, alternating run by run (node -e 0, codex-ts, reference, node -e 0, …) so load on a shared
// machine hits every side alike:
//   spawn → first model request, that minus `node -e 0`, first request → process exit,
//   whole wall time, peak RSS.
// Usage: node bench/exec-figures.mjs [--runs N]   (npm run bench runs it as part of bench/run.mjs)
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { OUR_CLI, makeRun, referenceCli, startMock, stats, timedRun } from "./lib.mjs";

const answer = {
  sse: [
    { data: { type: "response.created", response: { id: "r1" } } },
    {
      data: {
        type: "response.output_item.done",
        item: {
          type: "message",
          role: "assistant",
          id: "msg_r1",
          content: [{ type: "output_text", text: "Hello from the mock. 2 + 2 = 4." }],
        },
      },
    },
    {
      data: {
        type: "response.completed",
        response: { id: "r1", usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } },
      },
    },
  ],
};

async function oneRun(cli, mock) {
  const run = makeRun(mock.url);
  try {
    const before = mock.requests.length;
    const r = await timedRun([...cli, "exec", "--json", "--skip-git-repo-check", "Say hello"], {
      cwd: run.work,
      env: { CODEX_HOME: run.home, MOCK_API_KEY: "sk-bench" },
    });
    if (r.code !== 0) throw new Error(`exited ${r.code}: ${r.stderr.slice(-500)}`);
    const req = mock.requests[before];
    if (!req) throw new Error("no model request arrived");
    return {
      wall: r.wallMs,
      rss: r.rssMb,
      firstReq: req.tMs - r.startEpoch,
      reqToExit: r.endEpoch - req.tMs,
    };
  } finally {
    rmSync(run.root, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * Medians (min–max) of `runs` alternating runs after one warm-up round, for each side:
 * codex-ts, the reference when installed, and any `extra` sides ({ name, cli }), e.g. an
 * earlier build to compare against (bench/run.mjs: $BENCH_BEFORE_CLI).
 */
export async function measureExecFigures({ runs = 7, extra = [], log = () => {} } = {}) {
  const ref = referenceCli();
  const sides = [{ name: "codex-ts", cli: OUR_CLI }, ...extra];
  if (ref) sides.push({ name: "reference", cli: ref });
  const mock = await startMock([answer]);
  const node = [];
  const rows = new Map(sides.map((s) => [s.name, []]));
  try {
    for (let i = 0; i <= runs; i++) {
      const n = await timedRun([process.execPath, "-e", "0"], { cwd: process.cwd(), env: {} });
      const round = [];
      for (const side of sides) round.push([side.name, await oneRun(side.cli, mock)]);
      if (i === 0) continue; // warm-up: page cache, the mock's first connection
      node.push(n.wallMs);
      for (const [name, r] of round) rows.get(name).push(r);
      log(`  exec figures: run ${i}/${runs}`);
    }
  } finally {
    mock.close();
  }
  const side = (list) =>
    Object.fromEntries(
      ["wall", "rss", "firstReq", "reqToExit"].map((k) => [k, stats(list.map((r) => r[k]))]),
    );
  return {
    runs,
    nodeWall: stats(node),
    sides: Object.fromEntries([...rows].map(([name, list]) => [name, side(list)])),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--runs");
  const figures = await measureExecFigures({
    runs: i > 0 ? Number(process.argv[i + 1]) : 7,
    log: (m) => process.stderr.write(`${m}\n`),
  });
  console.log(JSON.stringify(figures, null, 2));
}
