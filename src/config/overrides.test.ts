import { describe, expect, it } from "vitest";
import { mergeTables, parseOverride } from "./overrides.js";

describe("parseOverride", () => {
  it.each([
    ['model="o3"', ["model"], "o3"],
    ["model=o3", ["model"], "o3"],
    [
      'sandbox_permissions=["disk-full-read-access"]',
      ["sandbox_permissions"],
      ["disk-full-read-access"],
    ],
    ["shell_environment_policy.inherit=all", ["shell_environment_policy", "inherit"], "all"],
    ["project_doc_max_bytes=100", ["project_doc_max_bytes"], 100],
    ["hide_agent_reasoning=true", ["hide_agent_reasoning"], true],
    ['projects."/a/b".trust_level="trusted"', ["projects", "/a/b", "trust_level"], "trusted"],
    ["projects.'/c d'.trust_level=trusted", ["projects", "/c d", "trust_level"], "trusted"],
    ["a = { b = 1 }", ["a"], { b: 1 }],
    ["base_instructions=x = y", ["base_instructions"], "x = y"],
    ['model="x"\nother=1', ["model"], '"x"\nother=1'],
  ])("%s", (arg, path, value) => {
    const o = parseOverride(arg);
    expect(o.path).toEqual(path);
    expect(o.value).toEqual(value);
  });

  it("builds nested tables for dotted paths", () => {
    expect(parseOverride("a.b.c=1").table).toEqual({ a: { b: { c: 1 } } });
  });

  it("rejects a missing '=' or an empty key", () => {
    expect(() => parseOverride("model")).toThrow("Invalid override (missing '='): model");
    expect(() => parseOverride("=x")).toThrow("Invalid override (empty key): =x");
    expect(() => parseOverride("a..b=1")).toThrow("Invalid override (bad key): a..b=1");
  });
});

describe("mergeTables", () => {
  it("merges tables, replaces everything else and reports what it wrote", () => {
    const written: string[] = [];
    const out = mergeTables(
      { a: { x: 1, y: 2 }, list: [1, 2], s: "old" },
      { a: { y: 3 }, list: [9], n: { m: 1 } },
      (p) => written.push(p.join(".")),
    );
    expect(out).toEqual({ a: { x: 1, y: 3 }, list: [9], s: "old", n: { m: 1 } });
    expect(written).toEqual(["a.y", "list", "n"]);
  });
});
