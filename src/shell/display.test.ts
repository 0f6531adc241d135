import { describe, expect, it } from "vitest";
import {
  commandToShellArgv,
  formatCommandForDisplay,
  shellEscape,
  splitShellWords,
} from "./display.js";

describe("shellEscape", () => {
  const cases: Array<[string, string]> = [
    ["", "''"],
    ["cat", "cat"],
    ["foo/bar-1.2_x:y@z+]", "foo/bar-1.2_x:y@z+]"],
    ["echo hi && ls", "'echo hi && ls'"],
    ["--color=always", "'--color=always'"],
    ["*.test.js", "'*.test.js'"],
    ["a,b", "'a,b'"],
    ["COD`EX", "'COD`EX'"],
    ["$HOME", "'$HOME'"],
    ["it's", `"it's"`],
    [`'"`, `"'\\""`],
    ["a'$b", `"a'"'$b'`],
    ["back\\slash", `"back\\\\slash"`],
    ["héllo", "'héllo'"],
    ["line1\nline2", "'line1\nline2'"],
    ["^x", "'^x'"],
    ["a^b", "a'^b'"],
    ["x!", "'x!'"],
  ];
  it.each(cases)("%j → %s", (word, expected) => {
    expect(shellEscape(word)).toBe(expected);
  });

  it("round-trips through a real shell", async () => {
    const { execFileSync } = await import("node:child_process");
    const words = [
      "plain",
      "it's",
      "a b",
      "$x`y`",
      "back\\slash",
      "^caret",
      "!bang",
      "ünï",
      "",
      "tab\there",
    ];
    const script = `printf '%s\\0' ${words.map(shellEscape).join(" ")}`;
    const out = execFileSync("/bin/sh", ["-c", script]).toString("utf8");
    expect(out.split("\0").slice(0, -1)).toEqual(words);
  });
});

describe("formatCommandForDisplay", () => {
  it("matches Codex's display of shell-wrapped commands", () => {
    expect(formatCommandForDisplay(["/bin/bash", "-lc", "echo hi && ls"])).toBe(
      "/bin/bash -lc 'echo hi && ls'",
    );
    expect(formatCommandForDisplay(["/bin/bash", "-lc", "cat"])).toBe("/bin/bash -lc cat");
    expect(formatCommandForDisplay(["rg", "-n", "BUG|FIXME", "-S"])).toBe("rg -n 'BUG|FIXME' -S");
  });
});

describe("commandToShellArgv", () => {
  it("wraps a command string for a login shell by default", () => {
    expect(commandToShellArgv("ls -la")).toEqual(["/bin/bash", "-lc", "ls -la"]);
    expect(commandToShellArgv("ls", "/bin/zsh", false)).toEqual(["/bin/zsh", "-c", "ls"]);
  });
});

describe("splitShellWords", () => {
  it("is the inverse of formatCommandForDisplay", () => {
    const argvs = [
      ["/bin/bash", "-lc", "echo hi && ls"],
      ["/bin/bash", "-lc", "cat <<'EOF' > a.txt\nit's \"$HOME\" `x` \\ done\nEOF"],
      ["rg", "-n", "BUG|FIXME", "-S", "", "a^b", "x!", "tab\there", "héllo"],
      [],
    ];
    for (const argv of argvs) {
      expect(splitShellWords(formatCommandForDisplay(argv))).toEqual(argv);
    }
  });

  it("splits on whitespace and honours quotes and escapes", () => {
    expect(splitShellWords(`a  "b c" 'd e' f\\ g KEY="x y"`)).toEqual([
      "a",
      "b c",
      "d e",
      "f g",
      "KEY=x y",
    ]);
    expect(splitShellWords(`""`)).toEqual([""]);
    expect(splitShellWords("")).toEqual([]);
  });

  it("reports an unterminated quote", () => {
    expect(splitShellWords(`a "b`)).toEqual({ error: 'unterminated " quote' });
  });

  it("reads backslash escapes inside double quotes as bash does", () => {
    expect(splitShellWords('"a\\$b \\`c\\` \\x"')).toEqual(["a$b `c` \\x"]);
  });
});
