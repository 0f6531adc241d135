// Loads upstream Codex's apply_patch scenarios (test/apply-patch/fixtures/scenarios): each is the
// tree before, the patch, and the whole tree after.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SCENARIO_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "fixtures",
  "scenarios",
);

export interface Scenario {
  name: string;
  patch: string;
  /** Relative path → content. */
  input: Record<string, string>;
  expected: Record<string, string>;
}

/**
 * Where Codex's apply_patch tool and upstream's standalone program disagree, the tool wins (we
 * are the tool). 015: the tool verifies every hunk before writing, so nothing is created; checked
 * against the reference Codex 0.169 binary.
 */
const TOOL_EXPECTS_INPUT_UNCHANGED = new Set(["015_failure_after_partial_success_leaves_changes"]);

function readFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  let names: string[];
  try {
    names = readdirSync(root, { recursive: true }) as string[];
  } catch {
    return out;
  }
  for (const rel of names) {
    const abs = path.join(root, rel);
    if (statSync(abs).isFile()) out[rel.split(path.sep).join("/")] = readFileSync(abs, "utf8");
  }
  return out;
}

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIO_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = path.join(SCENARIO_DIR, name);
      const input = readFiles(path.join(dir, "input"));
      return {
        name,
        patch: readFileSync(path.join(dir, "patch.txt"), "utf8"),
        input,
        expected: TOOL_EXPECTS_INPUT_UNCHANGED.has(name)
          ? input
          : readFiles(path.join(dir, "expected")),
      };
    });
}
