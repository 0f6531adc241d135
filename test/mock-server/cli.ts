// Standalone mock model server for benchmarks and manual runs:
//   node dist/mock-server.mjs --port 0 --script script.json [--repeat] [--log-requests] [--record FILE]
// Line 1 of stdout is `MOCK_URL=http://127.0.0.1:PORT/v1`. With --log-requests each request adds
// a line `REQUEST {"seq":1,"tMs":…,"method":"POST","path":"/v1/responses"}`. Runs until SIGINT/SIGTERM.
import { appendFileSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startMockServer } from "./server.js";
import type { MockResponse } from "./types.js";

const USAGE =
  "usage: mock-server --script FILE [--port N] [--repeat] [--log-requests] [--record FILE]\n" +
  '  FILE is a JSON array of responses, e.g. [{"text":"Hello"}] or [{"status":500}]';

function fail(message: string): never {
  process.stderr.write(`mock-server: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string", default: "0" },
        script: { type: "string" },
        repeat: { type: "boolean", default: false },
        "log-requests": { type: "boolean", default: false },
        record: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.script) fail("--script is required");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port: not a port: ${values.port}`);

  let script: MockResponse[];
  try {
    const parsed: unknown = JSON.parse(readFileSync(values.script, "utf8"));
    if (!Array.isArray(parsed)) fail(`${values.script}: expected a JSON array of responses`);
    script = parsed as MockResponse[];
  } catch (error) {
    fail(`${values.script}: ${error instanceof Error ? error.message : String(error)}`);
  }

  const record = values.record;
  const logRequests = values["log-requests"];
  const mock = await startMockServer({
    script,
    repeat: values.repeat,
    port,
    onRequest(request) {
      if (logRequests) {
        const { seq, tMs, method, path } = request;
        process.stdout.write(`REQUEST ${JSON.stringify({ seq, tMs, method, path })}\n`);
      }
      if (record) appendFileSync(record, `${JSON.stringify(request)}\n`);
    },
  });
  process.stdout.write(`MOCK_URL=${mock.url}\n`);

  const shutdown = () => {
    for (const violation of mock.violations) process.stderr.write(`mock-server: ${violation}\n`);
    void mock.close().then(() => process.exit(mock.violations.length > 0 ? 1 : 0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

void main();
