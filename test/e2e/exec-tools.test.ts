// Tools end to end through `codex exec`: commands, patches, plans, images, secrets.
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  jsonLines,
  mockConfig,
  runCli,
  writeConfig,
  type Workspace,
  useMockWorkspace,
} from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

const turn = (...events: ReturnType<typeof sse.functionCall>[]) => ({
  sse: [sse.created("r1"), ...events.flat(), sse.completed("r1")],
});

function lastOutputs(): Array<{ type: string; call_id: string; output: unknown }> {
  const input = mock.requests.at(-1)!.body!.input as Array<{
    type: string;
    call_id: string;
    output: unknown;
  }>;
  return input.filter((i) => i.type.endsWith("_output"));
}

describe("exec_command", () => {
  it("runs a command and reports it as a command_execution item", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "danger-full-access"'));
    mock.enqueue(
      turn(sse.functionCall("call_echo", "exec_command", JSON.stringify({ cmd: "echo hi && ls" }))),
      plainAnswer("It printed hi."),
    );
    const r = await runCli(["exec", "--json", "Run echo hi."], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    const started = lines.find((l) => l.type === "item.started")!;
    expect(started.item).toEqual({
      id: "item_0",
      type: "command_execution",
      command: "/bin/bash -lc 'echo hi && ls'",
      aggregated_output: "",
      exit_code: null,
      status: "in_progress",
    });
    const done = lines.find(
      (l) =>
        l.type === "item.completed" && (l.item as { type: string }).type === "command_execution",
    )!;
    expect(done.item).toMatchObject({ exit_code: 0, status: "completed" });
    expect((done.item as { aggregated_output: string }).aggregated_output).toContain(
      "hi\nhello.txt\n",
    );
    const [out] = lastOutputs();
    expect(out!.output).toMatch(
      /^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\nProcess exited with code 0\nOriginal token count: \d+\nOutput:\n/,
    );
    expect(String(out!.output)).toContain("hi\nhello.txt\n");
  });

  it("secrets in codex's environment never reach the command", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "danger-full-access"'));
    mock.enqueue(
      turn(sse.functionCall("c1", "exec_command", JSON.stringify({ cmd: "env" }))),
      plainAnswer("done"),
    );
    const r = await runCli(["exec", "go"], {
      cwd: ws.work,
      home: ws.home,
      env: {
        MY_SERVICE_API_KEY: "leak-1",
        GH_TOKEN: "leak-2",
        DB_SECRET: "leak-3",
        VISIBLE_VAR: "shown",
      },
    });
    expect(r.code).toBe(0);
    const out = String(lastOutputs()[0]!.output);
    expect(out).toContain("VISIBLE_VAR=shown");
    expect(out).not.toContain("leak-");
    expect(out).not.toContain("sk-mock-test-key");
  });

  it("in the human output, commands show exit status and duration", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "danger-full-access"'));
    mock.enqueue(
      turn(
        sse.functionCall("c1", "exec_command", JSON.stringify({ cmd: "echo oops >&2; exit 3" })),
      ),
      plainAnswer("failed"),
    );
    const r = await runCli(["exec", "go"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`/bin/bash -lc 'echo oops >&2; exit 3' in ${ws.work}`);
    expect(r.stderr).toMatch(/ exited 3 in \d+ms:\noops/);
    expect(r.stdout).toBe("failed\n");
  });
});

describe("apply_patch", () => {
  it("applies a freeform patch and reports a file_change item", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "workspace-write"'));
    const patch =
      "*** Begin Patch\n*** Add File: notes.txt\n+line one\n+line two\n*** Update File: hello.txt\n@@\n-hello\n+hello world\n*** End Patch";
    mock.enqueue(
      turn(sse.customToolCall("call_add", "apply_patch", patch)),
      plainAnswer("patched"),
    );
    const r = await runCli(["exec", "--json", "patch it"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(ws.work, "notes.txt"), "utf8")).toBe("line one\nline two\n");
    expect(readFileSync(path.join(ws.work, "hello.txt"), "utf8")).toBe("hello world\n");
    const [out] = lastOutputs();
    expect(out).toMatchObject({ type: "custom_tool_call_output", call_id: "call_add" });
    expect(out!.output).toMatch(
      /^Exit code: 0\nWall time: \d+(?:\.\d)? seconds\nOutput:\nSuccess\. Updated the following files:\nA notes\.txt\nM hello\.txt\n$/,
    );
    const change = jsonLines(r.stdout).find(
      (l) => l.type === "item.completed" && (l.item as { type: string }).type === "file_change",
    )!;
    const changes = (change.item as { changes: unknown[] }).changes;
    expect(changes).toHaveLength(2);
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: path.join(ws.work, "notes.txt"), kind: "add" },
        { path: path.join(ws.work, "hello.txt"), kind: "update" },
      ]),
    );
  });

  it("a patch under the read-only sandbox is rejected and nothing is written", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    const patch = "*** Begin Patch\n*** Add File: blocked.txt\n+nope\n*** End Patch";
    mock.enqueue(turn(sse.customToolCall("c1", "apply_patch", patch)), plainAnswer("ok"));
    const r = await runCli(["exec", "patch it"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.work, "blocked.txt"))).toBe(false);
    expect(lastOutputs()[0]!.output).toBe(
      "patch rejected: writing is blocked by read-only sandbox; rejected by user approval settings",
    );
  });

  it("a patch whose context does not match tells the model which lines, and writes nothing", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "workspace-write"'));
    const patch =
      "*** Begin Patch\n*** Add File: first.txt\n+x\n*** Update File: hello.txt\n@@\n-this context does not exist\n+nope\n*** End Patch";
    mock.enqueue(turn(sse.customToolCall("c1", "apply_patch", patch)), plainAnswer("ok"));
    const r = await runCli(["exec", "patch it"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.work, "first.txt"))).toBe(false);
    expect(lastOutputs()[0]!.output).toBe(
      `apply_patch verification failed: Failed to find expected lines in ${path.join(ws.work, "hello.txt")}:\nthis context does not exist`,
    );
  });

  it("an apply_patch heredoc sent through exec_command is applied as a patch", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "workspace-write"'));
    const cmd =
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: via-shell.txt\n+from shell\n*** End Patch\nEOF\n";
    mock.enqueue(
      turn(sse.functionCall("c1", "exec_command", JSON.stringify({ cmd }))),
      plainAnswer("ok"),
    );
    const r = await runCli(["exec", "patch it"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(ws.work, "via-shell.txt"), "utf8")).toBe("from shell\n");
    expect(String(lastOutputs()[0]!.output)).toContain(
      "Success. Updated the following files:\nA via-shell.txt\n",
    );
  });
});

describe("update_plan and view_image", () => {
  it("plan updates become a todo_list item", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    const plan1 = {
      plan: [
        { step: "Inspect repo", status: "completed" },
        { step: "Write code", status: "in_progress" },
      ],
    };
    const plan2 = {
      plan: [
        { step: "Inspect repo", status: "completed" },
        { step: "Write code", status: "completed" },
      ],
    };
    mock.enqueue(
      turn(sse.functionCall("p1", "update_plan", JSON.stringify(plan1))),
      turn(sse.functionCall("p2", "update_plan", JSON.stringify(plan2))),
      plainAnswer("Plan complete."),
    );
    const r = await runCli(["exec", "--json", "plan"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const todo = jsonLines(r.stdout).filter(
      (l) => (l.item as { type?: string } | undefined)?.type === "todo_list",
    );
    expect(todo.map((l) => l.type)).toEqual(["item.started", "item.updated", "item.completed"]);
    expect(todo[0]!.item).toEqual({
      id: "item_0",
      type: "todo_list",
      items: [
        { text: "Inspect repo", completed: true },
        { text: "Write code", completed: false },
      ],
    });
    expect(lastOutputs().map((o) => o.output)).toEqual(["Plan updated", "Plan updated"]);
  });

  it("view_image sends the image to the model and refuses non-images", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    // A 1x1 PNG.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    writeFileSync(path.join(ws.work, "dot.png"), png);
    mock.enqueue(
      turn(
        sse.functionCall("v1", "view_image", JSON.stringify({ path: "dot.png" })),
        sse.functionCall("v2", "view_image", JSON.stringify({ path: "hello.txt" })),
      ),
      plainAnswer("I see a dot."),
    );
    const r = await runCli(["exec", "look"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const [img, txt] = lastOutputs();
    expect(JSON.stringify(img!.output)).toContain(
      `data:image/png;base64,${png.toString("base64")}`,
    );
    expect(String(txt!.output)).toContain("not a supported image");
  });
});

describe("parallel calls, local_shell and read_file", () => {
  it("parallel-safe calls really run at the same time, outputs in call order", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "danger-full-access"'));
    // A can only finish if B runs while A is still waiting.
    const a =
      "for i in $(seq 200); do [ -f b.flag ] && break; sleep 0.05; done; [ -f b.flag ] && echo A-saw-B";
    const b = "touch b.flag; echo B";
    mock.enqueue(
      turn(
        sse.functionCall("call_a", "exec_command", JSON.stringify({ cmd: a, login: false })),
        sse.functionCall("call_b", "exec_command", JSON.stringify({ cmd: b, login: false })),
      ),
      plainAnswer("both ran"),
    );
    const r = await runCli(["exec", "go"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const outputs = lastOutputs();
    expect(outputs.map((o) => o.call_id)).toEqual(["call_a", "call_b"]);
    expect(String(outputs[0]!.output)).toContain("A-saw-B");
  });

  it("a Responses local_shell_call runs like the shell tool", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "danger-full-access"'));
    const item = {
      type: "local_shell_call",
      id: "ls_1",
      call_id: "call_local",
      status: "completed",
      action: { type: "exec", command: ["bash", "-c", "echo local-shell"] },
    };
    mock.enqueue(
      { sse: [sse.created("r1"), sse.itemDone(item), sse.completed("r1")] },
      plainAnswer("ok"),
    );
    const r = await runCli(["exec", "go"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const [out] = lastOutputs();
    expect(out).toMatchObject({ type: "function_call_output", call_id: "call_local" });
    expect(JSON.parse(String(out!.output))).toMatchObject({ metadata: { exit_code: 0 } });
    expect(String(out!.output)).toContain("local-shell");
  });

  it("read_file is offered only when enabled and returns numbered lines", async () => {
    writeConfig(ws.home, mockConfig(mock.url, "[tools]\nread_file = true"));
    writeFileSync(path.join(ws.work, "lines.txt"), "one\ntwo\nthree\n");
    const args = JSON.stringify({
      file_path: path.join(ws.work, "lines.txt"),
      offset: 2,
      limit: 2,
    });
    mock.enqueue(turn(sse.functionCall("rf", "read_file", args)), plainAnswer("ok"));
    const r = await runCli(["exec", "go"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const names = (mock.requests[0]!.body!.tools as Array<{ name?: string }>).map((t) => t.name);
    expect(names).toContain("read_file");
    expect(lastOutputs()[0]!.output).toBe("L2: two\nL3: three");
  });
});
