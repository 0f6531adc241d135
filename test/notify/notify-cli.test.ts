// `notify` through the built CLI: the payload Codex sends after every turn, with a turn id of
// its own each time (also after `exec resume`) and no `client` key for `codex exec`, as the
// reference Codex 0.169 sends it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import { plainAnswer, type MockServer } from "../mock-server/index.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Waits (bounded) until the notify program has written `n` payloads; it runs detached. */
async function payloads(file: string, n: number): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const lines = existsSync(file)
      ? readFileSync(file, "utf8")
          .split("\n")
          .filter((l) => l !== "")
      : [];
    if (lines.length >= n || Date.now() > deadline) {
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("notify from codex exec", () => {
  it("sends a unique turn-id per turn, also after resume, and no client key", async () => {
    const log = path.join(ws.root, "notify.log");
    // The payload is the program's last argument; append it as one line.
    const notify = `notify = ["bash", "-c", "printf '%s\\\\n' \\"$1\\" >> '${log}'", "notify"]`;
    writeConfig(ws.home, mockConfig(mock.url, notify));
    mock.enqueue(plainAnswer("first answer"), plainAnswer("second answer"));

    const first = await runCli(["exec", "first question"], { cwd: ws.work, home: ws.home });
    expect(first.code, first.stderr).toBe(0);
    await payloads(log, 1);
    const second = await runCli(["exec", "resume", "--last", "second question"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(second.code, second.stderr).toBe(0);

    const [a, b] = await payloads(log, 2);
    expect(a && b, "both turns notified").toBeTruthy();
    for (const p of [a!, b!]) {
      expect(Object.keys(p)).toEqual([
        "type",
        "thread-id",
        "turn-id",
        "cwd",
        "input-messages",
        "last-assistant-message",
      ]);
      expect(p["turn-id"]).toMatch(UUID);
    }
    expect(a!["turn-id"]).not.toBe(b!["turn-id"]);
    expect(a!["thread-id"]).toBe(b!["thread-id"]);
    expect(a).toMatchObject({
      type: "agent-turn-complete",
      cwd: ws.work,
      "input-messages": ["first question"],
      "last-assistant-message": "first answer",
    });
    expect(b).toMatchObject({
      "input-messages": ["second question"],
      "last-assistant-message": "second answer",
    });
  });
});
