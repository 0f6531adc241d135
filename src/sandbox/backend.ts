// Which mechanism can enforce a sandbox on this machine, and the error when none can.

/** The result of `detectSandboxBackend()`; passed to `buildSpawnPlan`. */
export type SandboxBackend =
  | {
      kind: "linux-helper";
      helperPath: string;
      landlockAbi: number;
      /** User+mount namespaces work, so protected paths can be made read-only. */
      userNamespaces: boolean;
    }
  | {
      kind: "bwrap";
      bwrapPath: string;
      /** bwrap >= 0.8 can forbid nested user namespaces (`--disable-userns`). */
      disableUserns?: boolean;
    }
  | { kind: "seatbelt"; sandboxExecPath: string }
  | {
      kind: "none";
      /** Why nothing is usable; shown to the user when a restricted policy is requested. */
      reason: string;
      platform: NodeJS.Platform;
    };

/** The `sandbox` field of a spawn plan: what actually wraps the command. */
export type SandboxKind = "none" | "linux-helper" | "bwrap" | "seatbelt";

/** Thrown when a restricted policy is requested but nothing on this machine can enforce it. */
export class SandboxUnavailableError extends Error {
  override readonly name = "SandboxUnavailableError";
  constructor(
    readonly reason: string,
    readonly platform: NodeJS.Platform,
  ) {
    super(sandboxUnavailableMessage(reason, platform));
  }
}

export function sandboxUnavailableMessage(reason: string, platform: NodeJS.Platform): string {
  if (platform === "darwin") {
    return `Cannot sandbox this command: ${reason}. /usr/bin/sandbox-exec is part of macOS; if it is missing, run with --sandbox danger-full-access only inside an isolated environment.`;
  }
  if (platform !== "linux") {
    return `Cannot sandbox this command: ${reason}. There is no sandbox for ${platform}; use --sandbox danger-full-access only inside an isolated environment (a VM or container).`;
  }
  return (
    `Cannot sandbox this command: ${reason}. To fix it, either install a C compiler ` +
    "(e.g. `apt-get install gcc`) and rebuild the helper with `npm rebuild codex-ts` " +
    "(or `node scripts/build-native.mjs` in a checkout), or install bubblewrap (`apt-get install bubblewrap`). " +
    "Running with --sandbox danger-full-access disables the sandbox entirely."
  );
}
