// `initialize` is answered before the server loads its method table and the session code
// (src/app-server/server.ts): a client waits for that answer before anything else, and the rest
// loads right after it. Recorded in the real built server: chunk loads and stdout writes, in order.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { useAppServerClients } from "./client.js";

let ws: Workspace;
useMockWorkspace((_m, w) => {
  ws = w;
});
const spawnServer = useAppServerClients();

const RECORDER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "fixtures",
  "record-load-order.mjs",
);

/** Whether a built chunk holds the core session (its source map lists the sources). */
function holdsSession(chunk: string): boolean {
  const map = JSON.parse(readFileSync(`${chunk}.map`, "utf8")) as { sources: string[] };
  return map.sources.some((s) => s.endsWith("src/core/session.ts"));
}

describe("app-server start-up", () => {
  it("answers initialize before loading the methods and the session, and loads them right after", async () => {
    const order = path.join(ws.root, "order.txt");
    const client = spawnServer({
      cwd: ws.work,
      home: ws.home,
      env: { NODE_OPTIONS: `--import ${RECORDER}`, LOAD_ORDER_FILE: order },
    });
    const init = await client.initialize();
    expect(init.result?.userAgent).toMatch(/^codex-ts\/0\.169\.0 /);
    // Any method needs the table: it is there (loaded after the answer) and works.
    const models = await client.call("model/list", {});
    expect(Array.isArray(models.data)).toBe(true);
    await client.close();

    const lines = readFileSync(order, "utf8").trim().split("\n");
    const firstAnswer = lines.indexOf("stdout");
    expect(firstAnswer).toBeGreaterThan(0);
    const sessionAt = lines.findIndex((l) => l.startsWith("chunk ") && holdsSession(l.slice(6)));
    expect(sessionAt, "the session code is loaded at some point").toBeGreaterThan(-1);
    expect(sessionAt, "it loads after the initialize answer").toBeGreaterThan(firstAnswer);
  });

  it("bad initialize params get the schema's error, and a good initialize still works", async () => {
    const client = spawnServer({ cwd: ws.work, home: ws.home });
    const missing = await client.request("initialize", {});
    expect(missing.error).toEqual({
      code: -32600,
      message: "Invalid request: missing field `clientInfo`",
    });
    const wrongType = await client.request("initialize", {
      clientInfo: { name: 7, version: "1" },
    });
    expect(wrongType.error?.code).toBe(-32600);
    expect(wrongType.error?.message).toMatch(/^Invalid request: .*`clientInfo\.name`/);
    // A refused initialize leaves the connection uninitialized: a good one still works.
    const ok = await client.initialize();
    expect(ok.result?.codexHome).toBe(ws.home);
  });
});
