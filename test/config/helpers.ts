import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type CliOverrides, type LoadOptions } from "../../src/config/index.js";
import { tempDir } from "../temp-dir.js";

export interface Sandbox {
  root: string;
  home: string;
  work: string;
  configPath: string;
  writeConfig(text: string): void;
  load(cli?: CliOverrides, extra?: Partial<LoadOptions>): ReturnType<typeof loadConfig>;
}

/** A temp CODEX_HOME and working directory; nothing outside them is read. */
export function makeSandbox(): Sandbox {
  const root = tempDir("codex-ts-config-");
  const home = join(root, "home");
  const work = join(root, "work");
  mkdirSync(home);
  mkdirSync(work);
  const configPath = join(home, "config.toml");
  return {
    root,
    home,
    work,
    configPath,
    writeConfig: (text) => writeFileSync(configPath, text),
    load: (cli = {}, extra = {}) =>
      loadConfig({ cli, cwd: work, ...extra, env: { CODEX_HOME: home, ...extra.env } }),
  };
}
