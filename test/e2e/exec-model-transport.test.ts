// A plain `codex exec` on the Responses API reaches the model without the openai SDK and
// without Node's bundled undici (fetch): both cost start-up time before the first request
// (bench/README.md). Chat Completions still go through the SDK. Loads are recorded in the real
// built CLI with loader hooks.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { chatAnswer, plainAnswer, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import { startTlsServer, TLS_CERT } from "../model/tls-server.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

const here = path.dirname(fileURLToPath(import.meta.url));
const RECORD_LOADS = path.join(here, "..", "telemetry", "fixtures", "record-loads.mjs");
const RECORD_BUILTINS = path.join(here, "..", "model", "fixtures", "record-builtins.mjs");
/** Whether a built chunk holds code of the openai package (its source map lists the sources). */
function holdsOpenAiSdk(file: string): boolean {
  const map = JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources: string[] };
  return map.sources.some((s) => s.includes("node_modules/openai/"));
}

async function loadsOf(wireApi: "responses" | "chat") {
  writeConfig(ws.home, mockConfig(mock.url, "", { wireApi }));
  mock.enqueue(wireApi === "chat" ? chatAnswer("ok") : plainAnswer("ok"));
  const loads = path.join(ws.root, "loads.txt");
  const builtins = path.join(ws.root, "builtins.txt");
  const r = await runCli(["exec", "--json", "hello"], {
    cwd: ws.work,
    home: ws.home,
    env: {
      NODE_OPTIONS: `--import ${RECORD_LOADS} --import ${RECORD_BUILTINS}`,
      LOADS_FILE: loads,
      BUILTINS_FILE: builtins,
    },
  });
  expect(r.code).toBe(0);
  expect(mock.requests).toHaveLength(1);
  const files = readFileSync(loads, "utf8")
    .split("\n")
    .filter((u) => u.startsWith("file://") && u.endsWith(".js"))
    .map((u) => fileURLToPath(u));
  expect(files.length).toBeGreaterThan(3);
  return {
    sdkFiles: files.filter((f) => f.includes(`${path.sep}dist${path.sep}`) && holdsOpenAiSdk(f)),
    undici: readFileSync(builtins, "utf8").includes("internal/deps/undici"),
  };
}

describe("the model transport a plain exec loads", () => {
  it("Responses API: neither the openai SDK nor undici", async () => {
    expect(await loadsOf("responses")).toEqual({ sdkFiles: [], undici: false });
  });

  it("Chat Completions: the openai SDK and its fetch", async () => {
    const { sdkFiles, undici } = await loadsOf("chat");
    expect(sdkFiles.length).toBeGreaterThan(0);
    expect(undici).toBe(true);
  });
});

describe("https providers", () => {
  it("reaches an https base_url whose CA is given in NODE_EXTRA_CA_CERTS", async () => {
    const server = await startTlsServer("Hello over TLS.");
    try {
      writeConfig(ws.home, mockConfig(server.base));
      const r = await runCli(["exec", "--json", "hello"], {
        cwd: ws.work,
        home: ws.home,
        env: { NODE_EXTRA_CA_CERTS: TLS_CERT },
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('"text":"Hello over TLS."');
      expect(server.bodies).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
