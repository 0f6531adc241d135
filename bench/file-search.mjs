// `@` file search benchmark on a generated 100,000-file tree (plus 20,000 ignored files):
// indexing time, query latency (cold full scans and keystroke-by-keystroke typing), and how
// long the event loop is ever held while indexing and searching run together.
// Run: node bench/file-search.mjs   (bundles src/tui/features/file-search with esbuild first)
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(path.join(tmpdir(), "codex-ts-bench-file-search-"));
const FILES = 100_000;
const IGNORED = 20_000;

const WORDS = [
  "core",
  "model",
  "session",
  "render",
  "composer",
  "parser",
  "server",
  "client",
  "config",
  "history",
  "sandbox",
  "policy",
  "search",
  "index",
  "util",
  "helper",
  "widget",
  "layout",
  "theme",
  "network",
  "storage",
  "cache",
  "worker",
  "queue",
  "router",
  "handler",
  "schema",
];
const EXTS = [".ts", ".tsx", ".js", ".json", ".md", ".rs", ".py", ".css"];

function pick(seed, list) {
  return list[seed % list.length];
}

function makeTree(root) {
  let n = 0;
  for (let pkg = 0; n < FILES; pkg++) {
    for (let mod = 0; mod < 25 && n < FILES; mod++) {
      const dir = path.join(
        root,
        "packages",
        `${pick(pkg, WORDS)}-${pkg}`,
        "src",
        `${pick(mod * 7 + pkg, WORDS)}${mod}`,
      );
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 40 && n < FILES; f++, n++) {
        const a = pick(n * 31 + 7, WORDS);
        const b = pick(n * 17 + 3, WORDS);
        const name = `${a}${b[0].toUpperCase()}${b.slice(1)}${f}${pick(n, EXTS)}`;
        writeFileSync(path.join(dir, name), "");
      }
    }
  }
  for (let i = 0; i < IGNORED; i++) {
    const dir = path.join(root, "node_modules", `dep${i % 200}`, "lib");
    if (i < 200) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `file${i}.js`), "");
  }
  writeFileSync(path.join(root, ".gitignore"), "node_modules/\n");
}

function waitFor(search, predicate) {
  return new Promise((resolve) => {
    const unsub = search.subscribe((snap) => {
      if (predicate(snap)) {
        unsub();
        resolve(snap);
      }
    });
  });
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { median: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1] };
}
const ms = (v) => `${v.toFixed(1)} ms`;

try {
  const bundle = path.join(work, "file-search.mjs");
  await build({
    entryPoints: [path.join(repo, "src/tui/features/file-search/index.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "error",
    external: ["@vscode/ripgrep"],
  });
  // Resolve @vscode/ripgrep from the repository, not the temp dir.
  const { rgPath } = await import("@vscode/ripgrep");
  const fs = await import(pathToFileURL(bundle).href);

  const tree = path.join(work, "tree");
  let t0 = performance.now();
  makeTree(tree);
  console.log(
    `tree: ${FILES} files + ${IGNORED} ignored, generated in ${ms(performance.now() - t0)}`,
  );

  // Indexing, with a query running against the growing index and a loop-delay monitor.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const index = new fs.PathIndex();
  const search = new fs.FileSearch(index, { limit: 50 });
  let firstBatchMs = null;
  index.subscribe(() => {
    if (firstBatchMs === null && index.size > 0) firstBatchMs = performance.now() - t0;
  });
  t0 = performance.now();
  const handle = fs.startIndexing(index, { cwd: tree, rgPath });
  search.setQuery("srvcfg");
  const done = await waitFor(search, (s) => !s.indexing && s.caughtUp);
  const indexMs = performance.now() - t0;
  await handle.done;
  loop.disable();
  console.log(
    `indexing: ${index.size} paths in ${ms(indexMs)} (first results after ${ms(firstBatchMs)}); ` +
      `ignored files listed: ${index.paths.filter((p) => p.startsWith("node_modules")).length}`,
  );
  console.log(
    `event loop while indexing + searching: max delay ${ms(loop.max / 1e6)}, p99 ${ms(loop.percentile(99) / 1e6)}`,
  );
  console.log(`live query "srvcfg" during indexing: ${done.matches.length} results at the end`);

  // Cold queries: a fresh searcher each time, so every query scans all 100k paths.
  const cold = {};
  const exactName = path.basename(index.paths[54_321]);
  for (const q of ["a", "idx", "srvcfg", "packages/core", exactName, "zzzzqqq"]) {
    const times = [];
    let count = 0;
    for (let run = 0; run < 7; run++) {
      const s = new fs.FileSearch(index, { limit: 50 });
      const start = performance.now();
      s.setQuery(q);
      const snap = await waitFor(s, (x) => x.caughtUp);
      times.push(performance.now() - start);
      count = snap.matches.length;
      s.dispose();
    }
    cold[q] = summary(times);
    console.log(
      `cold query ${JSON.stringify(q).padEnd(22)} median ${ms(cold[q].median)}  max ${ms(cold[q].max)}  (${count} shown)`,
    );
  }

  // Typing: each keystroke extends the query; earlier results narrow the scan.
  const typed = "composerparser";
  const keyTimes = [];
  for (let run = 0; run < 5; run++) {
    const s = new fs.FileSearch(index, { limit: 50 });
    for (let i = 1; i <= typed.length; i++) {
      const start = performance.now();
      s.setQuery(typed.slice(0, i));
      await waitFor(s, (x) => x.caughtUp);
      keyTimes.push(performance.now() - start);
    }
    // Backspace all the way, then retype: cached prefixes serve the shorter queries.
    for (let i = typed.length - 1; i >= 1; i--) {
      const start = performance.now();
      s.setQuery(typed.slice(0, i));
      await waitFor(s, (x) => x.caughtUp);
      keyTimes.push(performance.now() - start);
    }
    s.dispose();
  }
  const k = summary(keyTimes);
  console.log(
    `typing ${JSON.stringify(typed)} + backspacing: per keystroke median ${ms(k.median)}, p95 ${ms(k.p95)}, max ${ms(k.max)}`,
  );
  search.dispose();
} finally {
  rmSync(work, { recursive: true, force: true });
}
