import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../../test/temp-dir.js";
import {
  CHUNK_LOADED_HOOK,
  ChunkLoader,
  KEPT_CACHE_DIRS,
  codeCacheDir,
  type CacheUse,
} from "./chunk-loader.js";

let root: { path: string };
let seen: Array<[string, CacheUse]>;
const hooks = globalThis as Record<symbol, unknown>;

beforeEach(() => {
  root = { path: tempDir("chunk-loader-") };
  seen = [];
  hooks[CHUNK_LOADED_HOOK] = (file: string, info: { cache: CacheUse }) =>
    seen.push([path.basename(file), info.cache]);
  mkdirSync(path.join(root.path, "chunks"));
  // Two chunks that require each other, as esbuild's shared chunks can.
  writeFileSync(
    path.join(root.path, "chunks", "a.js"),
    [
      'const b = require("./b.js");',
      "exports.fromB = () => b.value;",
      'exports.meta = require("node:url").pathToFileURL(__filename).href;',
      "exports.file = __filename;",
      'exports.eol = require("node:os").EOL;',
    ].join("\n"),
  );
  writeFileSync(
    path.join(root.path, "chunks", "b.js"),
    ['const a = require("./a.js");', "exports.value = 42;", "exports.seesA = () => a.meta;"].join(
      "\n",
    ),
  );
});

afterEach(() => {
  delete hooks[CHUNK_LOADED_HOOK];
});

const chunk = (name: string) => path.join(root.path, "chunks", name);
const cacheDir = () => path.join(root.path, ".cache", "key");

describe("ChunkLoader", () => {
  it("loads CommonJS chunks with relative requires, cycles, builtins and their own path", () => {
    const loader = new ChunkLoader(root.path, null);
    const a = loader.load(chunk("a.js")) as Record<string, unknown>;
    expect((a.fromB as () => number)()).toBe(42);
    expect(a.meta).toBe(pathToFileURL(chunk("a.js")).href);
    expect(a.file).toBe(chunk("a.js"));
    expect(a.eol).toBe("\n");
    const b = loader.load(chunk("b.js")) as { seesA(): unknown };
    expect(b.seesA()).toBe(a.meta);
    // One instance per chunk, as the ES modules it replaces.
    expect(loader.load(chunk("a.js"))).toBe(a);
    expect(seen).toEqual([
      ["b.js", "off"],
      ["a.js", "off"],
    ]);
  });

  it("a chunk whose evaluation threw is evaluated afresh by the next load", () => {
    writeFileSync(
      chunk("flaky.js"),
      'if (!globalThis.__chunkLoaderTestReady) throw new Error("not yet"); exports.ok = true;',
    );
    const loader = new ChunkLoader(root.path, null);
    expect(() => loader.load(chunk("flaky.js"))).toThrow("not yet");
    (globalThis as Record<string, unknown>).__chunkLoaderTestReady = true;
    try {
      expect(loader.load(chunk("flaky.js"))).toEqual({ ok: true });
    } finally {
      delete (globalThis as Record<string, unknown>).__chunkLoaderTestReady;
    }
  });

  it("writes a cache for each chunk compiled without one, once, and uses it next time", () => {
    const first = new ChunkLoader(root.path, cacheDir());
    first.load(chunk("a.js"));
    expect(seen.map(([, c]) => c)).toEqual(["miss", "miss"]);
    expect(first.saveCache()).toBe(2);
    expect(first.saveCache()).toBe(0);
    expect(readdirSync(cacheDir()).sort()).toEqual(["chunks_a.js.v8cache", "chunks_b.js.v8cache"]);

    seen = [];
    const second = new ChunkLoader(root.path, cacheDir());
    second.load(chunk("a.js"));
    expect(seen.map(([, c]) => c)).toEqual(["hit", "hit"]);
    expect(second.saveCache()).toBe(0);
  });

  it("a cache V8 refuses is rewritten; a directory it cannot create means no cache, no error", () => {
    mkdirSync(cacheDir(), { recursive: true });
    writeFileSync(path.join(cacheDir(), "chunks_a.js.v8cache"), "not a V8 code cache");
    const loader = new ChunkLoader(root.path, cacheDir());
    loader.load(chunk("a.js"));
    expect(seen).toEqual([
      ["b.js", "miss"],
      ["a.js", "rejected"],
    ]);
    expect(loader.saveCache()).toBe(2);

    // A regular file where the cache directory would go: every write fails.
    const blocked = path.join(root.path, "blocked");
    writeFileSync(blocked, "");
    const unwritable = new ChunkLoader(root.path, path.join(blocked, "key"));
    unwritable.load(chunk("b.js"));
    expect(unwritable.saveCache()).toBe(0);
    expect(existsSync(path.join(blocked, "key"))).toBe(false);
  });

  it("keys the cache directory by Node version, architecture, command family and flags", () => {
    const exec = codeCacheDir("/d", "exec", ["--liftoff-only"]);
    expect(exec.startsWith(`/d/.cache/${process.version}-${process.arch}-exec-`)).toBe(true);
    expect(codeCacheDir("/d", "exec", ["--liftoff-only"])).toBe(exec);
    expect(codeCacheDir("/d", "exec", ["--liftoff-only", "--x"])).not.toBe(exec);
    expect(codeCacheDir("/d", "cli", ["--liftoff-only"])).not.toBe(exec);
  });

  it("keeps the most recently written cache directories and removes older ones", () => {
    const cacheRoot = path.join(root.path, ".cache");
    for (let i = 0; i < KEPT_CACHE_DIRS + 3; i++) {
      const old = path.join(cacheRoot, `old-${i}`);
      mkdirSync(old, { recursive: true });
      // Oldest first: old-0 was written longest ago.
      utimesSync(old, 1_000_000 + i, 1_000_000 + i);
    }
    const loader = new ChunkLoader(root.path, cacheDir());
    loader.load(chunk("b.js"));
    expect(loader.saveCache()).toBe(2);
    const left = readdirSync(cacheRoot).sort();
    expect(left).toHaveLength(KEPT_CACHE_DIRS);
    expect(left).toContain("key");
    expect(left).not.toContain("old-0");
    expect(left).toContain(`old-${KEPT_CACHE_DIRS + 2}`);
  });
});
