import { describe, expect, it } from "vitest";
import { MAX_TOOL_NAME_LENGTH, qualifyToolNames } from "./tool-names.js";

const VALID = /^[a-zA-Z0-9_-]+$/;

describe("qualifyToolNames", () => {
  it("joins server and tool with a double underscore", () => {
    const names = qualifyToolNames([
      { server: "everything", tool: "echo" },
      { server: "fs", tool: "read_file" },
    ]);
    expect([...names.keys()]).toEqual(["everything__echo", "fs__read_file"]);
    expect(names.get("fs__read_file")).toEqual({ server: "fs", tool: "read_file" });
  });

  it("replaces characters the API rejects", () => {
    const names = qualifyToolNames([{ server: "scope/name@1.0", tool: "do.it" }]);
    expect([...names.keys()]).toEqual(["scope_name_1_0__do_it"]);
  });

  it("keeps exact names and hashes the sanitised one that collides with it", () => {
    const names = qualifyToolNames([
      { server: "a.b", tool: "c" },
      { server: "a_b", tool: "c" },
    ]);
    expect(names.get("a_b__c")).toEqual({ server: "a_b", tool: "c" });
    const other = [...names.keys()].find((n) => n !== "a_b__c")!;
    expect(other).toMatch(/^a_b__c_[0-9a-f]{8}$/);
    expect(names.get(other)).toEqual({ server: "a.b", tool: "c" });
  });

  it("shortens long names to 64 characters with a stable hash, unique per tool", () => {
    const long = "x".repeat(80);
    const tools = [
      { server: "srv", tool: `${long}1` },
      { server: "srv", tool: `${long}2` },
    ];
    const names = [...qualifyToolNames(tools).keys()];
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(MAX_TOOL_NAME_LENGTH);
      expect(n).toMatch(VALID);
    }
    expect([...qualifyToolNames([...tools].reverse()).keys()].sort()).toEqual([...names].sort());
  });

  it("avoids names already taken by built-in tools", () => {
    const names = qualifyToolNames([{ server: "x", tool: "y" }], ["x__y"]);
    expect([...names.keys()][0]).toMatch(/^x__y_[0-9a-f]{8}$/);
  });
});
