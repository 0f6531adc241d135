// The bubblewrap fallback (used when the helper could not be compiled): the same escape probes as
// the helper's suite, since bwrap gets our seccomp filter too (through --seccomp). Runs only where
// bwrap is installed; issue 10's escape classes for bwrap are in escape-classes.test.ts.
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import type { Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxBackend } from "../../src/sandbox/backend.js";
import { detectSandboxBackend } from "../../src/sandbox/detect.js";
import {
  REPO_ROOT,
  SYSTEM_PATH,
  acceptingServer,
  chownTree,
  compileC,
  findBwrap,
  hostIa32,
  isAlive,
  listen,
  makeBaseDir,
  mapLimit,
  portOf,
  runInSandbox,
  startVictim,
  testUsers,
} from "./harness.js";
import type { RunResult, TestUser } from "./harness.js";
import { ESCAPE_PROBES, RESTRICTED_ONLY_ESCAPES, WORKSPACE_ONLY_ESCAPES } from "./probes.js";
import type { ProbeContext } from "./probes.js";

const BWRAP = findBwrap();
const I386 = "foreign-architecture (i386) syscall";
const ia32 = hostIa32();
const probes = [...ESCAPE_PROBES, ...WORKSPACE_ONLY_ESCAPES, ...RESTRICTED_ONLY_ESCAPES];

// Never skipped silently: without bwrap the suite shows up as skipped under a name saying why.
const TITLE = BWRAP
  ? "bwrap fallback"
  : "bwrap fallback — NOT RUN: this host has no bwrap (install bubblewrap; .ci/run does)";

describe.runIf(BWRAP)(TITLE, () => {
  const users = testUsers();
  const results = new Map<string, RunResult & { happened: boolean }>();
  const victims: ChildProcess[] = [];
  const servers: Server[] = [];
  let base = "";
  let backend: SandboxBackend;

  beforeAll(async () => {
    base = makeBaseDir("codex-sbx-bwrap-");
    const bin = join(base, "bin");
    mkdirSync(bin);
    compileC(join(REPO_ROOT, "test/sandbox/probes/escape.c"), join(bin, "escape"));
    if (process.arch === "x64")
      compileC(join(REPO_ROOT, "test/sandbox/probes/int80.c"), join(bin, "int80"));
    // No helper path, so detection must settle on bwrap.
    backend = await detectSandboxBackend({
      helperPath: join(base, "missing-helper"),
      env: { PATH: SYSTEM_PATH },
    });
    expect(backend).toEqual({ kind: "bwrap", bwrapPath: BWRAP, disableUserns: true });
    const tcp = acceptingServer();
    const tcp6 = acceptingServer();
    const abstract = acceptingServer();
    servers.push(tcp, tcp6, abstract);
    const abstractName = `codex-sbx-bwrap-${process.pid}`;
    await Promise.all([
      listen(tcp, { host: "127.0.0.1", port: 0 }),
      listen(tcp6, { host: "::1", port: 0 }),
      listen(abstract, `\0${abstractName}`),
    ]);

    const jobs: Array<() => Promise<void>> = [];
    for (const user of users) {
      for (const mode of ["read-only", "workspace-write"] as const) {
        const dir = join(base, `${user.name}-${mode}`);
        const ws = join(dir, "ws");
        const outside = join(dir, "outside");
        for (const path of [join(ws, ".git/hooks"), join(ws, ".codex"), join(ws, "mnt"), outside])
          mkdirSync(path, { recursive: true });
        writeFileSync(join(ws, "mine.txt"), "mine\n");
        for (const victim of ["victim-sym.txt", "victim-mv.txt", "victim-hard.txt"])
          writeFileSync(join(outside, victim), "original\n");
        symlinkSync(join(outside, "victim-sym.txt"), join(ws, "link-out"));
        chownTree(dir, user.uid);
        const [signalVictim, ptraceVictim] = await Promise.all([
          startVictim(user),
          startVictim(user),
        ]);
        victims.push(signalVictim!, ptraceVictim!);
        const ctx: ProbeContext = {
          user,
          ws,
          outside,
          bin,
          tcpPort: portOf(tcp),
          tcp6Port: portOf(tcp6),
          udpPort: 9,
          abstractName,
          signalVictim: signalVictim!,
          ptraceVictim: ptraceVictim!,
        };
        for (const probe of probes) {
          jobs.push(async () => {
            const result = await runInSandbox({
              user,
              mode,
              script: probe.script(ctx),
              cwd: ws,
              backend,
              env: { PATH: SYSTEM_PATH, LANG: "C", TMPDIR: join(dir, "no-such-tmpdir") },
              codexHome: join(dir, "codex-home"),
            });
            const happened =
              "happened" in probe && probe.happened ? probe.happened(ctx) : result.code === 0;
            results.set(`${user.name}|${mode}|${probe.name}`, { ...result, happened });
          });
        }
        jobs.push(async () => {
          const alive = { code: isAlive(signalVictim!) ? 1 : 0, output: "", happened: false };
          results.set(`${user.name}|${mode}|victim`, alive);
        });
      }
    }
    await mapLimit(jobs, 16, (job) => job());
  }, 120_000);

  afterAll(() => {
    for (const victim of victims) victim.kill("SIGKILL");
    for (const server of servers) server.close();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  for (const user of users as TestUser[]) {
    for (const mode of ["read-only", "workspace-write"] as const) {
      for (const probe of probes) {
        const vacuous = probe.name === I386 && !ia32.works ? " (host lacks IA32 emulation)" : "";
        it(`as ${user.name}, ${mode} denies: ${probe.name}${vacuous}`, () => {
          const result = results.get(`${user.name}|${mode}|${probe.name}`)!;
          expect(result.code, result.output).not.toBe(0);
          expect(result.happened, result.output).toBe(false);
        });
      }
    }
    it(`as ${user.name}, workspace-write still lets the command write its cwd`, async () => {
      const dir = join(base, `${user.name}-workspace-write`);
      const result = await runInSandbox({
        user,
        mode: "workspace-write",
        script: "echo ok > made-in-bwrap && cat made-in-bwrap",
        cwd: join(dir, "ws"),
        backend,
        env: { PATH: SYSTEM_PATH },
        codexHome: join(dir, "codex-home"),
      });
      expect(result.code, result.output).toBe(0);
      expect(existsSync(join(dir, "ws/made-in-bwrap"))).toBe(true);
    });
  }
});
