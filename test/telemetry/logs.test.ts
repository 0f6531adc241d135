// Logs for people: RUST_LOG-style filters, `$CODEX_HOME/log/codex-ts.log`, rotation, and the
// environment variables that turn it up (CODEX_LOG, RUST_LOG, the older CODEX_TS_LOG).
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { filterSpecFromEnv, parseLogFilter } from "../../src/telemetry/log/filter.js";
import { KEPT_LOG_FILES, LOG_FILE_NAME, LogFile } from "../../src/telemetry/log/file.js";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import { tempDir } from "../temp-dir.js";

describe("log filters", () => {
  it("applies the most specific target, else the default level", () => {
    const f = parseLogFilter("codex_core=debug,codex_mcp=off,info");
    expect(f.enabled("codex_core", "debug")).toBe(true);
    expect(f.enabled("codex_core", "trace")).toBe(false);
    expect(f.enabled("codex_core::session", "debug")).toBe(true);
    expect(f.enabled("codex_mcp", "error")).toBe(false);
    expect(f.enabled("codex_otel", "info")).toBe(true);
    expect(f.enabled("codex_otel", "debug")).toBe(false);
    expect(f.problems).toEqual([]);
  });

  it("a bare target means everything from it; bad directives are skipped and listed", () => {
    const f = parseLogFilter("codex_mcp, =debug ,codex_core=loud");
    expect(f.enabled("codex_mcp", "trace")).toBe(true);
    expect(f.enabled("codex_core", "info")).toBe(false);
    expect(f.enabled("codex_core", "warn")).toBe(true);
    expect(f.problems).toEqual(["=debug", "codex_core=loud"]);
  });

  it("reads CODEX_LOG, then RUST_LOG, then CODEX_TS_LOG, else warnings only", () => {
    expect(filterSpecFromEnv({ CODEX_LOG: "trace", RUST_LOG: "info" })).toBe("trace");
    expect(filterSpecFromEnv({ RUST_LOG: "codex_core=info" })).toBe("codex_core=info");
    expect(filterSpecFromEnv({ CODEX_TS_LOG: "1" })).toBe("debug");
    expect(filterSpecFromEnv({})).toBe("warn");
  });
});

describe("log file", () => {
  it("rotates at the size limit and keeps a bounded number of old files", () => {
    const dir = path.join(tempDir("codex-ts-log-"), "log");
    const file = new LogFile(dir, 100);
    for (let i = 0; i < 20; i++) file.write(`${String(i).padStart(2, "0")} ${"x".repeat(40)}\n`);
    const names = readdirSync(dir).sort();
    expect(names).toEqual([
      LOG_FILE_NAME,
      ...Array.from({ length: KEPT_LOG_FILES }, (_, i) => `${LOG_FILE_NAME}.${i + 1}`),
    ]);
    // Newest lines in the current file, older ones in .1.
    expect(readFileSync(path.join(dir, LOG_FILE_NAME), "utf8")).toContain("19 ");
    expect(readFileSync(path.join(dir, `${LOG_FILE_NAME}.1`), "utf8")).toContain("17 ");
  });

  it("gives up quietly when the directory cannot be created", () => {
    const root = tempDir("codex-ts-log-");
    writeFileSync(path.join(root, "log"), "a file where the directory should be");
    expect(() => new LogFile(path.join(root, "log")).write("line\n")).not.toThrow();
  });
});

describe("logs of a real run", () => {
  let mock: MockServer;
  let ws: Workspace;
  useMockWorkspace(
    (m, w) => {
      mock = m;
      ws = w;
    },
    { config: null },
  );

  const logFile = () => path.join(ws.home, "log", LOG_FILE_NAME);

  it("CODEX_LOG=debug writes session diagnostics to $CODEX_HOME/log", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    // A stream that drops before completing: the session logs its retry.
    mock.enqueue({ sse: [sse.created("r0")], dropAfter: 1 }, plainAnswer("ok"));
    const r = await runCli(["exec", "hello"], {
      cwd: ws.work,
      home: ws.home,
      env: { CODEX_LOG: "debug" },
    });
    expect(r.code).toBe(0);
    const text = readFileSync(logFile(), "utf8");
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\S+ DEBUG codex_core: /m);
    // Nothing of it on stderr without CODEX_TS_LOG.
    expect(r.stderr).not.toContain("DEBUG");
  });

  it("RUST_LOG filters by target: codex_core off writes nothing", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    mock.enqueue(plainAnswer("ok"));
    const r = await runCli(["exec", "hello"], {
      cwd: ws.work,
      home: ws.home,
      env: { RUST_LOG: "codex_core=off,error" },
    });
    expect(r.code).toBe(0);
    expect(existsSync(logFile())).toBe(false);
  });

  it("a quiet run creates no log directory", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    mock.enqueue(plainAnswer("ok"));
    const r = await runCli(["exec", "hello"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.home, "log"))).toBe(false);
  });
});
