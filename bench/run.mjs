// `npm run bench`: every issue-15 figure in one run, side by side with the reference Codex where
// it applies (bench/README.md says how to read them).
//   1. start-up: spawn → first model request (and that minus `node -e 0`)
//   2. first request → exit, and wall time, for an instant plain `exec` answer
//   3. peak RSS of that exec; long-session soaks (2,000 tool calls; a 5 MB paste); a TUI with
//      5,000 cells
// Usage: npm run bench [-- --runs N] [-- --quick]   ($BENCH_BEFORE_CLI=/path/to/bin/codex.js adds
// an earlier build as a third exec column.)
import { spawn } from "node:child_process";
import path from "node:path";
import { measureExecFigures } from "./exec-figures.mjs";
import { ROOT } from "./lib.mjs";
import { soak } from "./soak.mjs";

const quick = process.argv.includes("--quick");
const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : quick ? 5 : 7;
const log = (m) => process.stderr.write(`${m}\n`);
const f0 = (v) => (Number.isFinite(v) ? v.toFixed(0) : "—");
const ratio = (a, b) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : "—";
const table = (rows) => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const r of rows) console.log(r.map((v, c) => String(v).padEnd(widths[c])).join("  "));
};

// --- 1–3a: plain exec, alternating node -e 0 / codex-ts / [before] / reference ---
const extra = process.env.BENCH_BEFORE_CLI
  ? [{ name: "before", cli: [process.execPath, process.env.BENCH_BEFORE_CLI] }]
  : [];
log(`exec figures: ${runs} alternating runs per side…`);
const ex = await measureExecFigures({ runs, extra, log });
const names = Object.keys(ex.sides);
const node = ex.nodeWall.median;
console.log(`\n== codex exec --json, instant plain answer (median of ${runs} alternating runs) ==`);
console.log(`node -e 0: ${f0(node)} ms`);
const ours = ex.sides["codex-ts"];
const ref = ex.sides.reference;
const execRows = [["figure", ...names, ...(ref ? ["ours/ref", "target"] : [])]];
const execRow = (label, key, unit, target) => {
  const row = [label, ...names.map((n) => `${f0(ex.sides[n][key].median)} ${unit}`)];
  if (ref) row.push(ratio(ours[key].median, ref[key].median), target);
  execRows.push(row);
};
execRow("spawn → first request", "firstReq", "ms", "≤ 0.35");
execRows.push([
  "  … minus node -e 0",
  ...names.map((n) => `${f0(ex.sides[n].firstReq.median - node)} ms`),
  ...(ref ? ["", "≤ 60 ms"] : []),
]);
execRow("first request → exit", "reqToExit", "ms", "< 100 ms");
execRow("wall", "wall", "ms", "≤ 0.5");
execRow("peak RSS", "rss", "MB", "≤ 0.5");
table(execRows);

// --- 3b: long-session soaks (codex-ts; the target is relative to the history, not the reference) ---
console.log("\n== long sessions: one app-server thread (codex-ts) ==");
const soakRows = [
  [
    "soak",
    "turns",
    "calls",
    "history",
    "cold base",
    "base",
    "busy",
    "idle RSS",
    "peak",
    "idle − base",
    "target ≤",
    "growth / history growth",
    "thread unloaded",
  ],
];
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : "—");
/** Idle RSS growth from the first quarter to the end over the history's growth: no base at all. */
const growth = (cps) => {
  const [a, b] = [cps[0], cps.at(-1)];
  if (!a || !b || b === a) return "—";
  const mb = b.idleRss - a.idleRss;
  const hist = b.historyMb - a.historyMb;
  if (hist < 0.05) return `${f1(mb)} MB (history unchanged)`;
  return `${f1(mb)} MB / ${f1(hist)} MB = ${(mb / hist).toFixed(2)}×`;
};
for (const kind of ["tools", "paste"]) {
  log(`soak ${kind}…`);
  const s = await soak(kind, { quick, log });
  const limit = s.baseMb + 1.5 * s.historyMb;
  // Met only if the idle RSS is within the target at every quarter too, not just at the end.
  const met = s.checkpoints.every((c) => c.idleRss <= s.baseMb + 1.5 * c.historyMb);
  soakRows.push([
    kind,
    s.turns,
    s.calls,
    `${s.historyMb.toFixed(1)} MB`,
    `${f1(s.coldBaseMb)} MB`,
    `${f1(s.baseMb)} MB`,
    `${f0(s.busyMb)} MB`,
    `${f1(s.rssMb)} MB`,
    `${f0(s.peakMb)} MB`,
    `${f1(s.rssMb - s.baseMb)} MB = ${((s.rssMb - s.baseMb) / s.historyMb).toFixed(2)} × history`,
    `${f1(limit)} MB ${met ? "(met)" : "(missed)"}`,
    growth(s.checkpoints),
    `${f1(s.afterUnloadMb)} MB`,
  ]);
  const slope = s.checkpoints
    .map((c) => `${c.calls || c.turn}: ${f0(c.rss)}/${f1(c.idleRss)}`)
    .join(", ");
  log(`  ${kind} RSS at checkpoints (calls or turns: busy/idle MB): ${slope}`);
}
table(soakRows);

// --- 3c: TUI with 5,000 cells (bench/tui.mjs in a pseudo-terminal) ---
const cells = quick ? 1000 : 5000;
log(`TUI: ${cells} cells…`);
const tui = await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "bench", "tui.mjs"), "--cells", String(cells), "--cells-only", "--ours-only"],
    { env: { ...process.env, BENCH_JSON: "1" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.on("close", () => {
    const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
    resolve(line ? JSON.parse(line.slice(11))[0] : { error: out.slice(-500) });
  });
});
console.log(`\n== TUI: ${cells} cells (codex-ts; target < 200 MB) ==`);
if (tui.error) console.log(`failed: ${tui.error}`);
else
  table([
    ["RSS after the last cell", "after 4 s idle", "wall"],
    [`${f0(tui.cellsRssMb)} MB`, `${f0(tui.cellsIdleRssMb)} MB`, `${f0(tui.cellsWallS)} s`],
  ]);
if (!ref) console.log("\n(reference Codex not installed: node bench/install-reference.mjs)");
