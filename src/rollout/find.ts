// Finds a session's rollout file from its id, by file name only (no file is opened).
import { readdir } from "node:fs/promises";
import path from "node:path";
import { sessionsDir } from "./paths.js";
import { walkRolloutFiles } from "./list.js";

const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * A UUIDv7 starts with its creation time in ms, which is when the session (and its file)
 * was created, so the day directory can be checked directly. Neighbouring days cover a
 * session created just around midnight or a clock change.
 */
function likelyDayDirs(codexHome: string, id: string): string[] {
  const m = UUID_V7.exec(id);
  if (!m || m[1] === undefined || m[2] === undefined) return [];
  const ms = parseInt(m[1] + m[2], 16);
  const dirs: string[] = [];
  for (const offset of [0, -1, 1]) {
    const d = new Date(ms + offset * 86_400_000);
    dirs.push(
      path.join(
        sessionsDir(codexHome),
        String(d.getFullYear()),
        pad(d.getMonth() + 1),
        pad(d.getDate()),
      ),
    );
  }
  return dirs;
}

/** The path of session `id`'s rollout, or null. Ids that could escape the tree never match. */
export async function findSessionById(codexHome: string, id: string): Promise<string | null> {
  const trimmed = id.trim();
  if (trimmed === "" || /[/\\\0]/.test(trimmed) || trimmed.includes("..")) return null;
  const suffix = `-${trimmed}.jsonl`;
  const lowerSuffix = suffix.toLowerCase();
  for (const dir of likelyDayDirs(codexHome, trimmed)) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    const hit = names.find(
      (n) => n.startsWith("rollout-") && n.toLowerCase().endsWith(lowerSuffix),
    );
    if (hit) return path.join(dir, hit);
  }
  for await (const file of walkRolloutFiles(codexHome)) {
    if (file.name.toLowerCase().endsWith(lowerSuffix)) return file.path;
  }
  return null;
}
