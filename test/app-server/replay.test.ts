// Replays the reference app-server's transcripts (test/fixtures/app-server/captures) against
// codex-ts: the same client messages, and for every reference answer an answer of the same
// kind — same error code and message (known deliberate differences listed), results carrying
// every field the reference's carried, and the same notifications in the same order.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { REPO_ROOT, useMockWorkspace, type Workspace } from "../harness.js";
import { AppServerClient, type Message } from "./client.js";

let mock: MockServer;
let ws: Workspace;
let client: AppServerClient | null = null;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

afterEach(async () => {
  if (!client) return;
  const c = client;
  client = null;
  await c.close();
  expect(c.violations).toEqual([]);
});

interface Line {
  dir: "c2s" | "s2c";
  msg: Message;
}

function capture(name: string): Line[] {
  const file = path.join(REPO_ROOT, "test", "fixtures", "app-server", "captures", name);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);
}

/** Notifications codex-ts does not send (no remote control, no model metadata catalog). */
const NOT_SENT = new Set(["remoteControl/status/changed", "deprecationNotice", "warning"]);

/**
 * Where codex-ts answers differently on purpose (docs/app-server.md): the reference decodes an
 * experimental method's params before checking the capability; codex-ts has no schema for
 * methods it does not serve, so it names the missing capability.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  "thread/settings/update": "thread/settings/update requires experimentalApi capability",
};

/** Result fields of the reference that codex-ts leaves out: read tracking of the desktop app. */
const NOT_IN_RESULTS = new Set(["readState"]);

function keysOf(v: unknown): string[] {
  return v && typeof v === "object" && !Array.isArray(v)
    ? Object.keys(v).filter((k) => !NOT_IN_RESULTS.has(k))
    : [];
}

async function replay(name: string, c: AppServerClient): Promise<void> {
  const lines = capture(name);
  const threadIds = new Map<string, string>();
  const subst = (text: string) => {
    let out = text.replaceAll("$TMP/probe-ws", ws.work);
    for (const [ref, ours] of threadIds) out = out.replaceAll(ref, ours);
    return out;
  };
  const shown = (upTo: number) =>
    lines
      .slice(0, upTo)
      .filter((l) => l.dir === "s2c" && l.msg.method && l.msg.id === undefined)
      .filter((l) => !NOT_SENT.has(l.msg.method!)).length;
  for (const [i, line] of lines.entries()) {
    if (line.dir !== "c2s") continue;
    // The reference client sent this after seeing these notifications; so does the replay.
    const before = shown(i);
    if (c.notifications().length < before) {
      await c.waitFor(() => c.notifications().length >= before);
    }
    const msg = JSON.parse(subst(JSON.stringify(line.msg))) as Message;
    if (msg.method === undefined) {
      // A reply to a server request: wait for ours, answer it under our id.
      const ref = lines.find((l) => l.dir === "s2c" && l.msg.id === msg.id && l.msg.method)!;
      const ours = await c.waitFor((m) => m.method === ref.msg.method && m.id !== undefined);
      c.sendRaw({ ...msg, id: ours.id });
      continue;
    }
    if (msg.id === undefined) {
      c.sendRaw(msg);
      continue;
    }
    c.send(msg.method, msg.params, msg.id);
    const ours = await c.waitFor((m) => m.id === msg.id && m.method === undefined);
    const ref = lines.slice(i).find((l) => l.dir === "s2c" && l.msg.id === msg.id && !l.msg.method);
    if (!ref) continue;
    const where = `${name}: ${msg.method} (${JSON.stringify(msg.id)})`;
    if (ref.msg.error) {
      expect(ours.error?.code, where).toBe(ref.msg.error.code);
      const expected = KNOWN_DIFFERENCES[msg.method] ?? subst(ref.msg.error.message);
      const trimmed = expected.endsWith("...[trimmed]") ? expected.slice(0, -12) : expected;
      expect(ours.error!.message.startsWith(trimmed), `${where}: ${ours.error!.message}`).toBe(
        true,
      );
    } else if (ref.msg.result) {
      expect(ours.error, where).toBeUndefined();
      const result = ours.result!;
      for (const key of keysOf(ref.msg.result)) expect(result, where).toHaveProperty(key);
      const refThread = (ref.msg.result as { thread?: { id: string } }).thread;
      if (refThread) {
        const ourThread = result.thread as Record<string, unknown>;
        for (const key of keysOf(refThread)) expect(ourThread, where).toHaveProperty(key);
        threadIds.set(refThread.id, ourThread.id as string);
      }
    }
  }
  // The same notifications (of the kinds codex-ts sends), in the same order.
  const refKinds = lines
    .filter((l) => l.dir === "s2c" && l.msg.method && l.msg.id === undefined)
    .map((l) => l.msg.method!)
    .filter((m) => !NOT_SENT.has(m));
  const ourKinds = c.notifications().map((m) => m.method!);
  const order = (kinds: string[]) => kinds.filter((k) => k !== "thread/status/changed");
  expect(order(ourKinds)).toEqual(order(refKinds));
  const count = (kinds: string[]) => kinds.filter((k) => k === "thread/status/changed").length;
  expect(count(ourKinds)).toBe(count(refKinds));
}

describe("reference transcripts replayed against codex-ts", () => {
  it("edge cases: errors before/at initialize, relative cwd, unknown fields, bad ids", async () => {
    // codex-ts refuses a cwd that does not exist (docs/app-server.md); the probe's existed.
    mkdirSync(path.join(ws.work, "relative", "path"), { recursive: true });
    client = AppServerClient.spawn({ cwd: ws.work, home: ws.home });
    await replay("edge-cases.jsonl", client);
    const started = client.messages.find((m) => m.id === 5)!.result!.thread as { cwd: string };
    expect(started.cwd).toBe(path.join(ws.work, "relative/path"));
  });

  it("initialize, model/list, config/read, unknown method, thread/start", async () => {
    client = AppServerClient.spawn({ cwd: ws.work, home: ws.home });
    await replay("initialize-model-list-config-read.jsonl", client);
  });

  it("a turn with a command approval", async () => {
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall(
            "call_1",
            "exec_command",
            JSON.stringify({
              cmd: `echo hi > ${ws.work}/as-escalated.txt`,
              sandbox_permissions: "require_escalated",
              justification: "probe wants to write",
            }),
          ),
          sse.completed("r1", { input_tokens: 10, output_tokens: 5 }),
        ],
      },
      plainAnswer("done after exec", { input_tokens: 10, output_tokens: 5 }, "r2"),
    );
    client = AppServerClient.spawn({
      cwd: ws.work,
      home: ws.home,
    });
    await replay("turn-with-command-approval.jsonl", client);
    expect(readFileSync(path.join(ws.work, "as-escalated.txt"), "utf8")).toBe("hi\n");
  });
});
