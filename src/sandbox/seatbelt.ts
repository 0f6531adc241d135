// macOS Seatbelt (sandbox-exec) profiles. The text is fixed per policy shape; paths are passed
// as -D parameters so nothing user-controlled is ever spliced into the profile source.
import type { SandboxPolicy } from "../protocol/index.js";
import { hasFullNetworkAccess } from "./policy.js";
import type { WritableRoot } from "./policy.js";

const BASE_PROFILE = `(version 1)
; Everything not allowed below is denied.
(deny default)

; Run programs and manage the processes this command starts.
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))

; Reading is unrestricted.
(allow file-read*)

; Devices and terminals that ordinary tools write to.
(allow file-write-data
  (literal "/dev/null")
  (literal "/dev/zero")
  (literal "/dev/dtracehelper")
  (regex #"^/dev/tty[^/]*$"))
(allow file-ioctl
  (literal "/dev/dtracehelper")
  (regex #"^/dev/tty[^/]*$"))
(allow pseudo-tty)

; System facilities libc, the Security framework and user defaults need.
(allow sysctl-read)
(allow user-preference-read)
(allow ipc-posix-sem)
(allow ipc-posix-shm-read-data)
(allow ipc-posix-shm-read-metadata)
(allow mach-lookup
  (global-name "com.apple.system.opendirectoryd.libinfo")
  (global-name "com.apple.system.notification_center")
  (global-name "com.apple.system.logger")
  (global-name "com.apple.logd")
  (global-name "com.apple.cfprefsd.daemon")
  (global-name "com.apple.cfprefsd.agent")
  (global-name "com.apple.SecurityServer")
  (global-name "com.apple.trustd.agent"))
(allow network-outbound (literal "/private/var/run/syslog"))
`;

const NETWORK_PROFILE = `
; Network access is enabled for this policy.
(allow network-outbound)
(allow network-inbound)
(allow system-socket)
(allow mach-lookup
  (global-name "com.apple.dnssd.service")
  (global-name "com.apple.SystemConfiguration.configd")
  (global-name "com.apple.networkd"))
`;

export function seatbeltRootParam(index: number): string {
  return `WRITABLE_ROOT_${index}`;
}

export function seatbeltProtectedParam(rootIndex: number, index: number): string {
  return `WRITABLE_ROOT_${rootIndex}_PROTECTED_${index}`;
}

/** The profile text and its `-D` parameters for `sandbox-exec -p PROFILE -DKEY=VALUE… -- CMD`. */
export function seatbeltInvocation(
  policy: SandboxPolicy,
  roots: readonly WritableRoot[],
): { profile: string; params: Array<[string, string]> } {
  if (policy.type === "danger-full-access") {
    throw new Error("danger-full-access runs without Seatbelt; no profile applies");
  }
  const params: Array<[string, string]> = [];
  let profile = BASE_PROFILE;
  if (roots.length > 0) {
    // Seatbelt, unlike Landlock, can carve read-only holes out of a writable subtree.
    const clauses = roots.map((entry, rootIndex) => {
      params.push([seatbeltRootParam(rootIndex), entry.root]);
      const exclusions = entry.protectedPaths.map((path, index) => {
        const key = seatbeltProtectedParam(rootIndex, index);
        params.push([key, path]);
        return `\n    (require-not (subpath (param "${key}")))`;
      });
      return `  (require-all\n    (subpath (param "${seatbeltRootParam(rootIndex)}"))${exclusions.join("")})`;
    });
    profile += `\n; Writable roots, minus their protected subpaths.\n(allow file-write*\n${clauses.join("\n")})\n`;
  }
  if (hasFullNetworkAccess(policy)) profile += NETWORK_PROFILE;
  return { profile, params };
}
