// Decides whether a failed sandboxed command failed *because of* the sandbox, so that the
// on-failure approval policy offers a re-run without it. Ordinary failures must not qualify.
import type { SandboxPolicy } from "../protocol/index.js";
import { canWritePath, hasFullNetworkAccess } from "./policy.js";
import type { WriteCheckContext } from "./policy.js";

/** SIGSYS: the seccomp filter kills a process that uses a foreign syscall ABI. */
const SIGSYS_EXIT = 128 + 31;

const ALWAYS_SANDBOX = [
  /Read-only file system/i,
  /\bEROFS\b/,
  /Bad system call/i,
  /codex-linux-sandbox: /,
];

const PERMISSION = /Permission denied|\bEACCES\b|Operation not permitted|\bEPERM\b/i;

/** Network failures that, with the network disabled, are the sandbox's doing. */
const NETWORK_FAILURE = [
  /\b(socket|connect|bind|sendto|getaddrinfo)\b.*(Operation not permitted|EPERM|Permission denied|EACCES)/i,
  /(Operation not permitted|EPERM|Permission denied|EACCES).*\b(socket|connect|bind)\b/i,
  /Couldn't connect to server|Could not resolve host|Failed to connect to/i,
  /Temporary failure in name resolution|Name or service not known|getaddrinfo E(AI_AGAIN|NOTFOUND)/i,
  /Network is unreachable|ENETUNREACH|network access is disabled/i,
  /\/dev\/tcp\/.*(Operation not permitted|Permission denied)/i,
];

/** Paths mentioned on a permission-error line, in the spellings common tools use. */
function pathsOnLine(line: string): string[] {
  const found: string[] = [];
  const patterns = [
    /'([^']+)'/g, // node, python, coreutils (C locale)
    /‘([^’]+)’/g, // coreutils (UTF-8 locales)
    /"([^"]+)"/g,
    /cannot create ([^:]+):/g, // dash
    /(?:^|\s)(\/[^\s:'"]+)/g, // bare absolute path
    /^([^\s:]+): Permission denied/g, // bash: path: Permission denied
    /^[\w.-]+: ([^\s:]+): (?:Permission denied|Operation not permitted)/g, // tool: path: error
  ];
  for (const pattern of patterns) {
    for (const match of line.matchAll(pattern)) {
      const candidate = match[1]?.trim();
      if (candidate && !/\s{2,}/.test(candidate) && !/^\d+$/.test(candidate)) found.push(candidate);
    }
  }
  return found;
}

/**
 * True when the output of a failed command shows a sandbox denial: a read-only filesystem,
 * a seccomp kill, a permission error on a path the policy does not let the command write,
 * or a blocked socket while the network is disabled. `ctx` lets workspace-write tell paths
 * inside the roots (real permission problems) from paths outside them.
 */
export function looksLikeSandboxDenial(
  output: string,
  exitCode: number,
  policy: SandboxPolicy,
  ctx?: WriteCheckContext,
): boolean {
  if (exitCode === 0 || policy.type === "danger-full-access") return false;
  if (exitCode === SIGSYS_EXIT) return true;
  if (ALWAYS_SANDBOX.some((pattern) => pattern.test(output))) return true;
  const lines = output.split(/\r?\n/);
  if (!hasFullNetworkAccess(policy)) {
    if (lines.some((line) => NETWORK_FAILURE.some((p) => p.test(line)))) return true;
    // Tracebacks put the failing socket call and the errno on different lines.
    if (
      /Operation not permitted|\bEPERM\b/.test(output) &&
      /\b(socket|connect|sendto|urlopen|https?)\b/i.test(output)
    )
      return true;
  }

  for (const line of lines) {
    if (!PERMISSION.test(line)) continue;
    if (policy.type === "read-only") return true;
    if (!ctx) continue;
    if (pathsOnLine(line).some((path) => !canWritePath(path, policy, ctx))) return true;
  }
  return false;
}
