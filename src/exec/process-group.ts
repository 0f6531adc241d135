// Signalling a command together with everything it started. Commands are spawned as the
// leader of their own process group, so `kill(-pid)` reaches background children too.

/**
 * Sends `signal` to the process group led by `pid`, falling back to the process alone
 * when the group is gone or not ours. Returns false when nothing was there to signal.
 */
export function signalProcessGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined || pid <= 0) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}
