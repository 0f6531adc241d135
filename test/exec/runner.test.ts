import { describe, expect, it } from "vitest";
import type { ShellEnvironmentPolicy } from "../../src/config/types.js";
import { createChildEnv, runProcess, truncateForModel } from "../../src/exec/index.js";
import { bash, liveProcessesWithArg, uniqueSleepArg, waitFor } from "./helpers.js";

const defaultPolicy: ShellEnvironmentPolicy = {
  inherit: "all",
  ignoreDefaultExcludes: false,
  exclude: [],
  set: {},
  includeOnly: [],
};

async function childEnvNames(policy: ShellEnvironmentPolicy): Promise<Map<string, string>> {
  const parentEnv = {
    ...process.env,
    FOO_API_KEY: "k",
    MY_SECRET: "s",
    GH_TOKEN: "t",
    PLAIN_VALUE: "p",
  };
  const env = createChildEnv(policy, parentEnv);
  const result = await runProcess({ program: "/usr/bin/env", args: [], env, cwd: process.cwd() });
  expect(result.exitCode).toBe(0);
  const vars = new Map<string, string>();
  for (const line of result.output.text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) vars.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return vars;
}

describe("runProcess environment", () => {
  it("never passes *KEY*/*SECRET*/*TOKEN* variables by default", async () => {
    const vars = await childEnvNames(defaultPolicy);
    expect(vars.has("FOO_API_KEY")).toBe(false);
    expect(vars.has("MY_SECRET")).toBe(false);
    expect(vars.has("GH_TOKEN")).toBe(false);
    expect(vars.get("PLAIN_VALUE")).toBe("p");
  });

  it("honours set, include_only and inherit=none", async () => {
    const only = await childEnvNames({
      ...defaultPolicy,
      set: { CHOSEN: "yes" },
      includeOnly: ["CHOSEN", "PLAIN_*"],
    });
    expect([...only.keys()].sort()).toEqual(["CHOSEN", "PLAIN_VALUE"]);

    const none = await childEnvNames({ ...defaultPolicy, inherit: "none", set: { ONLY: "1" } });
    expect([...none.entries()]).toEqual([["ONLY", "1"]]);
  });
});

describe("runProcess output", () => {
  it("merges stdout and stderr in the order they were written", async () => {
    for (let i = 0; i < 20; i++) {
      const result = await runProcess(bash("echo a; echo b >&2; echo c"));
      expect(result.output.text).toBe("a\nb\nc\n");
    }
  });

  it("keeps stdout and stderr apart in separate mode", async () => {
    const result = await runProcess(bash("echo out; echo err >&2; exit 3"), {
      streams: "separate",
    });
    expect(result.exitCode).toBe(3);
    expect(result.stdout.text).toBe("out\n");
    expect(result.stderr.text).toBe("err\n");
    expect(result.output.text.split("\n").sort()).toEqual(["", "err", "out"]);
  });

  it("decodes invalid UTF-8 lossily", async () => {
    const result = await runProcess(bash("printf '\\xff\\xfe abc'"));
    expect(result.output.text).toBe("\uFFFD\uFFFD abc");
    expect(result.output.totalBytes).toBe(6);
  });

  it("streams chunks to onOutput and feeds stdin text", async () => {
    const chunks: Buffer[] = [];
    const result = await runProcess(bash("tr a-z A-Z"), {
      stdin: "hello\n",
      onOutput: (chunk) => chunks.push(Buffer.from(chunk)),
    });
    expect(Buffer.concat(chunks).toString()).toBe("HELLO\n");
    expect(result.output.text).toBe("HELLO\n");
  });

  it("gives commands /dev/null as stdin by default", async () => {
    const result = await runProcess(bash("cat; echo done"));
    expect(result.output.text).toBe("done\n");
  });

  it("truncates `seq 1 40000` exactly as the reference", async () => {
    const result = await runProcess(bash("seq 1 40000"));
    const model = truncateForModel(result.output, 10_000);
    expect(model.originalTokenCount).toBe(57_224);
    expect(
      model.text.startsWith(
        "Warning: truncated output (original token count: 57224)\nTotal output lines: 40000\n\n1\n2\n",
      ),
    ).toBe(true);
    expect(model.text).toContain("42…47224 tokens truncated…7");
    expect(model.text.endsWith("39999\n40000\n")).toBe(true);
    const body = model.text.slice(model.text.indexOf("\n\n") + 2);
    expect(Buffer.byteLength(body)).toBe(40_000 + Buffer.byteLength("…47224 tokens truncated…"));
  });

  it("keeps memory bounded for a command printing 1 GB", async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    let chunks = 0;
    const result = await runProcess(bash("head -c 1000000000 /dev/zero; echo; echo last-line"), {
      onOutput: () => {
        if (++chunks % 256 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(result.exitCode).toBe(0);
    expect(result.output.totalBytes).toBe(1_000_000_000 + 1 + 10);
    expect(result.output.totalLines).toBe(2);
    expect(result.output.tail.endsWith("\nlast-line\n")).toBe(true);
    expect(result.output.head.length + result.output.tail.length).toBeLessThanOrEqual(1024 * 1024);
    expect(peak - before).toBeLessThan(32 * 1024 * 1024);
  });
});

describe("runProcess termination", () => {
  it("kills the whole process tree on timeout and reports it", async () => {
    const marker = uniqueSleepArg();
    const result = await runProcess(
      bash(`sleep ${marker} & sleep ${marker} & echo started; wait`),
      { timeoutMs: 1_000 },
    );
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(124);
    expect(result.output.text).toBe("started\n");
    expect(await waitFor(() => liveProcessesWithArg(marker).length === 0)).toBe(true);
  });

  it("kills a tree that ignores SIGTERM after the grace period", async () => {
    const marker = uniqueSleepArg();
    const controller = new AbortController();
    const running = runProcess(bash(`trap '' TERM; sleep ${marker} & echo ready; wait`), {
      signal: controller.signal,
      killGraceMs: 100,
      onOutput: (chunk) => {
        if (chunk.toString().includes("ready")) controller.abort();
      },
    });
    const result = await running;
    expect(result.aborted).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(result.signal).toBe("SIGKILL");
    expect(await waitFor(() => liveProcessesWithArg(marker).length === 0)).toBe(true);
  });

  it("does not hang when a background child keeps the output open", async () => {
    const marker = uniqueSleepArg();
    const result = await runProcess(bash(`sleep ${marker} & echo done`), { drainTimeoutMs: 200 });
    expect(result.exitCode).toBe(0);
    expect(result.output.text).toBe("done\n");
    // Leftover jobs are not ours to kill after a normal exit; clean up this test's one.
    for (const pid of liveProcessesWithArg(marker)) process.kill(pid, "SIGKILL");
  });

  it("returns an already-aborted run without starting it", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runProcess(bash("echo never"), { signal: controller.signal });
    expect(result.aborted).toBe(true);
    expect(result.output.text).toBe("");
  });

  it("describes spawn failures instead of throwing", async () => {
    const missing = await runProcess({
      program: "no-such-program-xyz",
      args: [],
      env: {},
      cwd: "/",
    });
    expect(missing.spawnError).toBe(
      "failed to start `no-such-program-xyz`: program not found (check the name and PATH)",
    );
    const badCwd = await runProcess({ ...bash("true"), cwd: "/definitely/missing" });
    expect(badCwd.spawnError).toContain("working directory /definitely/missing does not exist");
  });
});
