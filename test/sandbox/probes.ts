// The escape probes and the allowed-work probes, as shell snippets run inside the sandbox.
// Each escape probe also names its ground truth: what would be true in the world had it worked.
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TestUser } from "./harness.js";

export interface ProbeContext {
  user: TestUser;
  ws: string;
  outside: string;
  bin: string;
  tcpPort: number;
  tcp6Port: number;
  udpPort: number;
  abstractName: string;
  signalVictim: ChildProcess;
  ptraceVictim: ChildProcess;
}

export interface Probe {
  name: string;
  script: (ctx: ProbeContext) => string;
  /** Ground truth, checked after the run: did the forbidden effect happen? */
  happened?: (ctx: ProbeContext) => boolean;
}

/** The compiled probe (probes/escape.c): no python needed. */
const probe = (ctx: ProbeContext, args: string) => `${ctx.bin}/escape ${args}`;
const contains = (path: string, text: string) =>
  existsSync(path) && readFileSync(path, "utf8").includes(text);

export const ESCAPE_PROBES: Probe[] = [
  {
    name: "write a file outside the roots",
    script: (c) => `echo pwned > ${c.outside}/direct.txt`,
    happened: (c) => existsSync(join(c.outside, "direct.txt")),
  },
  {
    name: "write outside through a symlink in the workspace",
    script: () => `echo pwned > link-out`,
    happened: (c) => contains(join(c.outside, "victim-sym.txt"), "pwned"),
  },
  {
    name: "rename an outside file into the workspace",
    script: (c) => `mv ${c.outside}/victim-mv.txt ./stolen.txt`,
    happened: (c) => !existsSync(join(c.outside, "victim-mv.txt")),
  },
  {
    name: "rename a workspace file to outside",
    script: (c) => `mv mine.txt ${c.outside}/mine.txt`,
    happened: (c) => existsSync(join(c.outside, "mine.txt")),
  },
  {
    name: "write outside through a new hard link",
    script: (c) => `ln ${c.outside}/victim-hard.txt hard && echo pwned >> hard`,
    happened: (c) => contains(join(c.outside, "victim-hard.txt"), "pwned"),
  },
  {
    name: "write into .git of the workspace",
    script: () => `echo pwned > .git/hooks/pre-commit`,
    happened: (c) => existsSync(join(c.ws, ".git/hooks/pre-commit")),
  },
  {
    name: "write into .codex of the workspace",
    script: () => `echo 'model = "pwned"' > .codex/config.toml`,
    happened: (c) => existsSync(join(c.ws, ".codex/config.toml")),
  },
  { name: "TCP connect to 127.0.0.1", script: (c) => probe(c, `tcp ${c.tcpPort}`) },
  { name: "UDP send to 127.0.0.1", script: (c) => probe(c, `udp ${c.udpPort}`) },
  { name: "IPv6 connect to ::1", script: (c) => probe(c, `tcp6 ${c.tcp6Port}`) },
  { name: "netlink socket", script: (c) => probe(c, "netlink") },
  {
    name: "connect to 127.0.0.1 from bash /dev/tcp",
    script: (c) => `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${c.tcpPort}'`,
  },
  {
    name: "connect to 127.0.0.1 from node",
    script: (c) =>
      `node -e 'require("net").connect(${c.tcpPort}, "127.0.0.1").on("connect", () => process.exit(0)).on("error", (e) => { console.error(e.message); process.exit(1); })'`,
  },
  {
    name: "connect to an abstract unix socket outside",
    script: (c) => probe(c, `abstract ${c.abstractName}`),
  },
  {
    name: "signal a process outside the sandbox",
    script: (c) => `kill -TERM ${c.signalVictim.pid}`,
  },
  {
    name: "ptrace a process outside the sandbox",
    script: (c) => probe(c, `ptrace ${c.ptraceVictim.pid}`),
  },
  {
    name: "mount a filesystem",
    // An unprivileged user can only mount inside a user namespace of its own.
    script: (c) =>
      c.user.uid === 0
        ? `mount -t tmpfs probe mnt && umount mnt`
        : `unshare -Urm mount -t tmpfs probe mnt`,
  },
  { name: "unshare a user namespace", script: () => `unshare -U true` },
  { name: "io_uring", script: (c) => probe(c, "io_uring") },
  ...(process.arch === "x64"
    ? [
        {
          name: "foreign-architecture (i386) syscall",
          script: (c: ProbeContext) => `${c.bin}/int80`,
        },
      ]
    : []),
];

/** Denied in every restricted mode; not run under danger-full-access (it would touch the host). */
export const RESTRICTED_ONLY_ESCAPES: Probe[] = [
  { name: "remount / read-write", script: () => `mount -o remount,rw /` },
  { name: "inject keystrokes into the terminal (TIOCSTI)", script: (c) => probe(c, "tiocsti") },
];

/** Only meaningful where protected paths are bind mounts, i.e. under workspace-write. */
export const WORKSPACE_ONLY_ESCAPES: Probe[] = [
  { name: "remount protected .git read-write", script: () => `mount -o remount,bind,rw .git` },
  { name: "unmount protected .git", script: () => `umount .git` },
];

export interface AllowedProbe {
  name: string;
  modes: ReadonlyArray<"read-only" | "workspace-write">;
  script: (ctx: ProbeContext & { tmpMarker: string }) => string;
}

export const ALLOWED_WORK: AllowedProbe[] = [
  {
    name: "AF_UNIX socketpair",
    modes: ["read-only", "workspace-write"],
    script: (c) => probe(c, "socketpair"),
  },
  {
    name: "read system files",
    modes: ["read-only", "workspace-write"],
    script: () => `cat /etc/passwd > /dev/null && ls / > /dev/null`,
  },
  {
    name: "write /dev/null",
    modes: ["read-only", "workspace-write"],
    script: () => `echo discarded > /dev/null`,
  },
  {
    name: "build in cwd",
    modes: ["workspace-write"],
    script: () => `cc -o hello hello.c && ./hello`,
  },
  {
    name: "write /tmp",
    modes: ["workspace-write"],
    script: (c) => `echo ok > ${c.tmpMarker} && cat ${c.tmpMarker}`,
  },
  {
    name: "write $TMPDIR",
    modes: ["workspace-write"],
    script: () => `echo ok > "$TMPDIR/scratch" && cat "$TMPDIR/scratch"`,
  },
  {
    name: "write a nested file in cwd",
    modes: ["workspace-write"],
    script: () => `mkdir -p src/deep && echo x > src/deep/f.txt`,
  },
];
