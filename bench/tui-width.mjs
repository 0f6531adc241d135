// Text-width benchmark for the TUI (src/tui/terminal/width.ts): microseconds per line for
// stringWidth, wrapLine and truncate on the kinds of line a frame holds (plain ASCII, styled,
// the footer's symbols, CJK, emoji sequences), against `string-width` called directly on the
// whole line and Intl.Segmenter's cluster split. Medians of 7 alternating rounds.
// Run: node bench/tui-width.mjs   (bundles width.ts with esbuild first)
import { build } from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import stringWidthLib from "string-width";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(path.join(tmpdir(), "codex-ts-bench-tui-width-"));
const bundle = path.join(work, "width.mjs");
await build({
  entryPoints: [path.join(repo, "src/tui/terminal/width.ts")],
  outfile: bundle,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  logLevel: "error",
});
const w = await import(pathToFileURL(bundle).href);
rmSync(work, { recursive: true, force: true });

const SAMPLES = {
  ascii: "  plain ascii line of a typical agent message that is about eighty columns wide",
  styled: "\x1b[1mbold\x1b[22m and \x1b[36mcyan\x1b[39m text with styles and some words in it",
  footer: "⏎ send · ⇧⏎/ctrl+j newline · ctrl+t transcript · / commands  100% context left",
  cjk: "日本語のテキストと English mixed — with an em dash and “quotes”",
  emoji: "emoji 👍🏽 family 👨‍👩‍👧 heart ❤️ and 😀 in a line of text",
};
const N = 20_000;
const segmenter = new Intl.Segmenter();
const runs = {
  "stringWidth (ours)": (s) => w.stringWidth(s),
  "string-width (library)": (s) => stringWidthLib(s),
  "wrapLine(40) (ours)": (s) => w.wrapLine(s, 40).length,
  "truncate(30) (ours)": (s) => w.truncate(s, 30).length,
  "graphemes (ours)": (s) => w.graphemes(w.stripAnsi(s)).length,
  "Intl.Segmenter": (s) => Array.from(segmenter.segment(w.stripAnsi(s))).length,
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = {};
for (let round = 0; round < 7; round++) {
  for (const [name, fn] of Object.entries(runs)) {
    for (const [kind, s] of Object.entries(SAMPLES)) {
      let x = 0;
      const t0 = performance.now();
      for (let i = 0; i < N; i++) x += fn(s);
      if (x < 0) console.log(x);
      ((times[name] ??= {})[kind] ??= []).push(((performance.now() - t0) * 1000) / N);
    }
  }
}
const kinds = Object.keys(SAMPLES);
console.log(`\nTUI text width, µs per line (median of 7 rounds × ${N})\n`);
console.log(`| function | ${kinds.join(" | ")} |`);
console.log(`| --- | ${kinds.map(() => "---").join(" | ")} |`);
for (const [name, byKind] of Object.entries(times)) {
  console.log(`| ${name} | ${kinds.map((k) => median(byKind[k]).toFixed(2)).join(" | ")} |`);
}
