// Reading the log of the stand-in browser (fixtures/browser.mjs), which runs detached from the
// codex process that opened it: tests wait for it to finish before reading or cleaning up.
import { existsSync, readFileSync } from "node:fs";

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];

/** Wait until a browser that started has finished (bounded; never fails). */
export async function browserFinished(file: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const l = lines(file);
    if (!l.includes("start") || l.at(-1) === "done") return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The HTTP statuses of the browser's callbacks, once it has finished. */
export async function browserStatuses(file: string): Promise<string[]> {
  await browserFinished(file);
  return lines(file).filter((l) => l !== "start" && l !== "done");
}
