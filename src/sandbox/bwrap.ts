// The bubblewrap backend's spawn plan: bwrap's argv, and our seccomp filter for bwrap to read on
// fd 3 (see src/exec/fd3.ts: a pipe, or a short `sh` script under a PTY), so there is no filter
// file a command could tamper with. bwrap is run directly: a wrapping shell cost ~1 ms a command.
import { lstatSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { bwrapSeccompFilter } from "./bwrap-seccomp.js";
import { isWithin } from "./policy.js";
import type { WritableRoot } from "./policy.js";

/** What a protected path is right now; injectable for tests. */
export type PathProbe = (path: string) => "present" | "absent" | "no-parent";

export const probePath: PathProbe = (path) => {
  try {
    lstatSync(path);
    return "present";
  } catch {
    try {
      return statSync(dirname(path)).isDirectory() ? "absent" : "no-parent";
    } catch {
      return "no-parent";
    }
  }
};

/**
 * Paths bound onto themselves: every root, and every directory strictly between a root and
 * another root containing it (`/tmp/a` for `/tmp` and `/tmp/a/ws`). A mount point cannot be
 * renamed (EBUSY), so a command cannot move the workspace away and put a replacement (with a
 * fresh `.git/hooks`) in its place. Shortest first, so outer binds never cover inner ones.
 */
export function pinPoints(roots: readonly string[]): string[] {
  const pins = new Set<string>();
  for (const root of roots) {
    if (root === "/") continue;
    pins.add(root);
    for (let dir = dirname(root); dir !== "/" && dir !== "."; dir = dirname(dir)) {
      if (roots.some((other) => other !== dir && other !== "/" && isWithin(dir, other)))
        pins.add(dir);
    }
  }
  return [...pins].sort((a, b) => a.length - b.length);
}

export interface BwrapRequest {
  bwrapPath: string;
  disableUserns: boolean;
  command: string[];
  cwd: string;
  roots: WritableRoot[];
  network: boolean;
  probe?: PathProbe;
}

/**
 * bubblewrap argv. `--unshare-user --cap-drop ALL` are not optional: as root without them the
 * command keeps CAP_SYS_ADMIN and can simply remount `/` read-write.
 *
 * Protected paths are decided when the plan is made, right before the spawn (after any
 * approval): an existing one is bound read-only; a missing one gets a read-only empty tmpfs
 * (bwrap creates the directory on the host, empty, and it stays; later runs bind it), except a
 * workspace's own `.git`, which `git init` may create.
 */
export function bwrapArgs(req: BwrapRequest): string[] {
  const probe = req.probe ?? probePath;
  const args = [
    "--new-session",
    "--die-with-parent",
    "--unshare-user",
    "--unshare-pid",
    "--unshare-ipc",
  ];
  if (req.disableUserns) args.push("--disable-userns");
  if (!req.network) args.push("--unshare-net");
  args.push("--cap-drop", "ALL", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc");
  // Parents first, so binding /tmp cannot cover a workspace that lives under it.
  for (const pin of pinPoints(req.roots.map((entry) => entry.root)))
    args.push("--bind-try", pin, pin);
  // As in the helper: a fresh `.git` may be created (git init) only in the workspace, the
  // deepest root holding the cwd.
  const workspace = req.roots
    .filter((entry) => isWithin(req.cwd, entry.root))
    .sort((a, b) => b.root.length - a.root.length)[0]?.root;
  const ordered = [...req.roots].sort((a, b) => a.root.length - b.root.length);
  for (const { root, protectedPaths } of ordered) {
    for (const path of protectedPaths) {
      const existingOnly = root === workspace && path === `${root === "/" ? "" : root}/.git`;
      const state = probe(path);
      if (state === "present") args.push("--ro-bind-try", path, path);
      else if (state === "absent" && !existingOnly)
        args.push("--tmpfs", path, "--remount-ro", path);
    }
  }
  args.push("--chdir", req.cwd, "--", ...req.command);
  return args;
}

/** bwrap and its argv; `fd3` is the seccomp filter (`--seccomp 3`), absent on unknown CPUs. */
export function bwrapInvocation(req: BwrapRequest): {
  program: string;
  args: string[];
  fd3?: Buffer;
} {
  const filter = bwrapSeccompFilter(req.network);
  const args = bwrapArgs(req);
  if (!filter) return { program: req.bwrapPath, args };
  return { program: req.bwrapPath, args: ["--seccomp", "3", ...args], fd3: filter };
}
