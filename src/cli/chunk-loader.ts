// Loads the CLI's bundled CommonJS chunks (dist/) with V8's code cache.
//
// Node 20 can only code-cache classic scripts (its ES module loader has no cache, and
// `module.enableCompileCache` arrives in Node 22), and before the first model request most of
// codex-ts's start-up was V8 parsing and compiling the ~500 KB of chunks `exec` needs. So the
// build turns esbuild's split ES modules into CommonJS chunks (scripts/build.mjs) and this loader
// compiles each one through `vm.Script` with the cache the previous run left, which skips the
// parse and the compile of every function that run used (bench/README.md has the figures).
//
// The cache is only an optimisation: a missing, stale or foreign cache is simply not used (V8
// checks its engine version, flags and source), and a run that compiled without one writes it
// at exit when it can. It lives beside the chunks because it is code: whoever can write it can
// already write the chunks themselves, so it grants nothing new.
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Script } from "node:vm";

/** Node's own CommonJS wrapper: the chunks are plain CommonJS that Node's loader can run too. */
const WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname) {";
const WRAPPER_TAIL = "\n})";

type ChunkFactory = (
  exports: unknown,
  require: (specifier: string) => unknown,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/**
 * Tests observe which chunks a process loads, and whether their cache was used, by defining this
 * callback (through a `--import` preload); Node's own module hooks never see chunks compiled here.
 */
export const CHUNK_LOADED_HOOK = Symbol.for("codex-ts.chunk-loaded");

/** What became of a chunk's code cache: used, none yet, refused by V8, or caching is off. */
export type CacheUse = "hit" | "miss" | "rejected" | "off";

/** Where the caches of one Node, V8 flag set and command family go, under `distDir`. */
export function codeCacheDir(distDir: string, family: string, v8Flags: readonly string[]): string {
  // V8 refuses a cache made under other flags, so runs with other flags keep their own caches
  // instead of overwriting each other's on every start.
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? "", ...v8Flags].join(" ");
  let hash = 0;
  for (let i = 0; i < flags.length; i++) hash = (Math.imul(hash, 31) + flags.charCodeAt(i)) | 0;
  const key = `${process.version}-${process.arch}-${family}-${(hash >>> 0).toString(36)}`;
  return path.join(distDir, ".cache", key);
}

/** Cache directories kept side by side (Node upgrades, flag sets, command families). */
export const KEPT_CACHE_DIRS = 12;

/**
 * Removes the least recently written cache directories beyond KEPT_CACHE_DIRS, so caches of
 * Node versions and flag sets no longer used do not pile up. Best effort.
 */
function pruneCacheDirs(root: string, keep: string): void {
  try {
    const dirs = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && path.join(root, d.name) !== keep)
      .map((d) => ({
        dir: path.join(root, d.name),
        mtime: statSync(path.join(root, d.name)).mtimeMs,
      }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { dir } of dirs.slice(KEPT_CACHE_DIRS - 1))
      rmSync(dir, { recursive: true, force: true });
  } catch {
    // Another process pruning at the same time, or nothing to read: leave it for next time.
  }
}

export class ChunkLoader {
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly requires = new Map<string, NodeRequire>();
  /** Chunks compiled without a usable cache this run: their cache is written by saveCache(). */
  private readonly uncached: Array<{ script: Script; file: string }> = [];

  /** `cacheDir` null: compile without any cache (and write none). */
  constructor(
    private readonly rootDir: string,
    private readonly cacheDir: string | null,
  ) {}

  /** Loads (once) and returns the exports of the chunk at the absolute path `filename`. */
  load(filename: string): unknown {
    const loaded = this.modules.get(filename);
    if (loaded) return loaded.exports;
    const module = { exports: {} as unknown };
    this.modules.set(filename, module);
    let cache: CacheUse;
    try {
      const compiled = this.compile(filename);
      cache = compiled.cache;
      const factory = compiled.factory;
      const dirname = path.dirname(filename);
      const require = (specifier: string): unknown =>
        specifier.startsWith("./") || specifier.startsWith("../")
          ? this.load(path.resolve(dirname, specifier))
          : this.nodeRequire(dirname)(specifier);
      factory.call(module.exports, module.exports, require, module, filename, dirname);
    } catch (error) {
      // As Node's loader does: a chunk that failed is loaded afresh by the next require.
      this.modules.delete(filename);
      throw error;
    }
    const hook = (globalThis as Record<symbol, unknown>)[CHUNK_LOADED_HOOK];
    if (typeof hook === "function")
      (hook as (file: string, info: { cache: CacheUse }) => void)(filename, { cache });
    return module.exports;
  }

  /**
   * Writes the cache of every chunk this run compiled without one, with all the functions the
   * run compiled so far. Best effort: an unwritable directory just means no cache. Returns the
   * number of cache files written.
   */
  saveCache(): number {
    if (this.cacheDir === null || this.uncached.length === 0) return 0;
    const pending = this.uncached.splice(0);
    let written = 0;
    try {
      if (mkdirSync(this.cacheDir, { recursive: true }) !== undefined)
        pruneCacheDirs(path.dirname(this.cacheDir), this.cacheDir);
      for (const { script, file } of pending) {
        const target = this.cacheFile(file);
        const temp = `${target}.${process.pid}.tmp`;
        try {
          writeFileSync(temp, script.createCachedData());
          // Atomic: a concurrent start reads either no cache or a whole one.
          renameSync(temp, target);
          written++;
        } catch (error) {
          rmSync(temp, { force: true });
          throw error;
        }
      }
    } catch {
      // Read-only install, full disk, another user's directory: run without a cache.
    }
    return written;
  }

  private compile(filename: string): { factory: ChunkFactory; cache: CacheUse } {
    const source = readFileSync(filename, "utf8");
    let cachedData: Buffer | undefined;
    if (this.cacheDir !== null) {
      try {
        cachedData = readFileSync(this.cacheFile(filename));
      } catch {
        cachedData = undefined;
      }
    }
    // The wrapper shares the first line, so line numbers in stack traces are the file's own.
    const script = new Script(WRAPPER_HEAD + source + WRAPPER_TAIL, { filename, cachedData });
    const cache: CacheUse =
      this.cacheDir === null
        ? "off"
        : cachedData === undefined
          ? "miss"
          : script.cachedDataRejected === true
            ? "rejected"
            : "hit";
    if (cache === "miss" || cache === "rejected") this.uncached.push({ script, file: filename });
    return { factory: script.runInThisContext() as ChunkFactory, cache };
  }

  private cacheFile(filename: string): string {
    const name = path.relative(this.rootDir, filename).replace(/[\\/]/g, "_");
    return path.join(this.cacheDir ?? "", `${name}.v8cache`);
  }

  private nodeRequire(dirname: string): NodeRequire {
    let require = this.requires.get(dirname);
    if (!require) {
      require = createRequire(path.join(dirname, "noop.js"));
      this.requires.set(dirname, require);
    }
    return require;
  }
}
