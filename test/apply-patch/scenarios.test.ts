// Upstream Codex's apply_patch scenarios, run through the patch engine (parse, verify, write).
// The same data also runs through the built CLI in test/e2e/apply-patch-codex.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { applyPatchText } from "../../src/apply-patch/index.js";
import { loadScenarios } from "./scenarios.js";
import { makeTree, readTree, removeTree } from "./tree.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeTree));
});

const scenarios = loadScenarios();

describe("upstream apply_patch scenarios", () => {
  it("are all present", () => {
    expect(scenarios.length).toBe(23);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))("%s", async (_name, s) => {
    const dir = await makeTree(s.input);
    dirs.push(dir);
    // Scenarios are specified by the final tree alone; failing ones must leave it untouched.
    await applyPatchText(s.patch, { cwd: dir }).catch(() => undefined);
    expect(await readTree(dir)).toEqual(s.expected);
  });
});
