import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { editTomlFile } from "./file.js";
import { TomlEditError } from "./document.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "toml-edit-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("editTomlFile", () => {
  it("creates the directory (0700) and the file (0600) when missing", () => {
    const home = path.join(dir, "codex-home");
    const file = path.join(home, "config.toml");
    editTomlFile(file, (d) => d.setTable(["mcp_servers", "a"], { command: "x" }));
    expect(readFileSync(file, "utf8")).toBe(`[mcp_servers.a]\ncommand = "x"\n`);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("keeps the mode of an existing file and leaves no temp files", () => {
    const file = path.join(dir, "config.toml");
    writeFileSync(file, `# keep me\nmodel = "m"\n`);
    chmodSync(file, 0o640);
    editTomlFile(file, (d) => d.setValue(["model"], "o3"));
    expect(readFileSync(file, "utf8")).toBe(`# keep me\nmodel = "o3"\n`);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["config.toml"]);
  });

  it("edits the target of a symlink, keeping the link", () => {
    const real = path.join(dir, "real.toml");
    const link = path.join(dir, "config.toml");
    writeFileSync(real, `a = 1\n`);
    symlinkSync(real, link);
    editTomlFile(link, (d) => d.setValue(["b"], 2));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe(`a = 1\nb = 2\n`);
  });

  it("refuses to edit an invalid file and does not touch it", () => {
    const file = path.join(dir, "config.toml");
    writeFileSync(file, `model = \n`);
    const before = statSync(file).mtimeMs;
    expect(() => editTomlFile(file, (d) => d.setValue(["a"], 1))).toThrow(TomlEditError);
    expect(() => editTomlFile(file, (d) => d.setValue(["a"], 1))).toThrow(/not valid TOML/);
    expect(readFileSync(file, "utf8")).toBe(`model = \n`);
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it("does not write when nothing changed", () => {
    const file = path.join(dir, "config.toml");
    const removed = editTomlFile(file, (d) => d.removeTable(["mcp_servers", "x"]));
    expect(removed).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
