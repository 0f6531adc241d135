// Finds custom prompts: the user's `$CODEX_HOME/prompts/*.md` and the project's
// `<repo root>/.codex/prompts/*.md`. A project prompt replaces a user prompt of the same name,
// so a repository can pin the version its contributors use.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { CustomPrompt } from "../protocol/index.js";
import { parseFrontMatter } from "./front-matter.js";
import { isRepoRoot } from "../git/marker.js";

/** The nearest ancestor of `cwd` (itself included) containing `.git`; `cwd` if none. */
export async function projectRoot(cwd: string): Promise<string> {
  let dir = path.resolve(cwd);
  for (;;) {
    if (await isRepoRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

export function userPromptsDir(codexHome: string): string {
  return path.join(codexHome, "prompts");
}

export function projectPromptsDir(root: string): string {
  return path.join(root, ".codex", "prompts");
}

/** Prompts in one directory; an absent or unreadable directory has none. */
export async function loadPromptsFrom(dir: string): Promise<CustomPrompt[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const prompts: CustomPrompt[] = [];
  for (const name of names) {
    if (!name.endsWith(".md") || name === ".md") continue;
    const file = path.join(dir, name);
    let text: string;
    try {
      // stat follows symlinks: a linked prompt file counts, a directory named x.md does not.
      if (!(await stat(file)).isFile()) continue;
      text = await readFile(file, "utf8");
    } catch {
      continue;
    }
    const { description, argumentHint, body } = parseFrontMatter(text);
    const prompt: CustomPrompt = { name: name.slice(0, -3), path: file, content: body };
    if (description !== undefined) prompt.description = description;
    if (argumentHint !== undefined) prompt.argument_hint = argumentHint;
    prompts.push(prompt);
  }
  return prompts;
}

/** All custom prompts visible from `cwd`, sorted by name (project ones win on a clash). */
export async function listCustomPrompts(params: {
  codexHome: string;
  cwd: string;
}): Promise<CustomPrompt[]> {
  const root = await projectRoot(params.cwd);
  const [user, project] = await Promise.all([
    loadPromptsFrom(userPromptsDir(params.codexHome)),
    loadPromptsFrom(projectPromptsDir(root)),
  ]);
  const byName = new Map<string, CustomPrompt>();
  for (const prompt of user) byName.set(prompt.name, prompt);
  for (const prompt of project) byName.set(prompt.name, prompt);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
