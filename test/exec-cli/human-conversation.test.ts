// `codex exec`'s human output over a real in-process session against the mock model: the printer
// reads the items the core emits, run the way `codex exec` runs a task (approvals refused).
import { describe, expect, it } from "vitest";
import { runUnattendedTask } from "../../src/cli/unattended.js";
import { HumanEventProcessor } from "../../src/exec-cli/index.js";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { sse, type MockServer } from "../mock-server/index.js";
import { startConversation } from "../core/session-harness.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

const turn = (id: string, ...items: ReturnType<typeof sse.functionCall>[]) => ({
  sse: [sse.created(id), ...items.flat(), sse.completed(id)],
});
const execCall = (id: string, cmd: string) =>
  sse.functionCall(id, "exec_command", JSON.stringify({ cmd }));

async function runExec(cli: Parameters<typeof startConversation>[2]) {
  let stdout = "";
  let stderr = "";
  const processor = new HumanEventProcessor({
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    color: "never",
  });
  const { conversation, sessionConfigured } = await startConversation(ws, mock.url, cli);
  processor.processEvent({ id: "", msg: sessionConfigured });
  await runUnattendedTask(
    conversation,
    { type: "user_input", items: [{ type: "text", text: "go" }] },
    (ev) => processor.processEvent(ev),
  );
  const result = processor.finish();
  // Durations vary from run to run.
  return { stdout, stderr: stderr.replace(/ in \d+ms:/g, " in Nms:"), result };
}

describe("codex exec human output over items", () => {
  it("prints reasoning, commands, a patch and the answer of a real turn", async () => {
    const patch = "*** Begin Patch\n*** Add File: notes.txt\n+line one\n*** End Patch\n";
    mock.enqueue(
      turn(
        "r1",
        sse.reasoning(["**Looking** around", "**Running** echo"]),
        execCall("c1", "echo hi"),
      ),
      turn("r2", sse.customToolCall("c2", "apply_patch", patch)),
      turn("r3", [sse.message("It printed hi.", "msg_r3")]),
    );
    const { stdout, stderr, result } = await runExec({
      approvalPolicy: "never",
      sandboxMode: "danger-full-access",
    });
    expect(stderr).toBe(
      [
        "**Looking** around",
        "**Running** echo",
        "exec",
        `/bin/bash -lc 'echo hi' in ${ws.work}`,
        " succeeded in Nms:",
        "hi",
        "",
        "apply patch",
        "patch: completed",
        `${ws.work}/notes.txt`,
        "diff --git a/notes.txt b/notes.txt",
        "new file mode 100644",
        "index 0000000000000000000000000000000000000000..2d00bd505971a8bc7318d98e003aee708a367c85",
        "--- /dev/null",
        "+++ b/notes.txt",
        "@@ -0,0 +1 @@",
        "+line one",
        "",
        "codex",
        "It printed hi.",
        "tokens used",
        "0",
        "",
      ].join("\n"),
    );
    expect(stdout).toBe("It printed hi.\n");
    expect(result.exitCode).toBe(0);
  });

  it("prints nothing for a command whose approval `codex exec` refused", async () => {
    mock.enqueue(
      turn("r1", execCall("c1", "touch refused.txt")),
      turn("r2", [sse.message("Could not run it.", "msg_r2")]),
    );
    const { stderr, result } = await runExec({
      approvalPolicy: "untrusted",
      sandboxMode: "danger-full-access",
    });
    expect(stderr).not.toContain("exec\n");
    expect(stderr).not.toContain("refused.txt");
    expect(stderr.startsWith("codex\nCould not run it.\n")).toBe(true);
    expect(result.exitCode).toBe(0);
  });
});
