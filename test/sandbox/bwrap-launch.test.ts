// bwrap gets its seccomp filter on fd 3: a fourth stdio pipe when codex-ts spawns with pipes,
// a short `sh` script under a terminal (node-pty passes no extra descriptors). Every way a
// command starts must deliver the filter; the evidence is a setuid bit the filter refuses
// (chmod with S_ISUID is allowed by every other layer inside a writable root).
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inlineFd3, octalEscape, spawnFd3Plan } from "../../src/exec/fd3.js";
import { runProcess } from "../../src/exec/runner.js";
import { startSessionProcess } from "../../src/exec/session-process.js";
import { bwrapSeccompFilter } from "../../src/sandbox/bwrap-seccomp.js";
import { sandboxPolicyFromMode } from "../../src/sandbox/policy.js";
import { buildSpawnPlan, type SpawnPlan } from "../../src/sandbox/transform.js";
import { SYSTEM_PATH, collect, findBwrap, makeBaseDir } from "./harness.js";
import { spawn } from "node:child_process";

const BWRAP = findBwrap();
const FILTER = bwrapSeccompFilter(false);

describe("fd 3 delivery (no sandbox involved)", () => {
  const bytes = Buffer.from([0, 1, 0o377, 10, 0x25, 0x5c, 0x27, 0x22, 0x24]);
  const reader = { program: "/bin/sh", args: ["-c", "od -An -tx1 <&3"], fd3: bytes };
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");

  it("through a fourth stdio pipe", async () => {
    const result = await collect(spawnFd3Plan(reader, { stdio: ["ignore", "pipe", "pipe"] }));
    expect(result.output.replace(/\s+/g, " ").trim()).toBe(hex);
  });

  it("through the sh script, byte for byte (NUL, %, backslash and quotes included)", async () => {
    const inlined = inlineFd3(reader);
    expect(inlined.fd3).toBeUndefined();
    expect(inlined.args).toContain(octalEscape(bytes));
    const child = spawn(inlined.program, inlined.args, { stdio: ["ignore", "pipe", "pipe"] });
    const result = await collect(child);
    expect(result.output.replace(/\s+/g, " ").trim()).toBe(hex);
  });
});

const TITLE =
  BWRAP && FILTER
    ? "bwrap: every way of starting a command applies the seccomp filter"
    : `bwrap launch — NOT RUN: this host has ${BWRAP ? "no seccomp filter for its CPU" : "no bwrap"}`;

describe.runIf(BWRAP && FILTER)(TITLE, () => {
  let base = "";
  let ws = "";
  const plan = (script: string): SpawnPlan =>
    buildSpawnPlan({
      command: ["/bin/sh", "-c", script],
      cwd: ws,
      policy: sandboxPolicyFromMode("workspace-write", { exclude_tmpdir_env_var: true }),
      env: { PATH: SYSTEM_PATH, LANG: "C" },
      codexHome: join(base, "codex-home"),
      backend: { kind: "bwrap", bwrapPath: BWRAP!, disableUserns: true },
    });
  const setuidScript = (name: string) => `: > ${name}; chmod 4755 ${name}; echo ran-${name}`;
  const setuidBit = (name: string) => (statSync(join(ws, name)).mode & 0o4000) !== 0;

  beforeAll(() => {
    base = makeBaseDir("codex-bwrap-launch-");
    ws = join(base, "ws");
    mkdirSync(ws);
  });
  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it("the host itself allows the setuid bit here (so the checks below mean something)", async () => {
    const result = await runProcess({
      program: "/bin/sh",
      args: ["-c", setuidScript("host")],
      env: { PATH: SYSTEM_PATH },
      cwd: ws,
    });
    expect(result.exitCode).toBe(0);
    expect(setuidBit("host")).toBe(true);
  });

  it("a one-shot command (pipes, fd 3 pipe)", async () => {
    const p = plan(setuidScript("oneshot"));
    expect(p.program).toBe(BWRAP);
    expect(p.fd3).toBeDefined();
    const result = await runProcess(p);
    expect(result.output.text).toContain("ran-oneshot");
    expect(existsSync(join(ws, "oneshot"))).toBe(true);
    expect(setuidBit("oneshot")).toBe(false);
  });

  for (const tty of [false, true]) {
    it(`a ${tty ? "terminal (PTY, fd 3 fed by sh)" : "piped"} session`, async () => {
      const name = tty ? "pty" : "piped";
      let out = "";
      const proc = await startSessionProcess(plan(setuidScript(name)), tty, (chunk) => {
        out += chunk.toString();
      });
      await proc.exited;
      expect(out).toContain(`ran-${name}`);
      expect(setuidBit(name)).toBe(false);
    });
  }
});
