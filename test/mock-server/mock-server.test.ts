// The mock server itself: recording, scripting, invariant enforcement, and the standalone CLI.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, startMockServer, type MockServer } from "./index.js";

let mock: MockServer | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-test": "yes" },
    body: JSON.stringify(body),
  });
}

describe("startMockServer", () => {
  it("records method, path, query, headers and the parsed body in order", async () => {
    mock = await startMockServer({ script: [plainAnswer("one")] });
    const waiting = mock.waitForRequests(1);
    const response = await post(`${mock.url}/responses?api-version=1`, { model: "m", input: [] });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(await response.text()).toContain('"text":"one"');
    const [request] = await waiting;
    expect(request).toMatchObject({
      seq: 1,
      method: "POST",
      path: "/v1/responses",
      query: { "api-version": "1" },
      body: { model: "m", input: [] },
    });
    expect(request!.headers["x-test"]).toBe("yes");
    expect(mock.violations).toEqual([]);
  });

  it("answers a broken history with 400 and records the violation without using the script", async () => {
    mock = await startMockServer({ script: [plainAnswer("kept")] });
    const bad = await post(`${mock.url}/responses`, {
      input: [{ type: "function_call", call_id: "c", name: "shell", arguments: "{}" }],
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^invariant violated: function_call "shell" \(call_id c\)/);
    expect(mock.violations).toHaveLength(1);
    const good = await post(`${mock.url}/responses`, { input: [] });
    expect(await good.text()).toContain("kept");
  });

  it("answers 500 with a clear body once the script is exhausted, and records it", async () => {
    mock = await startMockServer();
    const response = await post(`${mock.url}/responses`, { input: [] });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("mock script exhausted: request #1");
    expect(mock.violations).toEqual([
      "mock script exhausted: request #1 (POST /v1/responses) has no scripted response",
    ]);
  });

  it("serves { text } in the wire format of the request path", async () => {
    mock = await startMockServer({ script: [{ text: "hi" }, { text: "hi" }] });
    const responses = await (await post(`${mock.url}/responses`, { input: [] })).text();
    const chat = await (await post(`${mock.url}/chat/completions`, { messages: [] })).text();
    expect(responses).toContain("event: response.completed");
    expect(chat).toContain('"object":"chat.completion.chunk"');
    expect(chat).toContain("data: [DONE]");
  });

  it("serves enqueued responses after the initial script, and loops with repeat", async () => {
    mock = await startMockServer({ script: [{ status: 418, body: "teapot" }], repeat: true });
    mock.enqueue({ status: 202, body: "queued" });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(`${mock.url}/x`, {})).status);
    expect(statuses).toEqual([418, 202, 418]);
  });
});

describe("mock-server CLI", () => {
  it("bundles with esbuild, prints MOCK_URL first and serves the script file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mock-cli-"));
    try {
      const bundle = path.join(dir, "mock-server.mjs");
      await build({
        entryPoints: [path.join(import.meta.dirname, "cli.ts")],
        bundle: true,
        platform: "node",
        format: "esm",
        outfile: bundle,
        logLevel: "silent",
      });
      const script = path.join(dir, "script.json");
      writeFileSync(script, JSON.stringify([{ text: "from the cli" }]));
      const child = spawn(
        process.execPath,
        [bundle, "--port", "0", "--script", script, "--repeat", "--log-requests"],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const first = (await lines.next()).value as string;
      expect(first).toMatch(/^MOCK_URL=http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const url = first.slice("MOCK_URL=".length);
      for (let i = 0; i < 2; i++) {
        const text = await (await post(`${url}/responses`, { input: [] })).text();
        expect(text).toContain("from the cli");
        const logged = (await lines.next()).value as string;
        expect(logged).toMatch(
          new RegExp(
            `^REQUEST \\{"seq":${i + 1},"tMs":\\d+,"method":"POST","path":"/v1/responses"\\}$`,
          ),
        );
      }
      const exited = new Promise<number | null>((resolve) =>
        child.once("exit", (code) => resolve(code)),
      );
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 with usage when --script is missing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mock-cli-"));
    try {
      const bundle = path.join(dir, "mock-server.mjs");
      await build({
        entryPoints: [path.join(import.meta.dirname, "cli.ts")],
        bundle: true,
        platform: "node",
        format: "esm",
        outfile: bundle,
        logLevel: "silent",
      });
      const child = spawn(process.execPath, [bundle], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code).toBe(2);
      expect(stderr).toContain("--script is required");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
