// `codex app-server generate-json-schema` / `generate-ts`: the published definitions compile,
// and the items the server emits in a real turn conform to the published ThreadItem schema.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { REPO_ROOT, runCli, useMockWorkspace, type Workspace } from "../harness.js";
import { AppServerClient } from "./client.js";

let mock: MockServer;
let ws: Workspace;
let client: AppServerClient | null = null;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: 'sandbox_mode = "workspace-write"\napproval_policy = "never"' },
);

afterEach(async () => {
  if (!client) return;
  const c = client;
  client = null;
  c.kill();
  await c.exited;
});

describe("generate-json-schema and generate-ts", () => {
  // Type-checking the generated declarations runs tsc, which takes a while on a busy machine.
  it(
    "publish schemas the server's own items conform to, and declarations that compile",
    {
      timeout: 120_000,
    },
    async () => {
      const out = path.join(ws.root, "gen");
      const json = await runCli(["app-server", "generate-json-schema", "--out", `${out}/json`], {
        cwd: ws.work,
        home: ws.home,
      });
      expect(json.code).toBe(0);
      const ts = await runCli(["app-server", "generate-ts", "--out", `${out}/ts`], {
        cwd: ws.work,
        home: ws.home,
      });
      expect(ts.code).toBe(0);
      expect(readdirSync(`${out}/ts`)).toEqual(
        expect.arrayContaining(["ThreadItem.ts", "TurnStartParams.ts", "index.ts"]),
      );
      const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
      execFileSync(process.execPath, [
        tsc,
        "--noEmit",
        "--strict",
        "--target",
        "es2022",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        `${out}/ts/index.ts`,
      ]);

      const schema = JSON.parse(readFileSync(`${out}/json/ThreadItem.json`, "utf8")) as object;
      const validate = new Ajv({ strict: false }).compile(schema);
      mock.enqueue(
        {
          sse: [
            sse.created("r1"),
            ...sse.functionCall("call_e", "exec_command", JSON.stringify({ cmd: "echo hi" })),
            sse.completed("r1"),
          ],
        },
        plainAnswer("done"),
      );
      client = AppServerClient.spawn({ cwd: ws.work, home: ws.home });
      await client.initialize();
      const threadId = (
        (await client.call("thread/start", { cwd: ws.work })).thread as { id: string }
      ).id;
      await client.call("turn/start", { threadId, input: [{ type: "text", text: "run it" }] });
      await client.notification("turn/completed");
      const items = client
        .notifications("item/completed")
        .map((m) => m.params!.item as Record<string, unknown>)
        // The app-server adds its wire timestamps beside the item model's fields.
        .map(({ startedAtMs: _s, completedAtMs: _c, ...item }) => item);
      expect(items.map((i) => i.type)).toEqual(["userMessage", "commandExecution", "agentMessage"]);
      for (const item of items) expect(validate(item), JSON.stringify(validate.errors)).toBe(true);
    },
  );
});
