// fuzzyFileSearch, fs/watch + fs/changed + fs/unwatch, and interactive command/exec (stdin
// written with command/exec/write, a PTY resized with command/exec/resize), as a real process.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { AppServerClient, useAppServerClients } from "./client.js";

let ws: Workspace;

useMockWorkspace((_m, w) => {
  ws = w;
});

const spawnServer = useAppServerClients();

async function ready(): Promise<AppServerClient> {
  const client = spawnServer({ cwd: ws.work, home: ws.home });
  await client.initialize();
  return client;
}

const text = (b64: unknown) => Buffer.from(String(b64), "base64").toString("utf8");

/** Everything a process streamed so far, decoded. */
function streamed(c: AppServerClient, processId: string): string {
  return c
    .notifications("command/exec/outputDelta")
    .filter((m) => m.params!.processId === processId)
    .map((m) => text(m.params!.deltaBase64))
    .join("");
}

async function untilStreamed(c: AppServerClient, processId: string, want: string): Promise<void> {
  while (!streamed(c, processId).includes(want)) {
    await c.notification(
      "command/exec/outputDelta",
      (p) => p.processId === processId && streamed(c, processId).includes(want),
    );
  }
}

describe("fuzzyFileSearch", () => {
  it("ranks the files of each root for the query, honouring .gitignore", async () => {
    mkdirSync(path.join(ws.work, "src", "deep"), { recursive: true });
    writeFileSync(path.join(ws.work, "src", "deep", "needle-finder.ts"), "");
    writeFileSync(path.join(ws.work, "src", "other.ts"), "");
    writeFileSync(path.join(ws.work, "ignored-needle.log"), "");
    writeFileSync(path.join(ws.work, ".gitignore"), "*.log\n");
    const c = await ready();
    const r = await c.call("fuzzyFileSearch", { query: "needfind", roots: [ws.work] });
    const files = r.files as Array<Record<string, unknown>>;
    expect(files.map((f) => f.path)).toEqual([path.join("src", "deep", "needle-finder.ts")]);
    expect(files[0]).toMatchObject({
      root: ws.work,
      file_name: "needle-finder.ts",
      match_type: "file",
    });
    expect((files[0]!.indices as number[]).length).toBe("needfind".length);
    expect(await c.call("fuzzyFileSearch", { query: "", roots: [ws.work] })).toEqual({ files: [] });
    const relative = await c.request("fuzzyFileSearch", { query: "x", roots: ["rel"] });
    expect(relative.error?.message).toContain("must be an absolute path");
  });
});

describe("fs/watch", () => {
  it("reports changes in a watched directory until unwatched, and names bad paths", async () => {
    const dir = path.join(ws.work, "watched");
    mkdirSync(dir);
    const c = await ready();
    expect(await c.call("fs/watch", { path: dir, watchId: "w1" })).toEqual({ path: dir });
    const again = await c.request("fs/watch", { path: dir, watchId: "w1" });
    expect(again.error?.message).toContain("watch id w1 is already in use");
    writeFileSync(path.join(dir, "new.txt"), "hello");
    const changed = await c.notification("fs/changed", (p) =>
      (p.changedPaths as string[]).includes(path.join(dir, "new.txt")),
    );
    expect(changed.params!.watchId).toBe("w1");
    expect(await c.call("fs/unwatch", { watchId: "w1" })).toEqual({});
    const gone = await c.request("fs/unwatch", { watchId: "w1" });
    expect(gone.error?.message).toContain("no watch w1");
    const missing = await c.request("fs/watch", {
      path: path.join(ws.work, "absent"),
      watchId: "w2",
    });
    expect(missing.error?.message).toContain(
      `cannot watch ${path.join(ws.work, "absent")}: ENOENT`,
    );
  });
});

describe("interactive command/exec", () => {
  it("feeds stdin through command/exec/write and closes it", async () => {
    const c = await ready();
    const run = c.request("command/exec", {
      command: ["/bin/sh", "-c", "read line; echo got:$line; cat"],
      cwd: ws.work,
      processId: "cat",
      streamStdin: true,
      streamStdoutStderr: true,
      disableTimeout: true,
    });
    // The process is registered once it has started; writes before that are refused.
    let w = await c.request("command/exec/write", {
      processId: "cat",
      deltaBase64: Buffer.from("first\n").toString("base64"),
    });
    while (w.error) {
      expect(w.error.message).toContain("no running process cat");
      w = await c.request("command/exec/write", {
        processId: "cat",
        deltaBase64: Buffer.from("first\n").toString("base64"),
      });
    }
    await untilStreamed(c, "cat", "got:first\n");
    await c.call("command/exec/write", {
      processId: "cat",
      deltaBase64: Buffer.from("tail\n").toString("base64"),
      closeStdin: true,
    });
    const done = await run;
    expect(done.error).toBeUndefined();
    expect(done.result).toEqual({ exitCode: 0, stdout: "", stderr: "" });
    expect(streamed(c, "cat")).toBe("got:first\ntail\n");
    const noTty = await c.request("command/exec/resize", {
      processId: "cat",
      size: { cols: 10, rows: 5 },
    });
    expect(noTty.error?.message).toContain("no running process cat");
  });

  it("runs on a terminal the client resizes", async () => {
    const c = await ready();
    const run = c.request("command/exec", {
      command: ["/bin/sh", "-c", "stty size; read x; stty size"],
      cwd: ws.work,
      processId: "tty",
      tty: true,
      size: { cols: 100, rows: 30 },
      disableTimeout: true,
    });
    await untilStreamed(c, "tty", "30 100");
    await c.call("command/exec/resize", { processId: "tty", size: { cols: 120, rows: 40 } });
    await c.call("command/exec/write", {
      processId: "tty",
      deltaBase64: Buffer.from("go\r").toString("base64"),
    });
    await untilStreamed(c, "tty", "40 120");
    const done = await run;
    expect((done.result as { exitCode: number }).exitCode).toBe(0);
  });

  it("ends a client's interactive processes when the client goes away", async () => {
    const c = await ready();
    // Unsandboxed, so the pid the shell prints is the one this test can see.
    void c.request("command/exec", {
      command: ["/bin/sh", "-c", "echo pid:$$; exec sleep 600"],
      cwd: ws.work,
      processId: "sleeper",
      streamStdin: true,
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    await untilStreamed(c, "sleeper", "\n");
    const pid = Number(/pid:(\d+)/.exec(streamed(c, "sleeper"))![1]);
    expect(await c.close()).toBe(0);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    // The server has exited; its child is gone (killed, then reaped by init).
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
    expect(c.violations).toEqual([]);
  });
});
