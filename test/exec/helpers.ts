// Shared helpers for the exec integration tests: real processes, observed through /proc.

import { readFileSync, readdirSync } from "node:fs";
import type { SpawnPlan } from "../../src/exec/index.js";

export function bash(
  script: string,
  env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin" },
): SpawnPlan {
  return { program: "/bin/bash", args: ["-c", script], env, cwd: process.cwd() };
}

/** Live (not zombie) processes whose command line contains `marker` as one argument. */
export function liveProcessesWithArg(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (!args.includes(marker)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      if (state !== "Z" && state !== "X") found.push(Number(entry));
    } catch {
      // The process went away while we looked.
    }
  }
  return found;
}

/** Polls `condition` until it holds or `timeoutMs` passes; returns its last value. */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** A `sleep` duration unique to this test run, used to find its processes in /proc. */
export function uniqueSleepArg(): string {
  return `${900 + Math.floor(Math.random() * 99)}.${process.pid}${Date.now() % 1000}`;
}
