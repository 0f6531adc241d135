import { describe, expect, it } from "vitest";
import type { ShellEnvironmentPolicy } from "../config/types.js";
import { compileEnvGlob, createChildEnv } from "./env-policy.js";

const base: ShellEnvironmentPolicy = {
  inherit: "all",
  ignoreDefaultExcludes: false,
  exclude: [],
  set: {},
  includeOnly: [],
};
const parent = {
  PATH: "/usr/bin",
  HOME: "/home/u",
  LANG: "C.UTF-8",
  OPENAI_API_KEY: "sk-1",
  my_secret_value: "s",
  GH_TOKEN: "t",
  AWS_REGION: "eu",
  EDITOR: "vi",
};

describe("createChildEnv", () => {
  it("drops *KEY*, *SECRET*, *TOKEN* names case-insensitively by default", () => {
    expect(createChildEnv(base, parent)).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/u",
      LANG: "C.UTF-8",
      AWS_REGION: "eu",
      EDITOR: "vi",
    });
  });

  it("keeps them with ignoreDefaultExcludes", () => {
    const env = createChildEnv({ ...base, ignoreDefaultExcludes: true }, parent);
    expect(env.OPENAI_API_KEY).toBe("sk-1");
    expect(env.my_secret_value).toBe("s");
  });

  it("inherit=core keeps only the core list, inherit=none nothing", () => {
    expect(createChildEnv({ ...base, inherit: "core" }, parent)).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/u",
      LANG: "C.UTF-8",
    });
    expect(createChildEnv({ ...base, inherit: "none", set: { A: "1" } }, parent)).toEqual({
      A: "1",
    });
  });

  it("applies exclude, then set (which wins, even over the default excludes), then include_only", () => {
    const env = createChildEnv(
      { ...base, exclude: ["aws_*"], set: { MY_TOKEN: "explicit", EDITOR: "nano" } },
      parent,
    );
    expect(env.AWS_REGION).toBeUndefined();
    expect(env.MY_TOKEN).toBe("explicit");
    expect(env.EDITOR).toBe("nano");

    const only = createChildEnv(
      { ...base, set: { EXTRA: "x" }, includeOnly: ["PATH", "H?ME"] },
      parent,
    );
    expect(only).toEqual({ PATH: "/usr/bin", HOME: "/home/u" });
  });
});

describe("compileEnvGlob", () => {
  it("supports *, ? and character classes, whole-name and case-insensitive", () => {
    expect(compileEnvGlob("AWS_*").test("aws_profile")).toBe(true);
    expect(compileEnvGlob("AWS_*").test("MY_AWS_X")).toBe(false);
    expect(compileEnvGlob("X?").test("XY")).toBe(true);
    expect(compileEnvGlob("X?").test("XYZ")).toBe(false);
    expect(compileEnvGlob("[ab]1").test("B1")).toBe(true);
    expect(compileEnvGlob("[!ab]1").test("c1")).toBe(true);
    expect(compileEnvGlob("[!ab]1").test("a1")).toBe(false);
    expect(compileEnvGlob("A.B").test("AxB")).toBe(false);
    expect(compileEnvGlob("[oops").test("[OOPS")).toBe(true);
  });
});
