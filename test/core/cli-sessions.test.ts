// Session persistence through the built CLI: a process killed mid-turn leaves a file that
// resumes, and `codex exec fork` at each user message.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readRollout } from "../../src/rollout/index.js";
import { jsonLines, runCli, useMockWorkspace, type Workspace } from "../harness.js";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { messageTexts, requestInput } from "./task-helpers.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

function rolloutFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(path.join(ws.home, "sessions"));
  return out.sort();
}

const userTexts = (texts: string[]) =>
  texts.filter((t) => t.startsWith("user: ") && !t.includes("<environment_context>"));

describe("crash safety", () => {
  it("a session killed with SIGKILL mid-turn resumes with everything done before the kill", async () => {
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall(
            "call_1",
            "exec_command",
            JSON.stringify({ cmd: "echo step-one-done" }),
          ),
          sse.completed("r1"),
        ],
      },
      { hang: true },
    );
    const killed = await runCli(["exec", "--json", "start the long job"], {
      cwd: ws.work,
      home: ws.home,
      onSpawn: (child) => {
        // The second request means the tool ran and its result was recorded and flushed.
        void mock.waitForRequests(2).then(() => child.kill("SIGKILL"));
      },
    });
    expect(killed.signal).toBe("SIGKILL");
    const [file] = rolloutFiles();
    const { items, errors } = await readRollout(file!);
    expect(errors).toEqual([]);
    expect(
      items.some((i) => i.type === "response_item" && i.payload.type === "function_call_output"),
    ).toBe(true);

    mock.enqueue(plainAnswer("picked up where we left off"));
    const resumed = await runCli(["exec", "resume", "--json", "--last", "carry on"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(resumed.code).toBe(0);
    expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({ type: "turn.completed" });
    const input = requestInput(mock.requests[2]);
    const output = input.find((i) => i.type === "function_call_output");
    expect(output && "output" in output ? String(output.output) : "").toContain("step-one-done");
    expect(userTexts(messageTexts(mock.requests[2]))).toEqual([
      "user: start the long job",
      "user: carry on",
    ]);
    expect(rolloutFiles()).toEqual([file]);
  });
});

describe("codex exec fork", () => {
  async function threeTurnSession(): Promise<{ id: string; file: string }> {
    mock.enqueue(plainAnswer("a1"), plainAnswer("a2"), plainAnswer("a3"));
    const first = await runCli(["exec", "--json", "q1"], { cwd: ws.work, home: ws.home });
    expect(first.code).toBe(0);
    const id = jsonLines(first.stdout)[0]!.thread_id as string;
    for (const q of ["q2", "q3"]) {
      const r = await runCli(["exec", "resume", "--json", id, q], { cwd: ws.work, home: ws.home });
      expect(r.code).toBe(0);
    }
    return { id, file: rolloutFiles()[0]! };
  }

  it("forks before each user message into a new session, leaving the original alone", async () => {
    const { id, file } = await threeTurnSession();
    const original = readFileSync(file, "utf8");
    for (const nth of [1, 2, 3]) {
      mock.enqueue(plainAnswer(`fork ${nth}`));
      const r = await runCli(
        ["exec", "fork", "--json", id, "--nth-user-message", String(nth), `instead of q${nth}`],
        { cwd: ws.work, home: ws.home },
      );
      expect(r.code, r.stderr).toBe(0);
      const threadId = jsonLines(r.stdout)[0]!.thread_id as string;
      expect(threadId).not.toBe(id);
      const kept = ["q1", "q2", "q3"].slice(0, nth - 1);
      const sent = messageTexts(mock.requests.at(-1));
      expect(userTexts(sent)).toEqual([
        ...kept.map((q) => `user: ${q}`),
        `user: instead of q${nth}`,
      ]);
      // Kept turns keep their answers; the cut one and later ones are gone.
      expect(sent.filter((t) => t.startsWith("assistant: "))).toEqual(
        kept.map((_, i) => `assistant: a${i + 1}`),
      );
    }
    expect(readFileSync(file, "utf8")).toBe(original);
    expect(rolloutFiles()).toHaveLength(4);
  });

  it("--last forks the whole conversation; the fork itself resumes", async () => {
    await threeTurnSession();
    mock.enqueue(plainAnswer("forked"), plainAnswer("fork resumed"));
    const r = await runCli(["exec", "fork", "--json", "--last", "q4"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(r.code, r.stderr).toBe(0);
    const forkId = jsonLines(r.stdout)[0]!.thread_id as string;
    expect(userTexts(messageTexts(mock.requests.at(-1)))).toEqual(
      ["q1", "q2", "q3", "q4"].map((q) => `user: ${q}`),
    );
    const again = await runCli(["exec", "resume", "--json", forkId, "q5"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(userTexts(messageTexts(mock.requests.at(-1)))).toEqual(
      ["q1", "q2", "q3", "q4", "q5"].map((q) => `user: ${q}`),
    );
  });

  it("explains a message number the session does not have", async () => {
    const { id } = await threeTurnSession();
    const r = await runCli(["exec", "fork", id, "--nth-user-message", "7", "x"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("has 3 user messages; cannot fork before message 7");
  });
});
