// The bash parser's wasm files must be found from a bundled `dist/` file run
// from any cwd, not only from `src/` under vitest.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);

const PROBE = `
import { parseBashScript, isKnownSafeCommand, parseCommand } from "./shell.js";
try {
  const result = {
    words: await parseBashScript("ls && cat 'a b'"),
    safe: await isKnownSafeCommand(["/bin/bash", "-lc", "ls | wc -l"]),
    unsafe: await isKnownSafeCommand(["/bin/bash", "-lc", "ls > out"]),
    parsed: await parseCommand(["/bin/bash", "-lc", "echo hi && ls"]),
  };
  process.stdout.write(JSON.stringify(result));
} catch (err) {
  process.stderr.write(String(err && err.message));
  process.exit(3);
}
`;

let work: string;

/** A package-like directory: `dist/shell.js` (everything bundled) plus a probe script. */
async function makeInstall(name: string): Promise<string> {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, "dist"), { recursive: true });
  await build({
    entryPoints: [path.join(repoRoot, "src/shell/index.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: path.join(dir, "dist/shell.js"),
    logLevel: "silent",
  });
  writeFileSync(path.join(dir, "dist/probe.mjs"), PROBE);
  return dir;
}

function runProbe(install: string): { status: number | null; stdout: string; stderr: string } {
  const elsewhere = mkdtempSync(path.join(work, "cwd-"));
  const res = spawnSync(process.execPath, [path.join(install, "dist/probe.mjs")], {
    cwd: elsewhere,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "" },
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

const EXPECTED = {
  words: [["ls"], ["cat", "a b"]],
  safe: true,
  unsafe: false,
  parsed: [{ type: "list_files", cmd: "ls", path: null }],
};

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), "codex-shell-bundle-"));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("bash parser wasm resolution from a bundle", () => {
  it("finds the wasm files through node_modules, from another cwd", async () => {
    const install = await makeInstall("installed");
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(install, "node_modules"), "dir");
    const res = runProbe(install);
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual(EXPECTED);
  });

  it("falls back to wasm files copied next to the bundle", async () => {
    const install = await makeInstall("self-contained");
    copyFileSync(
      path.join(
        path.dirname(require.resolve("tree-sitter-bash/package.json")),
        "tree-sitter-bash.wasm",
      ),
      path.join(install, "dist/tree-sitter-bash.wasm"),
    );
    copyFileSync(
      require.resolve("web-tree-sitter/tree-sitter.wasm"),
      path.join(install, "dist/tree-sitter.wasm"),
    );
    const res = runProbe(install);
    expect(res.stderr).toBe("");
    expect(JSON.parse(res.stdout)).toEqual(EXPECTED);
  });

  it("says what to do when the wasm files are missing", async () => {
    const install = await makeInstall("broken");
    const res = runProbe(install);
    expect(res.status).toBe(3);
    expect(res.stderr).toMatch(/cannot find tree-sitter\.wasm: .*reinstall codex-ts/);
  });
});
