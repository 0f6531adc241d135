// Session storage benchmark: listing 10,000 sessions and resuming a 10,000-item rollout.
// Run: node bench/sessions.mjs   (bundles src/rollout with esbuild into a temp dir first)
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(path.join(tmpdir(), "codex-ts-bench-sessions-"));
const SESSIONS = 10_000;
const ITEMS = 10_000;

function pad(n) {
  return String(n).padStart(2, "0");
}

async function median(runs, fn) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], first: times[0], result };
}

try {
  const bundle = path.join(work, "rollout.mjs");
  await build({
    entryPoints: [path.join(repo, "src/rollout/index.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "error",
  });
  const rollout = await import(pathToFileURL(bundle).href);

  // 10,000 sessions over ~400 days, 10 working directories, Codex-sized meta lines.
  const home = path.join(work, "home");
  const instructions = "You are a coding agent. ".repeat(400); // ~9.6 KB, like a base prompt
  let t0 = performance.now();
  const start = new Date(2024, 0, 1, 9, 0, 0).getTime();
  for (let i = 0; i < SESSIONS; i++) {
    const when = new Date(start + i * 57 * 60 * 1000);
    const id = `0000${String(i).padStart(4, "0")}-0000-4000-8000-000000000000`;
    const dir = path.join(
      home,
      "sessions",
      String(when.getFullYear()),
      pad(when.getMonth() + 1),
      pad(when.getDate()),
    );
    mkdirSync(dir, { recursive: true });
    const cwd = `/projects/p${i % 10}`;
    const ts = when.toISOString();
    const lines = [
      {
        timestamp: ts,
        type: "session_meta",
        payload: {
          id,
          timestamp: ts,
          cwd,
          originator: "codex_exec",
          cli_version: "0.1.0",
          source: "exec",
          model_provider: "openai",
          base_instructions: { text: instructions },
        },
      },
      {
        timestamp: ts,
        type: "response_item",
        payload: {
          type: "message",
          role: "developer",
          content: [{ type: "input_text", text: "sandbox rules ".repeat(100) }],
        },
      },
      {
        timestamp: ts,
        type: "response_item",
        payload: {
          type: "message",
          role: "user",
          content: [
            {
              type: "input_text",
              text: `<environment_context>\n  <cwd>${cwd}</cwd>\n</environment_context>`,
            },
          ],
        },
      },
      {
        timestamp: ts,
        type: "turn_context",
        payload: {
          cwd,
          approval_policy: "never",
          sandbox_policy: { type: "read-only" },
          model: "gpt-5",
          summary: "auto",
        },
      },
      {
        timestamp: ts,
        type: "response_item",
        payload: {
          type: "message",
          role: "user",
          content: [{ type: "input_text", text: `Task number ${i}: fix the bug` }],
        },
      },
      {
        timestamp: ts,
        type: "event_msg",
        payload: { type: "user_message", message: `Task number ${i}: fix the bug` },
      },
      {
        timestamp: ts,
        type: "response_item",
        payload: {
          type: "message",
          role: "assistant",
          content: [{ type: "output_text", text: "Done. ".repeat(50) }],
        },
      },
    ];
    const name = `rollout-${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}T${pad(when.getHours())}-${pad(when.getMinutes())}-${pad(when.getSeconds())}-${id}.jsonl`;
    writeFileSync(path.join(dir, name), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  }
  console.log(`created ${SESSIONS} session files in ${(performance.now() - t0).toFixed(0)} ms`);

  const page = await median(7, () => rollout.listSessions({ codexHome: home, limit: 25 }));
  const filtered = await median(7, () =>
    rollout.listSessions({ codexHome: home, limit: 25, cwd: "/projects/p3" }),
  );
  const paged = await median(7, async () => {
    const first = await rollout.listSessions({ codexHome: home, limit: 25 });
    return rollout.listSessions({ codexHome: home, limit: 25, cursor: first.nextCursor });
  });
  const latest = await median(7, () => rollout.findLatestSession(home, { cwd: "/projects/p7" }));
  const byId = await median(7, () =>
    rollout.findSessionById(home, "00000042-0000-4000-8000-000000000000"),
  );
  const noMatch = await median(3, () =>
    rollout.listSessions({ codexHome: home, limit: 25, cwd: "/nowhere" }),
  );
  if (page.result.sessions.length !== 25 || filtered.result.sessions.length !== 25)
    throw new Error("wrong page size");
  if (!byId.result) throw new Error("findSessionById missed");

  // One 10,000-item rollout written by the recorder.
  const rec = rollout.RolloutRecorder.create({
    codexHome: home,
    conversationId: "big-session",
    meta: {
      id: "big-session",
      timestamp: new Date().toISOString(),
      cwd: "/projects/big",
      originator: "bench",
      cli_version: "0",
      source: "exec",
    },
  });
  t0 = performance.now();
  for (let i = 0; i < ITEMS; i++) {
    const k = i % 5;
    const item =
      k === 0
        ? {
            type: "response_item",
            payload: {
              type: "message",
              role: "user",
              content: [{ type: "input_text", text: `step ${i}` }],
            },
          }
        : k === 1
          ? {
              type: "response_item",
              payload: {
                type: "function_call",
                name: "shell",
                arguments: JSON.stringify({ command: ["ls", "-la"] }),
                call_id: `c${i}`,
              },
            }
          : k === 2
            ? {
                type: "response_item",
                payload: {
                  type: "function_call_output",
                  call_id: `c${i - 1}`,
                  output: "file.txt\n".repeat(200),
                },
              }
            : k === 3
              ? {
                  type: "response_item",
                  payload: {
                    type: "message",
                    role: "assistant",
                    content: [{ type: "output_text", text: "Looked at it. ".repeat(20) }],
                  },
                }
              : i % 1000 === 4
                ? { type: "compacted", payload: { message: `summary at ${i}` } }
                : {
                    type: "event_msg",
                    payload: { type: "agent_message", message: "Looked at it." },
                  };
    rec.record([item]);
  }
  await rec.shutdown();
  const writeMs = performance.now() - t0;
  const resume = await median(5, async () => {
    const { items } = await rollout.readRollout(rec.path);
    return rollout.reconstructHistory(items).length;
  });
  const readOnly = await median(5, () => rollout.readRollout(rec.path));

  const row = (label, ms, target) =>
    console.log(
      `${label.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms${target ? `   (target < ${target} ms${ms < target ? ", ok" : ", MISSED"})` : ""}`,
    );
  console.log("\nmedian of runs:");
  row("listSessions first page (25)", page.ms, 200);
  row("listSessions cwd-filtered page (25, 1 in 10)", filtered.ms, 200);
  row("listSessions first two pages via cursor", paged.ms);
  row("findLatestSession with cwd", latest.ms);
  row("findSessionById (non-v7 id, full walk)", byId.ms);
  row("listSessions cwd matching nothing (all heads)", noMatch.ms);
  row(`write ${ITEMS}-item rollout (record + shutdown)`, writeMs);
  row(`readRollout + reconstructHistory (${ITEMS} items)`, resume.ms, 500);
  row("  of which readRollout", readOnly.ms);
  console.log(`\nreconstructed history: ${resume.result} items`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// --- Ghost snapshots (undo): cost of one snapshot, and what it does to `codex exec` ---------
// A snapshot runs before each turn while the first request is in flight; tool calls wait for
// it. Measured directly (src/git bundled) and end to end (exec with and without it).
{
  const { execFileSync } = await import("node:child_process");
  const { OUR_CLI, startMock, makeRun, timedRun, stats, fmt } = await import("./lib.mjs");
  const gitWork = mkdtempSync(path.join(tmpdir(), "codex-ts-bench-ghost-"));
  try {
    const bundle = path.join(gitWork, "git.mjs");
    await build({
      entryPoints: [path.join(repo, "src/git/index.ts")],
      outfile: bundle,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "esm",
      logLevel: "error",
    });
    const git = await import(pathToFileURL(bundle).href);
    console.log("\nghost snapshots (median of 7, after 1 warm-up):");
    for (const files of [200, 5000]) {
      const root = path.join(gitWork, `repo-${files}`);
      mkdirSync(root);
      const run = (...a) => execFileSync("git", a, { cwd: root, stdio: "ignore" });
      run("init", "-q");
      for (let i = 0; i < files; i++) {
        const dir = path.join(root, `d${i % 50}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, `f${i}.ts`), `export const x${i} = ${i};\n`.repeat(40));
      }
      run("add", "-A");
      run("-c", "user.email=b@e", "-c", "user.name=b", "commit", "-qm", "init");
      writeFileSync(path.join(root, "d1", "f1.ts"), "changed\n");
      writeFileSync(path.join(root, "untracked.txt"), "new\n");
      let n = 0;
      await git.createGhostSnapshot({ root, threadId: "bench", number: ++n });
      const snap = await median(7, () =>
        git.createGhostSnapshot({ root, threadId: "bench", number: ++n }),
      );
      const snapshots = await git.listGhostSnapshots(root, "bench");
      const restore = await median(7, () => git.restoreGhostSnapshot(root, snapshots[0]));
      console.log(
        `${`${files} files: snapshot`.padEnd(48)} ${snap.ms.toFixed(1).padStart(8)} ms\n` +
          `${`${files} files: undo (nothing to restore)`.padEnd(48)} ${restore.ms.toFixed(1).padStart(8)} ms`,
      );
    }

    const toolCall = {
      sse: [
        { data: { type: "response.created", response: { id: "t1" } } },
        {
          data: {
            type: "response.output_item.done",
            item: {
              type: "function_call",
              id: "fc_t1",
              name: "exec_command",
              call_id: "call_t1",
              arguments: JSON.stringify({ cmd: "true" }),
            },
          },
        },
        { data: { type: "response.completed", response: { id: "t1" } } },
      ],
    };
    const answer = {
      sse: [
        { data: { type: "response.created", response: { id: "a1" } } },
        {
          data: {
            type: "response.output_item.done",
            item: {
              type: "message",
              role: "assistant",
              content: [{ type: "output_text", text: "ok" }],
            },
          },
        },
        { data: { type: "response.completed", response: { id: "a1" } } },
      ],
    };
    const runs = 7;
    for (const withSnapshots of [false, true]) {
      const mock = await startMock([toolCall, answer]);
      const rows = { wall: [], firstReq: [], toolGap: [] };
      try {
        for (let i = 0; i <= runs; i++) {
          const r0 = makeRun(mock.url, 'sandbox_mode = "workspace-write"');
          const before = mock.requests.length;
          const flags = withSnapshots ? ["--enable", "ghost_commit"] : [];
          // CODEX_TS_CLI: a copy of the built CLI, when dist/ is being rebuilt meanwhile.
          const cli = process.env.CODEX_TS_CLI
            ? [process.execPath, process.env.CODEX_TS_CLI]
            : OUR_CLI;
          const r = await timedRun([...cli, "exec", "--json", ...flags, "run true"], {
            cwd: r0.work,
            env: { CODEX_HOME: r0.home, MOCK_API_KEY: "sk-bench" },
          });
          rmSync(r0.root, { recursive: true, force: true });
          if (r.code !== 0) throw new Error(`exec exited ${r.code}: ${r.stderr.slice(-400)}`);
          if (i === 0) continue;
          const reqs = mock.requests.slice(before);
          rows.wall.push(r.wallMs);
          rows.firstReq.push(reqs[0].tMs - r.startEpoch);
          rows.toolGap.push(reqs[1].tMs - reqs[0].tMs);
        }
      } finally {
        mock.close();
      }
      const label = withSnapshots ? "exec, ghost snapshots on " : "exec, ghost snapshots off";
      console.log(`${label}: wall ${fmt(stats(rows.wall), "ms")}`);
      console.log(`${" ".repeat(label.length)}  first request ${fmt(stats(rows.firstReq), "ms")}`);
      console.log(
        `${" ".repeat(label.length)}  tool call → next request ${fmt(stats(rows.toolGap), "ms")}`,
      );
    }
  } finally {
    rmSync(gitWork, { recursive: true, force: true });
  }
}
