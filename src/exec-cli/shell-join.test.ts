import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { shellJoin, shellQuote } from "./shell-join.js";

describe("shellJoin", () => {
  it("matches the display strings in the reference captures", () => {
    expect(shellJoin(["/bin/bash", "-lc", "echo hi && ls"])).toBe("/bin/bash -lc 'echo hi && ls'");
    expect(shellJoin(["/bin/bash", "-lc", "cat"])).toBe("/bin/bash -lc cat");
    expect(
      shellJoin([
        "/bin/bash",
        "-lc",
        "curl -sS -m 3 http://127.0.0.1:45303/__mock/health; echo curl-exit=$?",
      ]),
    ).toBe("/bin/bash -lc 'curl -sS -m 3 http://127.0.0.1:45303/__mock/health; echo curl-exit=$?'");
  });

  it("quotes empty words and embedded single quotes", () => {
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
    expect(shellQuote("'")).toBe(`"'"`);
  });

  it("round-trips through a real shell", () => {
    const words = ["plain", "", "with space", "it's", "''x''", '$HOME `x` \\ "q"', "a=b", "ünï"];
    const out = execFileSync("/bin/sh", ["-c", `printf '%s\\0' ${shellJoin(words)}`], {
      encoding: "utf8",
    });
    expect(out.split("\0").slice(0, -1)).toEqual(words);
  });
});
