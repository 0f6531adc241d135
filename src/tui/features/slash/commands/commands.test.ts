import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SandboxPolicy } from "../../../../protocol/index.js";
import type { Picker, PickerItem, SlashAction, SlashContext } from "../actions.js";
import { approvalsCommand } from "./approvals.js";
import { customPromptCommand } from "./custom-prompts.js";
import { INIT_PROMPT, initCommand } from "./init.js";
import { formatMcpTools, mcpCommand } from "./mcp.js";
import { mentionCommand } from "./mention.js";
import { modelCommand } from "./model.js";
import { resumeCommand } from "./resume.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const WORKSPACE_WRITE: SandboxPolicy = {
  type: "workspace-write",
  writable_roots: ["/extra"],
  network_access: false,
  exclude_tmpdir_env_var: false,
  exclude_slash_tmp: false,
};

function ctx(over: Partial<SlashContext["session"]> = {}, taskRunning = false): SlashContext {
  const cwd = over.cwd ?? "/work";
  return {
    session: {
      sessionId: "s-1",
      rolloutPath: null,
      model: "gpt-5.5",
      effort: "medium",
      approvalPolicy: "on-request",
      sandboxPolicy: { type: "read-only" },
      cwd,
      ...over,
    },
    config: { codexHome: "/home/.codex", cwd, sandboxPolicy: WORKSPACE_WRITE },
    taskRunning,
  };
}

async function run(
  cmd: { run(c: SlashContext, a: string): SlashAction[] | Promise<SlashAction[]> },
  c: SlashContext,
  args = "",
) {
  return cmd.run(c, args);
}

function pickerOf(actions: SlashAction[]): Picker {
  const a = actions[0];
  if (a?.type !== "picker") throw new Error(`expected a picker, got ${JSON.stringify(a)}`);
  return a.picker;
}

async function choose(item: PickerItem | undefined): Promise<SlashAction[]> {
  if (!item) throw new Error("no such item");
  return typeof item.actions === "function" ? item.actions() : item.actions;
}

describe("/model", () => {
  it("opens a model picker with the current model marked, then an effort picker", async () => {
    const picker = pickerOf(await run(modelCommand, ctx()));
    const current = picker.items.find((i) => i.current);
    expect(current?.label).toBe("gpt-5.5");
    const effort = pickerOf(await choose(current));
    expect(effort.title).toContain("gpt-5.5");
    expect(effort.items.find((i) => i.current)?.label).toBe("medium");
    const high = await choose(effort.items.find((i) => i.label === "high"));
    expect(high[0]).toEqual({
      type: "op",
      op: { type: "override_turn_context", model: "gpt-5.5", effort: "high" },
    });
    expect(high[1]?.type).toBe("info");
  });

  it("lists a configured model that is not in the catalog first", async () => {
    const picker = pickerOf(
      await run(modelCommand, ctx({ model: "my-local-model", effort: null })),
    );
    expect(picker.items[0]).toMatchObject({ label: "my-local-model", current: true });
    // A model without reasoning effort is set directly.
    expect(await choose(picker.items[0])).toContainEqual({
      type: "op",
      op: { type: "override_turn_context", model: "my-local-model", effort: null },
    });
  });

  it("takes the model and effort as arguments", async () => {
    expect((await run(modelCommand, ctx(), "gpt-5.5 low"))[0]).toEqual({
      type: "op",
      op: { type: "override_turn_context", model: "gpt-5.5", effort: "low" },
    });
    const bad = await run(modelCommand, ctx(), "gpt-5.5 turbo");
    expect(bad[0]).toMatchObject({ type: "error" });
    expect((bad[0] as { message: string }).message).toContain("turbo");
  });

  it("is refused while a turn runs", async () => {
    expect((await run(modelCommand, ctx({}, true)))[0]).toMatchObject({ type: "error" });
  });
});

describe("/approvals", () => {
  it("offers the three presets with the current one marked", async () => {
    const picker = pickerOf(await run(approvalsCommand, ctx()));
    expect(picker.items.map((i) => i.label)).toEqual(["Read Only", "Auto", "Full Access"]);
    expect(picker.items.find((i) => i.current)?.label).toBe("Read Only");
  });

  it("Auto keeps the configured workspace-write roots; Full Access never asks", async () => {
    const picker = pickerOf(await run(approvalsCommand, ctx()));
    expect((await choose(picker.items[1]))[0]).toEqual({
      type: "op",
      op: {
        type: "override_turn_context",
        approval_policy: "on-request",
        sandbox_policy: WORKSPACE_WRITE,
      },
    });
    expect((await choose(picker.items[2]))[0]).toEqual({
      type: "op",
      op: {
        type: "override_turn_context",
        approval_policy: "never",
        sandbox_policy: { type: "danger-full-access" },
      },
    });
  });

  it("accepts a preset name as an argument", async () => {
    const actions = await run(approvalsCommand, ctx(), "full access");
    expect(actions[0]).toMatchObject({ op: { approval_policy: "never" } });
    expect((await run(approvalsCommand, ctx(), "yolo"))[0]).toMatchObject({ type: "error" });
  });
});

describe("/init", () => {
  it("sends the AGENTS.md prompt when the directory has none", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "codex-ts-init-"));
    dirs.push(cwd);
    expect(await run(initCommand, ctx({ cwd }))).toEqual([
      { type: "send_message", text: INIT_PROMPT },
    ]);
    expect(INIT_PROMPT).toContain("AGENTS.md");
  });

  it("leaves an existing AGENTS.md alone", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "codex-ts-init-"));
    dirs.push(cwd);
    writeFileSync(path.join(cwd, "AGENTS.md"), "# rules\n");
    const actions = await run(initCommand, ctx({ cwd }));
    expect(actions[0]?.type).toBe("info");
    expect(JSON.stringify(actions)).toContain("already exists");
  });
});

describe("/mention, /resume, /mcp", () => {
  it("/mention inserts @", async () => {
    expect(await run(mentionCommand, ctx())).toEqual([{ type: "insert", text: "@" }]);
  });

  it("/resume opens the session picker, but not during a turn", async () => {
    expect(await run(resumeCommand, ctx())).toEqual([{ type: "resume_picker" }]);
    expect((await run(resumeCommand, ctx({}, true)))[0]).toMatchObject({ type: "error" });
  });

  it("/mcp listens for the reply before asking for it", async () => {
    expect(await run(mcpCommand, ctx())).toEqual([
      { type: "show_mcp_tools" },
      { type: "op", op: { type: "list_mcp_tools" } },
    ]);
  });

  it("formats servers with their tools", () => {
    const lines = formatMcpTools({
      tools: {
        docs__search: { name: "search", description: "Search the docs\nmore detail" },
        docs__fetch: { name: "fetch" },
        my_fs__read_file: { name: "read_file", description: "Read a file" },
      },
      resources: { docs: [{}, {}] },
      resource_templates: {},
      auth_statuses: { docs: "bearer_token", my_fs: "unsupported", broken: "unsupported" },
    });
    expect(lines).toEqual([
      "MCP servers:",
      "• broken — 0 tools",
      "    (no tools: the server did not start or offers none)",
      "• docs — 2 tools, 2 resources, 0 templates · auth: Bearer token",
      "    fetch",
      "    search — Search the docs",
      "• my_fs — 1 tool",
      "    read_file — Read a file",
    ]);
  });

  it("says how to add a server when there are none", () => {
    const lines = formatMcpTools({
      tools: {},
      resources: {},
      resource_templates: {},
      auth_statuses: {},
    });
    expect(lines[0]).toBe("No MCP servers are configured.");
  });
});

describe("/prompts:<name>", () => {
  const prompt = {
    name: "fix",
    path: "/home/.codex/prompts/fix.md",
    content: "Fix $FILE. Context: $ARGUMENTS",
    description: "fix a file",
    argument_hint: "FILE=<path>",
  };

  it("expands arguments and sends the result", async () => {
    const cmd = customPromptCommand(prompt);
    expect(cmd.name).toBe("prompts:fix");
    expect(cmd.description).toBe("fix a file");
    expect(await run(cmd, ctx(), "FILE=src/a.ts it crashes")).toEqual([
      { type: "send_message", text: "Fix src/a.ts. Context: it crashes" },
    ]);
  });

  it("explains missing arguments", async () => {
    const actions = await run(customPromptCommand(prompt), ctx(), "");
    expect(actions[0]).toMatchObject({ type: "error" });
    expect((actions[0] as { message: string }).message).toContain("FILE");
  });
});
