// Profiles, v2: `-p NAME` layers `$CODEX_HOME/NAME.config.toml` on config.toml (Codex 0.169);
// the legacy `[profiles.NAME]` table still works with a one-line hint; neither is an error.
// Driven through the built CLI, as users meet it.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

const run = (args: string[]) => runCli(args, { cwd: ws.work, home: ws.home });

function envContext(seq: number): string {
  return JSON.stringify(mock.requests[seq]!.body!.input);
}

describe("profiles v2", () => {
  it("-p NAME layers NAME.config.toml over config.toml (keys it does not set stay)", async () => {
    writeFileSync(
      path.join(ws.home, "work.config.toml"),
      'model = "gpt-5.4"\nsandbox_mode = "workspace-write"\n',
    );
    mock.enqueue(plainAnswer("ok"));
    const r = await run(["exec", "-p", "work", "hi"]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("warning");
    // From the profile file …
    expect(mock.requests[0]!.body!.model).toBe("gpt-5.4");
    expect(envContext(0)).toContain("<sandbox_mode>workspace-write</sandbox_mode>");
    // … and the provider from config.toml underneath.
    expect(mock.requests[0]!.path).toBe("/v1/responses");
  });

  it("the v2 file wins over a legacy table of the same name", async () => {
    writeConfig(ws.home, `${mockConfig(mock.url)}\n[profiles.work]\nmodel = "gpt-5.2"\n`);
    writeFileSync(path.join(ws.home, "work.config.toml"), 'model = "gpt-5.4"\n');
    mock.enqueue(plainAnswer("ok"));
    const r = await run(["exec", "-p", "work", "hi"]);
    expect(r.code).toBe(0);
    expect(mock.requests[0]!.body!.model).toBe("gpt-5.4");
    expect(r.stderr).not.toContain("[profiles.work]");
  });

  it("a legacy [profiles.NAME] table still applies, with a one-line migration hint", async () => {
    writeConfig(ws.home, `${mockConfig(mock.url)}\n[profiles.old]\nmodel = "gpt-5.2"\n`);
    mock.enqueue(plainAnswer("ok"));
    const r = await run(["exec", "-p", "old", "hi"]);
    expect(r.code).toBe(0);
    expect(mock.requests[0]!.body!.model).toBe("gpt-5.2");
    const hints = r.stderr.split("\n").filter((l) => l.includes("[profiles.old]"));
    expect(hints).toHaveLength(1);
    expect(hints[0]).toContain(`move its keys to ${path.join(ws.home, "old.config.toml")}`);
  });

  it("neither a file nor a table: a clear error naming both places, no request", async () => {
    const r = await run(["exec", "-p", "nope", "hi"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `config profile \`nope\` not found: there is no ${path.join(ws.home, "nope.config.toml")} and no [profiles.nope] in ${path.join(ws.home, "config.toml")}`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(mock.requests).toHaveLength(0);
  });

  it("an error inside the profile file names that file and line", async () => {
    writeFileSync(path.join(ws.home, "bad.config.toml"), 'model = "x"\nsandbox_mode = "lax"\n');
    const r = await run(["exec", "-p", "bad", "hi"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(ws.home, "bad.config.toml")}:2`);
    expect(r.stderr).toContain("sandbox_mode");
    // Nothing was written to the user's files.
    expect(readFileSync(path.join(ws.home, "bad.config.toml"), "utf8")).toBe(
      'model = "x"\nsandbox_mode = "lax"\n',
    );
  });
});
