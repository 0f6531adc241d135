// Issue 10's escape classes against every Linux backend: the helper, the helper where user
// namespaces are unavailable (for real: a seccomp wrapper makes unshare fail, as Docker's default
// profile does), and bubblewrap. As root and as nobody, read-only and workspace-write (with the
// workspace's grandparent as a writable root, so replacing the workspace or its parent is
// possible in principle).
// Each probe first runs without a sandbox, so a probe this host cannot perform at all is named
// as such instead of passing vacuously; then the effect outside is checked, not the exit code.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnFd3Plan } from "../../src/exec/fd3.js";
import type { SandboxPolicy } from "../../src/protocol/index.js";
import type { SandboxBackend } from "../../src/sandbox/backend.js";
import { detectSandboxBackend } from "../../src/sandbox/detect.js";
import { sandboxPolicyFromMode } from "../../src/sandbox/policy.js";
import { buildSpawnPlan } from "../../src/sandbox/transform.js";
import { CLASS_ALLOWED, CLASS_PROBES, expectedToHappen } from "./escape-classes.js";
import type { Backend, ClassFixture, ListenerLogs, RestrictedMode } from "./escape-classes.js";
import {
  REPO_ROOT,
  SYSTEM_PATH,
  buildHelper,
  chownTree,
  findBwrap,
  collect,
  compileC,
  listen,
  makeBaseDir,
  mapLimit,
  testUsers,
} from "./harness.js";
import type { RunResult, TestUser } from "./harness.js";

const PROBES = join(REPO_ROOT, "test/sandbox/probes");
const BWRAP = findBwrap();
const MODES: RestrictedMode[] = ["read-only", "workspace-write"];
const users = testUsers();

// --- shared world: probes, helper, listeners (set up before the tests are named) ---------------
const base = makeBaseDir("codex-sbx-classes-");
const bin = join(base, "bin");
const helper = buildHelper(bin);
compileC(join(PROBES, "escape.c"), join(bin, "escape"));
compileC(join(PROBES, "nouserns.c"), join(bin, "nouserns"));
const sockets = join(base, "sockets");
mkdirSync(sockets, { mode: 0o755 });
const streamSocket = join(sockets, "stream.sock");
const dgramSocket = join(sockets, "dgram.sock");
let streamLog = "";
let dgramLog = "";
const logs: ListenerLogs = { stream: () => streamLog, dgram: () => dgramLog };
const streamServer = createServer((socket) => {
  socket.on("data", (chunk: Buffer) => {
    streamLog += chunk.toString();
    socket.end("ack\n");
  });
  socket.on("error", () => {});
});
await listen(streamServer, streamSocket);
chmodSync(streamSocket, 0o777);
const dgramListener: ChildProcess = spawn(join(bin, "escape"), ["dgram-listen", dgramSocket], {
  stdio: ["ignore", "pipe", "inherit"],
});
dgramListener.stdout!.on("data", (chunk: Buffer) => (dgramLog += chunk.toString()));
while (!dgramLog.includes("listening")) await sleep(10);
chmodSync(dgramSocket, 0o777);

const helperBackend = await detectSandboxBackend({ helperPath: helper });
const bwrapBackend: SandboxBackend | undefined = BWRAP
  ? await detectSandboxBackend({ helperPath: join(base, "no-helper"), env: { PATH: SYSTEM_PATH } })
  : undefined;

let fixtures = 0;
function makeFixture(user: TestUser, victims: string[]): ClassFixture {
  const dir = join(base, `f${fixtures++}`);
  const root = join(dir, "root");
  const parent = join(root, "parent");
  const ws = join(parent, "ws");
  const outside = join(dir, "outside");
  const tmpdir = join(dir, "tmpdir");
  const codexHome = join(dir, "codex-home");
  for (const path of [join(ws, ".git/hooks"), outside, tmpdir, join(codexHome, "memories")])
    mkdirSync(path, { recursive: true });
  writeFileSync(join(ws, ".git/config"), "[core]\n\trepositoryformatversion = 0\n");
  for (const victim of victims)
    writeFileSync(join(outside, victim), "#!/bin/sh\n", { mode: 0o755 });
  chownTree(dir, user.uid);
  const ctimes = new Map(
    victims.map((victim) => [victim, statSync(join(outside, victim), { bigint: true }).ctimeNs]),
  );
  return {
    uid: user.uid,
    root,
    parent,
    ws,
    wsInode: statSync(ws).ino,
    outside,
    tmpdir,
    codexHome,
    bin,
    streamSocket,
    dgramSocket,
    tag: `tag-${dir.replace(/\W/g, "-")}`,
    ctimes,
  };
}

function policyFor(mode: RestrictedMode | "danger-full-access", f: ClassFixture): SandboxPolicy {
  if (mode === "workspace-write")
    return sandboxPolicyFromMode("workspace-write", { writable_roots: [f.root] });
  return sandboxPolicyFromMode(mode);
}

function run(
  backend: Backend,
  user: TestUser,
  mode: RestrictedMode | "danger-full-access",
  f: ClassFixture,
  script: string,
): Promise<RunResult> {
  const plan = buildSpawnPlan({
    command: ["/bin/sh", "-c", script],
    cwd: f.ws,
    policy: policyFor(mode, f),
    env: { PATH: SYSTEM_PATH, LANG: "C", TMPDIR: f.tmpdir, HOME: join(f.parent, "home") },
    codexHome: f.codexHome,
    backend: backend === "bwrap" ? bwrapBackend! : helperBackend,
  });
  const wrapper = backend === "helper without user namespaces" ? [join(bin, "nouserns")] : [];
  const argv = [...user.prefix, ...wrapper, plan.program, ...plan.args];
  return collect(
    spawnFd3Plan(plan, { cwd: plan.cwd, env: plan.env, stdio: ["ignore", "pipe", "pipe"] }, argv),
  );
}

/**
 * A socket probe that exited 0 sent its tag, but the listener logs it asynchronously: wait
 * (bounded) until every such tag has arrived before judging. Denied sends never need waiting.
 */
async function drainListeners(runs: Array<{ f: ClassFixture; code: number; socket: boolean }>) {
  const pending = () =>
    runs.filter((r) => r.socket && r.code === 0 && !`${streamLog}${dgramLog}`.includes(r.f.tag));
  for (let waited = 0; pending().length > 0 && waited < 5000; waited += 20) await sleep(20);
}
const isSocketProbe = (name: string) => /socket/.test(name);

// Ground truth without any sandbox: can this host do it at all?
const hostCan = new Map<string, boolean>();
{
  const controls: Array<{
    user: TestUser;
    f: ClassFixture;
    code: number;
    socket: boolean;
    probe: (typeof CLASS_PROBES)[number];
  }> = [];
  for (const user of users) {
    for (const probe of CLASS_PROBES) {
      const f = makeFixture(user, probe.victims ?? []);
      await sleep(5); // coarse ctime clocks: a change right after creation could keep the same ctime
      const { code } = await run("helper", user, "danger-full-access", f, probe.script(f));
      controls.push({ user, f, code, probe, socket: isSocketProbe(probe.name) });
    }
  }
  await drainListeners(controls);
  for (const { user, f, probe } of controls)
    hostCan.set(`${user.name}|${probe.name}`, probe.happened(f, logs));
}

// --- the sandboxed runs -------------------------------------------------------------------------
const backends: Backend[] = ["helper", "helper without user namespaces", "bwrap"];
const results = new Map<string, RunResult & { happened: boolean }>();
const judged: Array<{
  id: string;
  f: ClassFixture;
  code: number;
  socket: boolean;
  result: RunResult;
  probe: (typeof CLASS_PROBES)[number];
}> = [];
const key = (...parts: string[]) => parts.join("|");

beforeAll(async () => {
  const jobs: Array<() => Promise<void>> = [];
  for (const backend of backends) {
    if (backend === "bwrap" && !bwrapBackend) continue;
    for (const user of users) {
      for (const mode of MODES) {
        for (const probe of CLASS_PROBES) {
          const f = makeFixture(user, probe.victims ?? []);
          jobs.push(async () => {
            const result = await run(backend, user, mode, f, probe.script(f));
            const id = key(backend, user.name, mode, probe.name);
            judged.push({
              id,
              f,
              code: result.code,
              result,
              probe,
              socket: isSocketProbe(probe.name),
            });
          });
        }
        for (const allowed of CLASS_ALLOWED) {
          const f = makeFixture(user, []);
          jobs.push(async () => {
            const result = await run(backend, user, mode, f, allowed.script(f));
            results.set(key(backend, user.name, mode, allowed.name), { ...result, happened: true });
          });
        }
      }
    }
  }
  await sleep(5);
  await mapLimit(jobs, 8, (job) => job());
  await drainListeners(judged);
  for (const { id, f, result, probe } of judged)
    results.set(id, { ...result, happened: probe.happened(f, logs) });
}, 180_000);

afterAll(() => {
  streamServer.close();
  dgramListener.kill("SIGKILL");
  rmSync(base, { recursive: true, force: true });
});

// Probes any Linux host of this kind can perform unsandboxed; a failure here means a broken probe.
const PORTABLE = CLASS_PROBES.filter((p) => !/chown|setxattr/.test(p.name)).map((p) => p.name);
for (const user of users) {
  it(`as ${user.name}, every portable probe takes effect without a sandbox (probes can detect escapes)`, () => {
    const failed = PORTABLE.filter((name) => !hostCan.get(`${user.name}|${name}`));
    expect(failed).toEqual([]);
  });
}

for (const backend of backends) {
  const missing = backend === "bwrap" && !BWRAP;
  const title = missing
    ? "bwrap backend — NOT RUN: this host has no bwrap (install bubblewrap)"
    : `${backend} backend`;
  describe.skipIf(missing)(title, () => {
    for (const user of users) {
      for (const mode of MODES) {
        for (const probe of CLASS_PROBES) {
          const can = hostCan.get(`${user.name}|${probe.name}`) ?? false;
          const weaker = expectedToHappen(backend, mode, probe.name);
          const verb = !can
            ? "cannot (this host refuses it even unsandboxed)"
            : weaker
              ? "does NOT stop (documented weaker)"
              : "denies";
          it(`as ${user.name}, ${mode} ${verb}: ${probe.name}`, () => {
            const result = results.get(key(backend, user.name, mode, probe.name))!;
            expect(result.happened, result.output).toBe(can && weaker);
            if (can && !weaker) expect(result.code, result.output).not.toBe(0);
          });
        }
        for (const allowed of CLASS_ALLOWED) {
          it(`as ${user.name}, ${mode} allows: ${allowed.name}`, () => {
            const result = results.get(key(backend, user.name, mode, allowed.name))!;
            expect(result.code, result.output).toBe(0);
          });
        }
      }
    }
    if (backend === "helper without user namespaces") {
      it("says once, on stderr, what is weaker", () => {
        const user = users[0]!.name;
        const ws = results.get(key(backend, user, "workspace-write", CLASS_ALLOWED[0]!.name))!;
        expect(ws.output.match(/which is WEAKER/g)).toHaveLength(1);
        const ro = results.get(key(backend, user, "read-only", CLASS_ALLOWED[0]!.name))!;
        expect(ro.output.match(/refused everywhere/g)).toHaveLength(1);
      });
    }
    if (backend === "bwrap") {
      it("keeps the empty mount targets bwrap created for missing protected dirs (documented)", async () => {
        const f = makeFixture(users[0]!, []);
        const result = await run(backend, users[0]!, "workspace-write", f, "true");
        expect(result.code, result.output).toBe(0);
        for (const name of [".agents", ".codex"]) expect(readdirSync(join(f.ws, name))).toEqual([]);
        expect(existsSync(join(f.ws, ".git/config"))).toBe(true);
      });
    }
    if (backend === "helper") {
      it("removes the empty mount targets it created for missing protected dirs", () => {
        const f = makeFixture(users[0]!, []);
        return run(backend, users[0]!, "workspace-write", f, "true").then((result) => {
          expect(result.code, result.output).toBe(0);
          for (const path of [".agents", ".codex"])
            expect(existsSync(join(f.ws, path))).toBe(false);
          for (const path of [".git", ".agents", ".codex"])
            expect(existsSync(join(f.tmpdir, path))).toBe(false);
        });
      });
    }
  });
}
