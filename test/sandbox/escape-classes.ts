// The escape classes of issue 10 (metadata outside the roots, workspace replacement, pathname
// unix sockets, missing protected dirs, $CODEX_HOME/memories), each with its ground truth: what
// would be true outside the sandbox had it worked. The expected outcome per backend and mode is
// data here, so docs/sandbox.md's table and the assertions are the same facts.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export type Backend = "helper" | "helper without user namespaces" | "bwrap";
export type RestrictedMode = "read-only" | "workspace-write";

/** One probe's private world (each probe gets its own, so they can run concurrently). */
export interface ClassFixture {
  uid: number;
  /** Configured as an extra writable root under workspace-write: the workspace's grandparent. */
  root: string;
  /** The workspace's parent, inside `root`. */
  parent: string;
  ws: string;
  wsInode: number;
  outside: string;
  tmpdir: string;
  codexHome: string;
  bin: string;
  streamSocket: string;
  dgramSocket: string;
  /** Unique text the socket probes send, looked up in the listeners' logs. */
  tag: string;
  /** ctime (ns) of every outside victim file, taken after the fixture was built. */
  ctimes: Map<string, bigint>;
}

export interface ListenerLogs {
  stream: () => string;
  dgram: () => string;
}

export interface ClassProbe {
  name: string;
  script: (f: ClassFixture) => string;
  happened: (f: ClassFixture, logs: ListenerLogs) => boolean;
  /** Outside victim files this probe needs (created owned by the test user). */
  victims?: string[];
}

const ctimeChanged = (f: ClassFixture, name: string) =>
  statSync(join(f.outside, name), { bigint: true }).ctimeNs !== f.ctimes.get(name);

export const CLASS_PROBES: ClassProbe[] = [
  {
    name: "chmod 4755 (setuid) on an executable outside the roots",
    victims: ["suid-bin"],
    script: (f) => `chmod 4755 ${f.outside}/suid-bin`,
    happened: (f) => (statSync(join(f.outside, "suid-bin")).mode & 0o4000) !== 0,
  },
  {
    name: "chmod a file outside the roots",
    victims: ["chmod.txt"],
    script: (f) => `chmod 600 ${f.outside}/chmod.txt`,
    happened: (f) => (statSync(join(f.outside, "chmod.txt")).mode & 0o777) === 0o600,
  },
  {
    name: "chown a file outside the roots",
    victims: ["chown.txt"],
    // root gives the file away; anyone else can only "change" it to itself (ctime still moves).
    script: (f) => `chown ${f.uid === 0 ? "1:1" : `${f.uid}:${f.uid}`} ${f.outside}/chown.txt`,
    happened: (f) => ctimeChanged(f, "chown.txt"),
  },
  {
    name: "set timestamps outside the roots (touch -d)",
    victims: ["time.txt"],
    script: (f) => `touch -d 2001-02-03 ${f.outside}/time.txt`,
    happened: (f) => statSync(join(f.outside, "time.txt")).mtime.getUTCFullYear() === 2001,
  },
  {
    name: "setxattr on a file outside the roots",
    victims: ["xattr.txt"],
    script: (f) => `${f.bin}/escape xattr ${f.outside}/xattr.txt`,
    happened: (f) => ctimeChanged(f, "xattr.txt"),
  },
  {
    name: "connect to a pathname unix socket outside",
    script: (f) => `${f.bin}/escape unix-connect ${f.streamSocket} ${f.tag}`,
    happened: (f, logs) => logs.stream().includes(f.tag),
  },
  {
    name: "sendto a pathname unix datagram socket outside",
    script: (f) => `${f.bin}/escape unix-sendto ${f.dgramSocket} ${f.tag}`,
    happened: (f, logs) => logs.dgram().includes(f.tag),
  },
  {
    name: "sendmsg(msg_name) from a datagram socketpair to a socket outside",
    script: (f) => `${f.bin}/escape pair-sendmsg ${f.dgramSocket} ${f.tag}`,
    happened: (f, logs) => logs.dgram().includes(f.tag),
  },
  {
    name: "replace the workspace (its parent is writable) and plant a git hook",
    script: () =>
      `cd .. && mv ws ws.moved && mkdir -p ws/.git/hooks && echo pwned > ws/.git/hooks/pre-commit`,
    happened: (f) =>
      statSync(f.ws).ino !== f.wsInode || existsSync(join(f.ws, ".git/hooks/pre-commit")),
  },
  {
    name: "replace the workspace's parent (inside a writable root) and plant a git hook",
    script: () =>
      `cd ../.. && mv parent parent.moved && mkdir -p parent/ws/.git/hooks && echo pwned > parent/ws/.git/hooks/pre-commit`,
    happened: (f) =>
      statSync(f.ws).ino !== f.wsInode || existsSync(join(f.ws, ".git/hooks/pre-commit")),
  },
  {
    name: "create the missing .agents in the workspace",
    script: () => `mkdir -p .agents/skills/x && echo pwned > .agents/skills/x/SKILL.md`,
    happened: (f) => existsSync(join(f.ws, ".agents/skills/x/SKILL.md")),
  },
  {
    name: "create the missing .codex in the workspace",
    script: () => `mkdir -p .codex && echo 'model = "pwned"' > .codex/config.toml`,
    happened: (f) => existsSync(join(f.ws, ".codex/config.toml")),
  },
  {
    name: "create a missing .git in another writable root ($TMPDIR)",
    script: () =>
      `mkdir -p "$TMPDIR/.git/hooks" && echo pwned > "$TMPDIR/.git/hooks/post-checkout"`,
    happened: (f) => existsSync(join(f.tmpdir, ".git/hooks/post-checkout")),
  },
  {
    name: "write $CODEX_HOME/memories",
    script: (f) => `echo pwned > ${f.codexHome}/memories/planted.md`,
    happened: (f) => existsSync(join(f.codexHome, "memories/planted.md")),
  },
];

/** Work that must keep succeeding in every restricted mode. */
export const CLASS_ALLOWED: Array<{ name: string; script: (f: ClassFixture) => string }> = [
  { name: "a stream socketpair round trip", script: (f) => `${f.bin}/escape socketpair` },
  { name: "write /dev/null", script: () => `echo x > /dev/null` },
];

/**
 * Where an escape class is NOT closed, by design and documented in docs/sandbox.md. Everything
 * not listed here must be denied.
 */
const WEAKER: Record<Backend, Partial<Record<RestrictedMode, string[]>>> = {
  helper: {},
  "helper without user namespaces": {
    "workspace-write": [
      "chmod a file outside the roots",
      "set timestamps outside the roots (touch -d)",
      "replace the workspace (its parent is writable) and plant a git hook",
      "replace the workspace's parent (inside a writable root) and plant a git hook",
      "create the missing .agents in the workspace",
      "create the missing .codex in the workspace",
      "create a missing .git in another writable root ($TMPDIR)",
    ],
  },
  bwrap: {},
};

export function expectedToHappen(backend: Backend, mode: RestrictedMode, probe: string): boolean {
  return WEAKER[backend][mode]?.includes(probe) ?? false;
}

export function readLog(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}
