import { describe, expect, it } from "vitest";
import { filterCommands, parseSlashInput, slashPrefix } from "./filter.js";

const COMMANDS = [
  { name: "model", description: "" },
  { name: "approvals", description: "" },
  { name: "mention", description: "" },
  { name: "mcp", description: "" },
  { name: "prompts:fix-bug", description: "" },
  { name: "status", description: "" },
];

describe("slashPrefix", () => {
  it("is the first word while the cursor is in it", () => {
    expect(slashPrefix("/mo", 3)).toEqual({ filter: "mo", end: 3 });
    expect(slashPrefix("/", 1)).toEqual({ filter: "", end: 1 });
    expect(slashPrefix("/model gpt", 3)).toEqual({ filter: "model", end: 6 });
  });

  it("is null once arguments are being typed or without a leading slash", () => {
    expect(slashPrefix("/model gpt", 8)).toBeNull();
    expect(slashPrefix("hello /mo", 9)).toBeNull();
    expect(slashPrefix("", 0)).toBeNull();
  });
});

describe("filterCommands", () => {
  it("lists every command for an empty filter, in registration order", () => {
    expect(filterCommands(COMMANDS, "").map((c) => c.command.name)).toEqual(
      COMMANDS.map((c) => c.name),
    );
  });

  it("puts prefix matches first, then fuzzy ones", () => {
    const names = filterCommands(COMMANDS, "m").map((c) => c.command.name);
    expect(names.slice(0, 3)).toEqual(["model", "mention", "mcp"]);
    expect(filterCommands(COMMANDS, "mc").map((c) => c.command.name)[0]).toBe("mcp");
    expect(filterCommands(COMMANDS, "fix").map((c) => c.command.name)).toEqual(["prompts:fix-bug"]);
  });

  it("drops commands that do not match and is case-insensitive", () => {
    expect(filterCommands(COMMANDS, "zz")).toEqual([]);
    expect(filterCommands(COMMANDS, "MOD").map((c) => c.command.name)).toEqual(["model"]);
  });

  it("reports matched positions for highlighting", () => {
    expect(filterCommands(COMMANDS, "mo")[0]!.positions).toEqual([0, 1]);
  });
});

describe("parseSlashInput", () => {
  it("splits name and arguments", () => {
    expect(parseSlashInput("/model gpt-5.5 high")).toEqual({ name: "model", args: "gpt-5.5 high" });
    expect(parseSlashInput("/prompts:fix FILE=a.ts")).toEqual({
      name: "prompts:fix",
      args: "FILE=a.ts",
    });
    expect(parseSlashInput("/init")).toEqual({ name: "init", args: "" });
    expect(parseSlashInput("plain text")).toBeNull();
  });
});
