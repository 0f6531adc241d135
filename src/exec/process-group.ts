// Signalling a command together with everything it started. Commands are spawned as the
// leader of their own process group, so `kill(-pid)` reaches background children too.
// Processes we cannot give their own group (MCP stdio servers, spawned by the MCP SDK) are
// signalled as a tree: the process and the descendants /proc shows for it at that moment.

import { readdirSync, readFileSync } from "node:fs";

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

/**
 * Whether a process of the group `pgid` is still running. Zombies do not count: they are dead,
 * and orphaned ones wait for init to reap them, which some inits do only now and then.
 */
export function processGroupAlive(pgid: number): boolean {
  if (!probe(-pgid)) return false;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return true;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const stat = readStat(pid);
    if (stat !== null && stat.pgrp === pgid && stat.state !== "Z" && stat.state !== "X") {
      return true;
    }
  }
  return false;
}

/** Whether the process `pid` is still running (a zombie, dead but not reaped, is not). */
export function processAlive(pid: number): boolean {
  if (!probe(pid)) return false;
  const stat = readStat(pid);
  return stat === null || (stat.state !== "Z" && stat.state !== "X");
}

interface Stat {
  state: string;
  ppid: number;
  pgrp: number;
}

/** Fields of /proc/PID/stat; null when unreadable (gone, or not Linux). */
function readStat(pid: number | "self"): Stat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ppid = Number(fields[1]);
  const pgrp = Number(fields[2]);
  if (!Number.isInteger(ppid) || !Number.isInteger(pgrp)) return null;
  return { state: fields[0] ?? "", ppid, pgrp };
}

function probe(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but is not ours to signal (e.g. it changed its credentials).
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Parent pid of `pid` from /proc/PID/stat; null when unreadable (gone, or not Linux). */
export function parentPidOf(pid: number | "self"): number | null {
  return readStat(pid)?.ppid ?? null;
}

/** `pid` and all its descendants, parents first (Linux /proc; elsewhere just `pid`). */
export function processTree(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [pid];
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    const child = Number(entry);
    if (!Number.isInteger(child) || child <= 0) continue;
    const parent = parentPidOf(child);
    if (parent === null) continue;
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** Sends `signal` to `pid` and every descendant it has now. False when `pid` was gone. */
export function signalProcessTree(pid: number, signal: NodeJS.Signals): boolean {
  const tree = processTree(pid);
  let reached = false;
  for (const member of tree) {
    try {
      process.kill(member, signal);
      if (member === pid) reached = true;
    } catch {
      // Exited meanwhile.
    }
  }
  return reached;
}
