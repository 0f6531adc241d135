import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { spawn } from "node:child_process";
import {
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
  chmodSync,
  existsSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  appendHistoryEntry,
  historyMetadata,
  historyPath,
  lookupHistoryEntry,
  withFileLock,
} from "../../src/history/index.js";
import { bundleChildScript } from "../rollout/child-script.js";

const here = path.dirname(fileURLToPath(import.meta.url));
let home: string;
beforeEach(() => {
  home = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-history-")));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function entries(): { session_id: string; ts: number; text: string }[] {
  return readFileSync(historyPath(home), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as { session_id: string; ts: number; text: string });
}

function run(script: string, args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

describe("history.jsonl", () => {
  it("appends {session_id, ts, text} lines with mode 0600", async () => {
    await appendHistoryEntry({
      codexHome: home,
      sessionId: "s",
      text: "hello\nworld",
      now: new Date(1_700_000_000_500),
    });
    await appendHistoryEntry({ codexHome: home, sessionId: "s", text: "second" });
    expect(readFileSync(historyPath(home), "utf8").split("\n")[0]).toBe(
      '{"session_id":"s","ts":1700000000,"text":"hello\\nworld"}',
    );
    expect(entries()).toHaveLength(2);
    expect(statSync(historyPath(home)).mode & 0o777).toBe(0o600);
    expect(existsSync(`${historyPath(home)}.lock`)).toBe(false);
  });

  it("restores mode 0600 on an existing file", async () => {
    writeFileSync(historyPath(home), "");
    chmodSync(historyPath(home), 0o644);
    await appendHistoryEntry({ codexHome: home, sessionId: "s", text: "x" });
    expect(statSync(historyPath(home)).mode & 0o777).toBe(0o600);
  });

  it('writes nothing with persistence = "none"', async () => {
    await appendHistoryEntry({
      codexHome: home,
      sessionId: "s",
      text: "secret",
      persistence: "none",
    });
    expect(existsSync(historyPath(home))).toBe(false);
  });

  it("does not glue a new entry onto a torn last line", async () => {
    writeFileSync(
      historyPath(home),
      '{"session_id":"s","ts":1,"text":"ok"}\n{"session_id":"s","ts',
    );
    await appendHistoryEntry({ codexHome: home, sessionId: "s", text: "new" });
    const lines = readFileSync(historyPath(home), "utf8").split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('{"session_id":"s","ts');
    expect(JSON.parse(lines[2]!)).toMatchObject({ text: "new" });
    const meta = await historyMetadata(home);
    expect(await lookupHistoryEntry(home, meta.logId, 2)).toMatchObject({ text: "new" });
  });

  it("keeps every line intact when two processes append at once", async () => {
    const script = await bundleChildScript(path.join(here, "fixtures", "append-writer.ts"), home);
    const codes = await Promise.all([
      run(script, [home, "A", "500"]),
      run(script, [home, "B", "500"]),
    ]);
    expect(codes).toEqual([0, 0]);
    const all = entries();
    expect(all).toHaveLength(1000);
    for (const id of ["A", "B"]) {
      const seq = all.filter((e) => e.session_id === id).map((e) => Number(e.text.split(" ")[1]));
      expect(seq).toEqual([...Array(500).keys()]);
    }
    expect(await historyMetadata(home)).toMatchObject({ entryCount: 1000 });
  });

  it("trims the oldest lines past max_bytes, also under concurrent appends", async () => {
    const script = await bundleChildScript(path.join(here, "fixtures", "append-writer.ts"), home);
    const maxBytes = 20_000;
    const codes = await Promise.all([
      run(script, [home, "A", "300", String(maxBytes)]),
      run(script, [home, "B", "300", String(maxBytes)]),
    ]);
    expect(codes).toEqual([0, 0]);
    expect(statSync(historyPath(home)).size).toBeLessThanOrEqual(maxBytes);
    expect(statSync(historyPath(home)).mode & 0o777).toBe(0o600);
    const all = entries();
    // Trimming drops a prefix of the global order, so each writer keeps a suffix of its own.
    for (const id of ["A", "B"]) {
      const seq = all.filter((e) => e.session_id === id).map((e) => Number(e.text.split(" ")[1]));
      if (seq.length > 0)
        expect(seq).toEqual([...Array(seq.length).keys()].map((k) => 300 - seq.length + k));
    }
    expect(Number(all.at(-1)?.text.split(" ")[1])).toBe(299);
  });

  it("keeps the newest entry even when it alone exceeds max_bytes", async () => {
    await appendHistoryEntry({ codexHome: home, sessionId: "s", text: "old", maxBytes: 100 });
    await appendHistoryEntry({
      codexHome: home,
      sessionId: "s",
      text: "n".repeat(500),
      maxBytes: 100,
    });
    expect(entries().map((e) => e.text)).toEqual(["n".repeat(500)]);
  });

  it("looks entries up by inode and offset; a replaced file answers null", async () => {
    expect(await historyMetadata(home)).toEqual({ logId: 0, entryCount: 0 });
    for (const text of ["zero", "one", "two"])
      await appendHistoryEntry({ codexHome: home, sessionId: "s1", text });
    const meta = await historyMetadata(home);
    expect(meta.entryCount).toBe(3);
    expect(meta.logId).toBe(statSync(historyPath(home)).ino);
    expect(await lookupHistoryEntry(home, meta.logId, 1)).toMatchObject({
      conversation_id: "s1",
      text: "one",
    });
    expect(await lookupHistoryEntry(home, meta.logId, 3)).toBeNull();
    expect(await lookupHistoryEntry(home, meta.logId + 1, 0)).toBeNull();

    // Trimming rotates to a new inode; lookups against the old id stop answering.
    await appendHistoryEntry({
      codexHome: home,
      sessionId: "s1",
      text: "x".repeat(200),
      maxBytes: 150,
    });
    const after = await historyMetadata(home);
    expect(after.logId).not.toBe(meta.logId);
    expect(await lookupHistoryEntry(home, meta.logId, 0)).toBeNull();
    expect(await lookupHistoryEntry(home, after.logId, 0)).toMatchObject({ text: "x".repeat(200) });
  });
});

describe("withFileLock", () => {
  it("breaks a lock left by a process that no longer runs", async () => {
    const child = spawn(process.execPath, ["-e", ""]);
    const pid = child.pid!;
    await new Promise((resolve) => child.on("exit", resolve));
    const lock = path.join(home, "x.lock");
    writeFileSync(lock, `${pid}\n${(await import("node:os")).hostname()}\n`);
    expect(await withFileLock(lock, async () => "ran", { timeoutMs: 2000 })).toBe("ran");
    expect(existsSync(lock)).toBe(false);
  });

  it("times out with a clear message while a live process holds it", async () => {
    const lock = path.join(home, "y.lock");
    writeFileSync(lock, `${process.pid}\n${(await import("node:os")).hostname()}\n`);
    await expect(withFileLock(lock, async () => "ran", { timeoutMs: 100 })).rejects.toThrow(
      new RegExp(
        `waiting for the lock ${lock.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(held by pid ${process.pid}\\)`,
      ),
    );
    expect(existsSync(lock)).toBe(true);
  });

  it("serialises holders within one process", async () => {
    const lock = path.join(home, "z.lock");
    const order: string[] = [];
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        withFileLock(lock, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setImmediate(r));
          order.push(String(n));
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(order).toHaveLength(5);
  });
});
