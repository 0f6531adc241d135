// The built CLI compiles its chunks with V8's code cache (src/cli/chunk-loader.ts): the first run
// writes the cache beside the chunks, later runs use it, and a damaged, refused or unwritable
// cache costs speed, never correctness. Runs a copy of the build so the cache it writes is this
// test's own.
import {
  cpSync,
  existsSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { REPO_ROOT, jsonLines, runCli, useMockWorkspace, type Workspace } from "../harness.js";
import { tempDir } from "../temp-dir.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

const RECORDER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "fixtures",
  "record-chunk-cache.mjs",
);
let copy: string;

beforeAll(() => {
  copy = tempDir("codex-code-cache-");
  // The launcher and the chunks (not their source maps); packages resolve from the checkout.
  cpSync(path.join(REPO_ROOT, "bin"), path.join(copy, "bin"), { recursive: true });
  cpSync(path.join(REPO_ROOT, "dist"), path.join(copy, "dist"), {
    recursive: true,
    filter: (src) => !src.endsWith(".map") && !src.includes(`${path.sep}.cache`),
  });
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(copy, "node_modules"));
});

const cacheRoot = () => path.join(copy, "dist", ".cache");

/** One `codex exec --json` of the copy; returns its events and each chunk's cache use. */
async function exec(env: Record<string, string> = {}, nodeOptions = "") {
  mock.enqueue(plainAnswer("Cached or not, the same answer."));
  const chunks = path.join(ws.root, `chunks-${mock.requests.length}.txt`);
  const r = await runCli(["exec", "--json", "hello"], {
    cli: path.join(copy, "bin", "codex.js"),
    cwd: ws.work,
    home: ws.home,
    env: { NODE_OPTIONS: `--import ${RECORDER} ${nodeOptions}`, CHUNKS_FILE: chunks, ...env },
  });
  expect(r.code, r.stderr).toBe(0);
  const uses = (existsSync(chunks) ? readFileSync(chunks, "utf8") : "")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split(" ") as [string, string]);
  const events = jsonLines(r.stdout).map((e) => ({ ...e, thread_id: undefined }));
  return { events, uses, byUse: (use: string) => uses.filter(([u]) => u === use).length };
}

describe("the V8 code cache of the built CLI", () => {
  it("is written by the first run, used by the next, and changes nothing in the output", async () => {
    rmSync(cacheRoot(), { recursive: true, force: true });
    const first = await exec();
    expect(first.uses.length).toBeGreaterThan(10);
    expect(first.byUse("miss")).toBe(first.uses.length);
    const [dir, ...others] = readdirSync(cacheRoot());
    expect(others).toEqual([]);
    expect(readdirSync(path.join(cacheRoot(), dir!))).toHaveLength(first.uses.length);

    const second = await exec();
    expect(second.byUse("hit")).toBe(second.uses.length);
    expect(second.uses.map(([, f]) => f)).toEqual(first.uses.map(([, f]) => f));
    expect(second.events).toEqual(first.events);

    const off = await exec({ CODEX_TS_NO_CODE_CACHE: "1" });
    expect(off.byUse("off")).toBe(off.uses.length);
    expect(off.events).toEqual(first.events);
  });

  it("a damaged cache file is refused, the run is unaffected, and the file is rewritten", async () => {
    rmSync(cacheRoot(), { recursive: true, force: true });
    const first = await exec();
    const dir = path.join(cacheRoot(), readdirSync(cacheRoot())[0]!);
    const victim = readdirSync(dir)[0]!;
    writeFileSync(path.join(dir, victim), "garbage, not a code cache");
    const damaged = await exec();
    expect(damaged.byUse("rejected")).toBe(1);
    expect(damaged.byUse("hit")).toBe(damaged.uses.length - 1);
    expect(damaged.events).toEqual(first.events);
    const repaired = await exec();
    expect(repaired.byUse("hit")).toBe(repaired.uses.length);
  });

  it("where no cache can be written, every run compiles afresh and still works", async () => {
    rmSync(cacheRoot(), { recursive: true, force: true });
    // A regular file where the cache directory goes: mkdir fails for root and other users alike.
    writeFileSync(cacheRoot(), "");
    try {
      const first = await exec();
      const second = await exec();
      expect(second.byUse("miss")).toBe(second.uses.length);
      expect(second.events).toEqual(first.events);
      expect(readFileSync(cacheRoot(), "utf8")).toBe("");
    } finally {
      rmSync(cacheRoot(), { force: true });
    }
  });

  it("with --enable-source-maps, Node's own loader runs the chunks (its source maps apply), no cache", async () => {
    rmSync(cacheRoot(), { recursive: true, force: true });
    const plain = await exec();
    rmSync(cacheRoot(), { recursive: true, force: true });
    const mapped = await exec({}, "--enable-source-maps");
    expect(mapped.uses).toEqual([]);
    expect(existsSync(cacheRoot())).toBe(false);
    expect(mapped.events).toEqual(plain.events);
  });
});
