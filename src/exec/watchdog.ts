// The one exit path Node cannot handle itself: codex being SIGKILLed (or crashing hard). A tiny
// `sh` started on the first command reads the process groups we own from a pipe ("+PGID" when one
// starts, "-PGID" once it is gone). When the pipe reaches EOF — codex is gone, however it went —
// it sends SIGTERM to the groups still listed, waits a second, then SIGKILL. It has its own
// session and no stdout/stderr, so it neither dies with our terminal group nor holds our output.

import { spawn, type ChildProcess } from "node:child_process";

const SCRIPT = `
groups=
while IFS= read -r line; do
  case "$line" in
    +*) groups="$groups \${line#+}" ;;
    -*) kept=
        for g in $groups; do [ "$g" = "\${line#-}" ] || kept="$kept $g"; done
        groups=$kept ;;
  esac
done
[ -n "$groups" ] || exit 0
for g in $groups; do kill -s TERM -- "-$g" 2>/dev/null; kill -s CONT -- "-$g" 2>/dev/null; done
sleep 1
for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
exit 0
`;

let watchdog: ChildProcess | null | undefined;

function start(): ChildProcess | null {
  if (process.platform === "win32") return null;
  try {
    const child = spawn("/bin/sh", ["-c", SCRIPT, "codex-watchdog"], {
      detached: true,
      stdio: ["pipe", "ignore", "ignore"],
      // Nothing of ours (API keys included) reaches it; `sleep` is all it looks up.
      env: { PATH: "/usr/bin:/bin" },
      cwd: "/",
    });
    child.on("error", () => {
      watchdog = null;
    });
    child.stdin?.on("error", () => {
      watchdog = null;
    });
    // Never keeps codex alive; its job starts when we are gone.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return child;
  } catch {
    return null;
  }
}

function send(line: string): void {
  if (watchdog === undefined) watchdog = start();
  const stdin = watchdog?.stdin;
  if (!stdin || stdin.destroyed) return;
  // Pipe writes go out at once when the pipe has room (a few bytes always fit).
  stdin.write(`${line}\n`);
}

/** The process group `pgid` is ours until `forgetGroup`: end it if codex dies abruptly. */
export function watchGroup(pgid: number): void {
  send(`+${pgid}`);
}

/** The group is gone (or was ended); its id must not be signalled any more. */
export function forgetGroup(pgid: number): void {
  if (watchdog === undefined) return;
  send(`-${pgid}`);
}
