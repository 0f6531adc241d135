// Asks the OS (Linux /proc), not our own bookkeeping, which processes are running: tests put a
// unique marker in a command line (e.g. `sleep 4242.<nonce>`) and look for it afterwards.
import { randomInt } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

export interface FoundProcess {
  pid: number;
  cmdline: string;
}

/** A marker that is also a valid `sleep` duration (~11 days), unique per call. */
export function sleepMarker(): string {
  return `97${randomInt(1000, 9999)}.${randomInt(100_000, 999_999)}`;
}

function state(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? null;
  } catch {
    return null;
  }
}

/** Live (non-zombie) processes whose command line contains `marker`. */
export function processesWithMarker(marker: string): FoundProcess[] {
  const found: FoundProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
    } catch {
      continue;
    }
    if (!cmdline.includes(marker)) continue;
    const s = state(pid);
    if (s === null || s === "Z" || s === "X") continue;
    found.push({ pid, cmdline });
  }
  return found;
}

/** The parent of `pid`, or null when it is gone. */
export function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/** Whether `pid` exists and is not a zombie. */
export function processRunning(pid: number): boolean {
  const s = state(pid);
  return s !== null && s !== "Z" && s !== "X";
}

/**
 * What is still running with `marker` once the kernel had a moment to deliver the kills it was
 * sent (a SIGKILLed process takes a scheduler tick to go). Polls until none or `boundMs`.
 */
export async function survivors(marker: string, boundMs = 5_000): Promise<FoundProcess[]> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const left = processesWithMarker(marker);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until `pred` holds (for setting a scene up); throws after `boundMs`. */
export async function eventually(
  pred: () => boolean,
  what: string,
  boundMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!pred()) {
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Kills whatever a failed test left behind, so one failure does not leak into the machine. */
export function killMarked(marker: string): void {
  for (const p of processesWithMarker(marker)) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Gone.
    }
  }
}
