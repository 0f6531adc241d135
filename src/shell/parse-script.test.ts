import { describe, expect, it } from "vitest";
import { commandPrefixesInScript, parseBashScript } from "./parse-script.js";

describe("parseBashScript: plain scripts", () => {
  const accepted: Array<[string, string[][]]> = [
    ["ls", [["ls"]]],
    ["ls -1", [["ls", "-1"]]],
    ["ls && cat a", [["ls"], ["cat", "a"]]],
    ["ls | wc -l", [["ls"], ["wc", "-l"]]],
    ["ls && pwd; echo 'hi there' | wc -l", [["ls"], ["pwd"], ["echo", "hi there"], ["wc", "-l"]]],
    ["ls || true", [["ls"], ["true"]]],
    ["ls\npwd\n", [["ls"], ["pwd"]]],
    ["ls;", [["ls"]]],
    ["ls # list files", [["ls"]]],
    ["echo 123 -5 1e3", [["echo", "123", "-5", "1e3"]]],
    ["", []],
    // Unquoting is exact.
    ["echo 'a b'", [["echo", "a b"]]],
    ['echo "x"', [["echo", "x"]]],
    [`echo 'a b'"x"y`, [["echo", "a bxy"]]],
    [`echo "/usr"'/'"local"/bin`, [["echo", "/usr/local/bin"]]],
    [`echo "" '' a""`, [["echo", "", "", "a"]]],
    [`echo "a\\"b" "c\\\\d" "e\\nf"`, [["echo", 'a"b', "c\\d", "e\\nf"]]],
    [`echo 'it''s' 'back\\slash'`, [["echo", "its", "back\\slash"]]],
    ["echo a\\ b \\$HOME", [["echo", "a b", "$HOME"]]],
    ['echo "line1\nline2"', [["echo", "line1\nline2"]]],
    ["ls \\\n  -la", [["ls", "-la"]]],
    [`rg -n "foo" -g"*.py"`, [["rg", "-n", "foo", "-g*.py"]]],
    [`'ls' "-la"`, [["ls", "-la"]]],
    ["git log HEAD~1 --format=~", [["git", "log", "HEAD~1", "--format=~"]]],
    ["echo 'x*' \\*", [["echo", "x*", "*"]]],
    ["echo héllo 'wörld'", [["echo", "héllo", "wörld"]]],
  ];
  it.each(accepted)("%j", async (script, expected) => {
    expect(await parseBashScript(script)).toEqual(expected);
  });

  const rejected = [
    "ls > out",
    "ls 2>&1",
    "cat < in",
    "echo $(rm x)",
    'ls "$(pwd)"',
    "echo `pwd`",
    "echo $HOME",
    'echo "hi $USER"',
    "echo ${x}",
    "echo $'x\\n'",
    "cat <(ls)",
    "cat <<EOF\nhi\nEOF",
    "cat <<< hi",
    "(ls)",
    "ls || (pwd && echo hi)",
    "{ ls; }",
    "FOO=1 ls",
    "FOO=1",
    "f() { ls; }",
    "if true; then ls; fi",
    "for i in 1; do ls; done",
    "while true; do ls; done",
    "[ -f x ]",
    "[[ -f x ]]",
    "! ls",
    "ls &",
    "ls & pwd",
    "ls |& wc",
    "ls ;; pwd",
    "ls | | wc",
    "&& ls",
    "ls &&",
    "echo $",
    "ls *.md",
    "ls src/?.ts",
    "ls [ab]",
    "echo {a,b}",
    "echo x{1..3}",
    "cat ~/.bashrc",
    "echo a=~",
    "echo a\\\nb",
    "echo 'unterminated",
  ];
  it.each(rejected)("rejects %j", async (script) => {
    expect(await parseBashScript(script)).toBeNull();
  });

  it("keeps globs, braces and tildes literal only when asked (display)", async () => {
    expect(await parseBashScript("ls *.md ~/x {a,b}", { literalExpansions: true })).toEqual([
      ["ls", "*.md", "~/x", "{a,b}"],
    ]);
  });
});

describe("commandPrefixesInScript", () => {
  it("finds commands in every construct, cut at the first non-literal word", async () => {
    const prefixes = await commandPrefixesInScript(
      'FOO=1 rm -rf "$DIR" x && (git reset --hard) ; echo $(sudo ls) > out; for f in *; do rm -f $f; done; $X y',
    );
    expect(prefixes).toEqual([
      ["rm", "-rf"],
      ["git", "reset", "--hard"],
      ["echo"],
      ["sudo", "ls"],
      ["rm", "-f"],
    ]);
  });
});
