// A session's resource scope ends every process tree started in it, checked with /proc.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runProcess, UnifiedExecManager } from "../../src/exec/index.js";
import {
  ResourceScope,
  currentResourceScope,
  runInResourceScope,
  trackProcess,
} from "../../src/exec/resource-scope.js";
import { killMarked, processesWithMarker, sleepMarker, survivors } from "../proc-scan.js";
import { bash } from "./helpers.js";

const markers: string[] = [];
const scopes: ResourceScope[] = [];
afterEach(async () => {
  await Promise.all(scopes.splice(0).map((s) => s.dispose()));
  for (const m of markers.splice(0)) killMarked(m);
});

function marker(): string {
  const m = sleepMarker();
  markers.push(m);
  return m;
}

function scope(name = "test"): ResourceScope {
  const s = new ResourceScope(name);
  scopes.push(s);
  return s;
}

describe("ResourceScope", () => {
  it("ends what a finished one-shot command left running in the background", async () => {
    const mark = marker();
    const s = scope();
    const result = await runInResourceScope(s, () =>
      runProcess(bash(`sleep ${mark} >/dev/null 2>&1 &`)),
    );
    expect(result.exitCode).toBe(0);
    expect(processesWithMarker(mark)).toHaveLength(1);
    await s.dispose();
    expect(await survivors(mark)).toEqual([]);
  });

  it("SIGKILLs a group that ignores SIGTERM once the grace period is over", async () => {
    const mark = marker();
    const s = scope();
    await runInResourceScope(s, () =>
      runProcess(
        bash(`trap '' TERM; sleep ${mark} >/dev/null 2>&1 & sleep ${mark} >/dev/null 2>&1 &`),
      ),
    );
    expect(processesWithMarker(mark)).toHaveLength(2);
    await s.dispose(200);
    expect(await survivors(mark)).toEqual([]);
  });

  it("closes an exec-session manager created inside it", async () => {
    const mark = marker();
    const s = scope();
    const manager = runInResourceScope(s, () => new UnifiedExecManager());
    const reply = await manager.execCommand({
      plan: bash(`sleep ${mark} & sleep ${mark}`),
      yieldTimeMs: 250,
    });
    expect(reply.sessionId).not.toBeNull();
    expect(processesWithMarker(mark).length).toBeGreaterThanOrEqual(2);
    await s.dispose();
    expect(manager.sessionIds()).toEqual([]);
    expect(await survivors(mark)).toEqual([]);
  });

  it("leaves other scopes' processes alone", async () => {
    const [a, b] = [scope("a"), scope("b")];
    const [markA, markB] = [marker(), marker()];
    await runInResourceScope(a, () => runProcess(bash(`sleep ${markA} >/dev/null 2>&1 &`)));
    await runInResourceScope(b, () => runProcess(bash(`sleep ${markB} >/dev/null 2>&1 &`)));
    await a.dispose();
    expect(await survivors(markA)).toEqual([]);
    expect(processesWithMarker(markB)).toHaveLength(1);
    await b.dispose();
    expect(await survivors(markB)).toEqual([]);
  });

  it("ends a process started after it was disposed", async () => {
    const mark = marker();
    const s = scope();
    await s.dispose();
    await runInResourceScope(s, () => runProcess(bash(`sleep ${mark} >/dev/null 2>&1 &`)));
    expect(await survivors(mark)).toEqual([]);
  });

  it("ends a process that shares our group together with its children (MCP servers)", async () => {
    const mark = marker();
    const s = scope();
    const child = spawn("/bin/sh", ["-c", `sleep ${mark} & sleep ${mark}; wait`], {
      stdio: "ignore",
    });
    const tracked = runInResourceScope(s, () =>
      trackProcess(child.pid, { kind: "mcp-server", group: false }),
    );
    child.once("exit", () => tracked.exited());
    // The shell and its two sleeps.
    await expect.poll(() => processesWithMarker(mark).length).toBe(3);
    await s.dispose();
    expect(await survivors(mark)).toEqual([]);
  });

  it("lets a lingering process (notify) finish before ending it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "codex-ts-scope-"));
    try {
      const done = path.join(dir, "done");
      const s = scope();
      const child = spawn("/bin/sh", ["-c", `sleep 0.2; touch ${done}`], {
        detached: true,
        stdio: "ignore",
      });
      const tracked = runInResourceScope(s, () =>
        trackProcess(child.pid, { kind: "notify", group: true, lingerMs: 10_000 }),
      );
      child.once("exit", () => tracked.exited());
      await s.dispose();
      expect(existsSync(done)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is what the call chain sees inside runInResourceScope, and nothing outside", async () => {
    const s = scope();
    expect(currentResourceScope()).toBeUndefined();
    const seen = await runInResourceScope(s, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentResourceScope();
    });
    expect(seen).toBe(s);
  });
});
