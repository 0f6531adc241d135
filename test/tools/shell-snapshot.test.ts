// Login-shell snapshots: what the profile sets is seen by commands, secrets are not, and the
// cache follows the profile files.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync, utimesSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/types.js";
import { applySnapshot, shellSnapshot } from "../../src/tools/shell-snapshot.js";
import { makeWorkspace, type Workspace } from "../harness.js";

let ws: Workspace;
let home: string;
let config: Config;

beforeEach(async () => {
  ws = makeWorkspace();
  home = path.join(ws.root, "user-home");
  mkdirSync(home);
  ({ config } = await loadConfig({
    cli: { cwd: ws.work },
    env: { ...process.env, CODEX_HOME: ws.home },
  }));
});
afterEach(() => ws.cleanup());

function profile(text: string): void {
  writeFileSync(path.join(home, ".bash_profile"), text);
}

const env = () => ({
  PATH: process.env.PATH,
  HOME: home,
  LANG: "C.UTF-8",
  MY_SERVICE_TOKEN: "outer-secret",
});

function runWith(
  snapshot: NonNullable<Awaited<ReturnType<typeof shellSnapshot>>>,
  script: string,
): string {
  const applied = applySnapshot(
    ["/bin/bash", "-lc", script],
    snapshot,
    config.shellEnvironmentPolicy,
  )!;
  return execFileSync(applied.command[0]!, applied.command.slice(1), {
    env: applied.env,
    cwd: ws.work,
    encoding: "utf8",
  });
}

describe("shell snapshots", () => {
  it("commands see the profile's variables, functions and aliases, but not its secrets", async () => {
    profile(
      [
        'export GREETING="hello from profile"',
        "export PROFILE_API_KEY=profile-secret",
        'greet() { echo "fn: $GREETING"; }',
        "shopt -s expand_aliases",
        "alias ll='echo alias-works'",
      ].join("\n"),
    );
    const snap = await shellSnapshot(config, "/bin/bash", env());
    expect(snap).not.toBeNull();
    const out = runWith(
      snap!,
      'echo "$GREETING"; greet; ll; echo "key=${PROFILE_API_KEY-unset} tok=${MY_SERVICE_TOKEN-unset}"',
    );
    expect(out).toBe(
      "hello from profile\nfn: hello from profile\nalias-works\nkey=unset tok=unset\n",
    );
  });

  it("is cached until a profile file changes", async () => {
    profile('export V="one"\n');
    const first = await shellSnapshot(config, "/bin/bash", env());
    expect(runWith(first!, "echo $V")).toBe("one\n");
    const again = await shellSnapshot(config, "/bin/bash", env());
    expect(again!.scriptPath).toBe(first!.scriptPath);
    profile('export V="two"\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(home, ".bash_profile"), later, later);
    const changed = await shellSnapshot(config, "/bin/bash", env());
    expect(changed!.scriptPath).not.toBe(first!.scriptPath);
    expect(runWith(changed!, "echo $V")).toBe("two\n");
    expect(readdirSync(path.join(ws.home, "shell_snapshots")).length).toBe(2);
  });

  it("does not create a CODEX_HOME that is gone by the time the snapshot is taken", async () => {
    profile('export V="kept?"\n');
    const gone = path.join(ws.root, "removed-home");
    const snap = await shellSnapshot({ ...config, codexHome: gone }, "/bin/bash", env());
    expect(snap).toBeNull();
    expect(existsSync(gone)).toBe(false);
  });

  it("only rewrites `bash -lc` commands", async () => {
    profile("");
    const snap = await shellSnapshot(config, "/bin/bash", env());
    expect(
      applySnapshot(["/bin/bash", "-c", "ls"], snap!, config.shellEnvironmentPolicy),
    ).toBeNull();
    expect(
      applySnapshot(["python3", "-c", "print(1)"], snap!, config.shellEnvironmentPolicy),
    ).toBeNull();
    expect(await shellSnapshot(config, "/bin/zsh", env())).toBeNull();
  });
});
