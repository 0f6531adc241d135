// The bubblewrap backend's spawn plan: bwrap's argv, wrapped in a short `sh` script that decides
// at spawn time how each protected path is covered and hands bwrap our seccomp filter.
import { dirname } from "node:path";
import { bwrapSeccompFilter, octalEscape } from "./bwrap-seccomp.js";
import { isWithin } from "./policy.js";
import type { WritableRoot } from "./policy.js";

/**
 * `sh -c` script. `$0` is bwrap, `$1` the octal-escaped seccomp filter (empty: none), the rest
 * bwrap's argv, in which `--codex-protect P` / `--codex-protect-existing P` (before the first
 * `--`) become `--ro-bind-try P P` when P exists, and otherwise (if its root exists) a read-only
 * empty tmpfs at P (bwrap creates P, empty, on the host; it stays, and later runs bind it) or
 * nothing. The
 * filter reaches bwrap through a pipe on fd 3 (stdin waits on fd 4), so there is no filter file
 * a command could tamper with.
 */
export const BWRAP_SCRIPT = [
  'b=$0 f=$1; shift; n=$# i=0 rest=""',
  'while [ "$i" -lt "$n" ]; do a=$1; shift; i=$((i + 1))',
  '  if [ -z "$rest" ] && { [ "$a" = --codex-protect ] || [ "$a" = --codex-protect-existing ]; }; then',
  "    p=$1; shift; i=$((i + 1))",
  '    if [ -e "$p" ] || [ -L "$p" ]; then set -- "$@" --ro-bind-try "$p" "$p"',
  '    elif [ "$a" = --codex-protect ] && [ -d "${p%/*}" ]; then',
  '      set -- "$@" --tmpfs "$p" --remount-ro "$p"',
  "    fi",
  '  else [ "$a" = -- ] && rest=1; set -- "$@" "$a"; fi',
  "done",
  'if [ -z "$f" ]; then exec "$b" "$@"; fi',
  'exec 4<&0; printf "$f" | { exec 3<&0 0<&4 4<&-; exec "$b" --seccomp 3 "$@"; }',
].join("\n");

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
}

/**
 * bubblewrap argv. `--unshare-user --cap-drop ALL` are not optional: as root without them the
 * command keeps CAP_SYS_ADMIN and can simply remount `/` read-write.
 */
export function bwrapArgs(req: BwrapRequest): string[] {
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
      args.push(existingOnly ? "--codex-protect-existing" : "--codex-protect", path);
    }
  }
  args.push("--chdir", req.cwd, "--", ...req.command);
  return args;
}

/** `/bin/sh -c BWRAP_SCRIPT bwrap FILTER ARGS…` */
export function bwrapInvocation(req: BwrapRequest): { program: string; args: string[] } {
  const filter = bwrapSeccompFilter(req.network);
  return {
    program: "/bin/sh",
    args: ["-c", BWRAP_SCRIPT, req.bwrapPath, filter ? octalEscape(filter) : "", ...bwrapArgs(req)],
  };
}
