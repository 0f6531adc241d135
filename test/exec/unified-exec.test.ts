import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UnifiedExecError, UnifiedExecManager } from "../../src/exec/index.js";
import { bash, liveProcessesWithArg, uniqueSleepArg, waitFor } from "./helpers.js";

const managers: UnifiedExecManager[] = [];
function manager(
  options?: ConstructorParameters<typeof UnifiedExecManager>[0],
): UnifiedExecManager {
  const created = new UnifiedExecManager(options);
  managers.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.closeAll()));
});

const HEADER = /^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\n/;

describe("exec_command / write_stdin", () => {
  it("returns the exit code and output of a command that finishes in time", async () => {
    const execs = manager();
    const reply = await execs.execCommand({ plan: bash("echo to-stderr >&2; echo hi; exit 3") });
    expect(reply.text).toMatch(HEADER);
    expect(reply.text.replace(HEADER, "")).toBe(
      "Process exited with code 3\nOriginal token count: 4\nOutput:\nto-stderr\nhi\n",
    );
    expect(reply.sessionId).toBeNull();
    expect(execs.sessionIds()).toEqual([]);
  });

  it("yields a running session, then a poll collects the rest and the exit code", async () => {
    const execs = manager();
    // The script waits for a file we create, so "still running" does not depend on timing.
    const gate = join(tmpdir(), `codex-ts-gate-${process.pid}-${Date.now()}`);
    const first = await execs.execCommand({
      plan: bash(`echo start; while [ ! -e ${gate} ]; do sleep 0.02; done; rm ${gate}; echo late`),
      yieldTimeMs: 300,
    });
    expect(first.exitCode).toBeNull();
    expect(first.sessionId).toBeGreaterThanOrEqual(10_000);
    expect(first.sessionId).toBeLessThan(100_000);
    expect(first.text.replace(HEADER, "")).toBe(
      `Process running with session ID ${first.sessionId}\nOriginal token count: 2\nOutput:\nstart\n`,
    );
    writeFileSync(gate, "");
    const second = await execs.writeStdin({
      sessionId: first.sessionId as number,
      yieldTimeMs: 5_000,
    });
    expect(second.text.replace(HEADER, "")).toBe(
      "Process exited with code 0\nOriginal token count: 2\nOutput:\nlate\n",
    );
    await expect(execs.writeStdin({ sessionId: first.sessionId as number })).rejects.toThrow(
      `write_stdin failed: Unknown process id ${first.sessionId}`,
    );
  });

  it("reports an unknown session id with the reference message", async () => {
    const execs = manager();
    const error = await execs.writeStdin({ sessionId: 1000, chars: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnifiedExecError);
    expect((error as Error).message).toBe("write_stdin failed: Unknown process id 1000");
  });

  it("runs a TTY session that echoes input like a terminal", async () => {
    const execs = manager();
    const started = await execs.execCommand({ plan: bash("cat"), tty: true, yieldTimeMs: 250 });
    expect(started.exitCode).toBeNull();
    const id = started.sessionId as number;
    const echoed: Buffer[] = [];
    // Wait for the echo and cat's copy, however long the terminal takes.
    let seen = "";
    for (let i = 0; i < 5 && !seen.includes("typed line\r\ntyped line\r\n"); i++) {
      const reply = await execs.writeStdin({
        sessionId: id,
        chars: i === 0 ? "typed line\n" : "",
        yieldTimeMs: 250,
        onOutput: (chunk) => echoed.push(Buffer.from(chunk)),
      });
      seen += reply.rawOutput;
    }
    expect(seen).toBe("typed line\r\ntyped line\r\n");
    expect(Buffer.concat(echoed).toString()).toBe(seen);
    const ended = await execs.writeStdin({ sessionId: id, chars: "\u0004", yieldTimeMs: 5_000 });
    expect(ended.exitCode).toBe(0);
  });

  it("returns as soon as the process exits, long before the yield time", async () => {
    const execs = manager();
    const started = await execs.execCommand({
      plan: bash("read line; echo got $line; exit 5"),
      tty: true,
      yieldTimeMs: 250,
    });
    expect(started.exitCode).toBeNull();
    // With a 30 s yield, not returning on exit would exceed the test timeout.
    const reply = await execs.writeStdin({
      sessionId: started.sessionId as number,
      chars: "hi\n",
      yieldTimeMs: 30_000,
    });
    expect(reply.exitCode).toBe(5);
    expect(reply.rawOutput).toBe("hi\r\ngot hi\r\n");
  });

  it("refuses input to a session without a TTY", async () => {
    const execs = manager();
    const marker = uniqueSleepArg();
    const started = await execs.execCommand({ plan: bash(`sleep ${marker}`), yieldTimeMs: 250 });
    await expect(
      execs.writeStdin({ sessionId: started.sessionId as number, chars: "hello\n" }),
    ).rejects.toThrow(
      "write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open",
    );
  });

  it("truncates `seq 1 40000` exactly as the reference", async () => {
    const execs = manager();
    const reply = await execs.execCommand({ plan: bash("seq 1 40000") });
    const body = reply.text.replace(HEADER, "");
    expect(
      body.startsWith(
        "Process exited with code 0\nOriginal token count: 57224\nOutput:\n" +
          "Warning: truncated output (original token count: 57224)\nTotal output lines: 40000\n\n1\n2\n3\n",
      ),
    ).toBe(true);
    expect(body).toContain("42…47224 tokens truncated…7");
    // Same size as the captured reference reply (only Chunk ID and Wall time digits differ).
    expect(reply.text.length).toBe(40213);
  });

  it("honours max_output_tokens", async () => {
    const execs = manager();
    const reply = await execs.execCommand({ plan: bash("seq 1 100"), maxOutputTokens: 5 });
    expect(reply.output.text).toBe(
      "Warning: truncated output (original token count: 73)\nTotal output lines: 100\n\n" +
        "1\n2\n3\n4\n5\n…68 tokens truncated…98\n99\n100\n",
    );
  });

  it("closeAll kills every session's process tree", async () => {
    const execs = manager();
    const marker = uniqueSleepArg();
    for (const tty of [false, true]) {
      const reply = await execs.execCommand({
        plan: bash(`sleep ${marker} & sleep ${marker}; wait`),
        tty,
        yieldTimeMs: 250,
      });
      expect(reply.exitCode).toBeNull();
    }
    expect(await waitFor(() => liveProcessesWithArg(marker).length === 4)).toBe(true);
    await execs.closeAll();
    expect(execs.sessionIds()).toEqual([]);
    expect(await waitFor(() => liveProcessesWithArg(marker).length === 0)).toBe(true);
  });

  it("drops the least recently used session at the limit", async () => {
    const exits: number[] = [];
    const execs = manager({ maxSessions: 2, onSessionExit: (id) => exits.push(id) });
    const marker = uniqueSleepArg();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await execs.execCommand({ plan: bash(`sleep ${marker}`), yieldTimeMs: 250 });
      ids.push(reply.sessionId as number);
    }
    expect(execs.sessionIds().sort()).toEqual([ids[1], ids[2]].sort());
    expect(await waitFor(() => exits.includes(ids[0]!))).toBe(true);
  });

  it("reports a missing working directory as a model-facing error", async () => {
    const execs = manager();
    await expect(
      execs.execCommand({ plan: { ...bash("true"), cwd: "/definitely/missing" } }),
    ).rejects.toThrow(
      "exec_command failed: working directory /definitely/missing does not exist or is not a directory",
    );
  });

  it("sets the non-interactive environment for session commands", async () => {
    const execs = manager();
    const reply = await execs.execCommand({ plan: bash("echo $PAGER $NO_COLOR $TERM") });
    expect(reply.output.text).toBe("cat 1 dumb\n");
  });
});
