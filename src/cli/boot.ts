// The process entry (bundled alone as dist/boot.js and required by bin/codex.js): sets V8's
// flags, answers `--version`, then loads the CLI's chunks through the code cache.
import { createRequire } from "node:module";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { CLI_VERSION } from "../version.js";
import { ChunkLoader, codeCacheDir } from "./chunk-loader.js";

/** Command families with caches of their own (each compiles a different part of the chunks). */
const FAMILIES: Record<string, string> = {
  exec: "exec",
  e: "exec",
  review: "exec",
  "app-server": "app-server",
  "mcp-server": "mcp-server",
  "exec-server": "exec-server",
};

/**
 * V8 flags for the whole process, set before anything is compiled: the code cache is only
 * accepted under the flags it was made with (bench/README.md has the figures):
 * - WebAssembly compiles synchronously at the baseline tier only. Node's HTTP parser and the
 *   bash parser are wasm; an optimising background compile ran during the first request
 *   (~25 MB of peak RSS and CPU competing with the turn; plain `exec`: peak 94 → 66 MB), and the
 *   bash parser's grammar stalled the main thread for ~400 ms mid-turn without these.
 * - Long-lived front-ends (the TUI, app-server, mcp-server) keep the young generation at its
 *   initial size: grown, its empty semi-spaces stay resident (~30 MB) for the rest of a session
 *   (200 tool calls: idle RSS 128 → 96 MB, peak 175 → 132 MB, no slower). One-shot runs
 *   (`exec`, `review`) end before it matters and keep V8's default.
 */
function v8Flags(family: string): string[] {
  const flags = ["--liftoff-only", "--no-wasm-async-compilation"];
  if (family !== "exec") flags.push("--semi-space-growth-factor=1");
  return flags;
}

/** Runs the CLI from the built `distDir` with `argv` (the arguments after the script). */
export async function boot(distDir: string, argv: string[]): Promise<void> {
  const first = argv.find((a) => !a.startsWith("-"));
  const family = (first !== undefined && FAMILIES[first]) || "cli";
  const flags = v8Flags(family);
  for (const flag of flags) {
    try {
      setFlagsFromString(flag);
    } catch {
      // An engine without the flag simply keeps its default.
    }
  }
  // `codex --version` must stay instant: answer before loading anything else.
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    process.stdout.write(`codex-ts ${CLI_VERSION}\n`);
    return;
  }
  const entry = path.join(distDir, "cli", "main.js");
  let main: { main(argv: string[]): Promise<void> };
  if (process.sourceMapsEnabled) {
    // `node --enable-source-maps`: Node maps stack traces only for modules its own loader ran,
    // and the chunks are plain CommonJS, so it runs them (without the code cache).
    main = createRequire(entry)(entry) as typeof main;
  } else {
    const cacheDir =
      process.env.CODEX_TS_NO_CODE_CACHE === "1" ? null : codeCacheDir(distDir, family, flags);
    const loader = new ChunkLoader(distDir, cacheDir);
    process.once("exit", () => loader.saveCache());
    main = loader.load(entry) as typeof main;
  }
  await main.main(argv);
}
