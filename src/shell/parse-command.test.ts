import { describe, expect, it } from "vitest";
import type { ParsedCommand } from "../protocol/index.js";
import { parseCommand } from "./parse-command.js";

const bash = (script: string): string[] => ["/bin/bash", "-lc", script];
const unknown = (cmd: string): ParsedCommand[] => [{ type: "unknown", cmd }];

describe("parseCommand: as recorded in Codex rollouts", () => {
  const recorded: Array<[string, ParsedCommand[]]> = [
    ["echo hi && ls", [{ type: "list_files", cmd: "ls", path: null }]],
    [
      "echo inside > inside.txt && cat inside.txt",
      unknown("echo inside > inside.txt && cat inside.txt"),
    ],
    ["sleep 0.3; echo A", unknown("sleep 0.3; echo A")],
    ["echo B", unknown("echo B")],
    ["seq 1 40000", unknown("seq 1 40000")],
    [
      "echo to-stderr >&2; ls /definitely/missing; exit 3",
      unknown("echo to-stderr >&2; ls /definitely/missing; exit 3"),
    ],
    [
      "curl -sS -m 3 http://127.0.0.1:45303/x; echo curl-exit=$?",
      unknown("curl -sS -m 3 http://127.0.0.1:45303/x; echo curl-exit=$?"),
    ],
  ];
  it.each(recorded)("%j", async (script, expected) => {
    expect(await parseCommand(bash(script))).toEqual(expected);
  });
});

describe("parseCommand: shell scripts", () => {
  const cases: Array<[string, ParsedCommand[]]> = [
    [
      "cat webview/README.md",
      [
        {
          type: "read",
          cmd: "cat webview/README.md",
          name: "README.md",
          path: "webview/README.md",
        },
      ],
    ],
    [
      "cd foo && cat foo.txt",
      [{ type: "read", cmd: "cat foo.txt", name: "foo.txt", path: "foo/foo.txt" }],
    ],
    [
      "cd a && cd b && cat c.txt",
      [{ type: "read", cmd: "cat c.txt", name: "c.txt", path: "a/b/c.txt" }],
    ],
    ["cd foo && bar", unknown("cd foo && bar")],
    ["ls -la | sed -n '1,120p'", [{ type: "list_files", cmd: "ls -la", path: null }]],
    ["ls src", [{ type: "list_files", cmd: "ls src", path: "src" }]],
    [
      "ls -I '*.test.js' lib/",
      [{ type: "list_files", cmd: "ls -I '*.test.js' lib/", path: "lib" }],
    ],
    ["rg foo src", [{ type: "search", cmd: "rg foo src", query: "foo", path: "src" }]],
    [
      'rg -n "BUG|FIXME|TODO" -S | head -n 200',
      [{ type: "search", cmd: "rg -n 'BUG|FIXME|TODO' -S", query: "BUG|FIXME|TODO", path: null }],
    ],
    [
      'cd /repo && rg -n "codex_api" codex-rs -S | head -n 50',
      [
        {
          type: "search",
          cmd: "rg -n codex_api codex-rs -S",
          query: "codex_api",
          path: "codex-rs",
        },
      ],
    ],
    [
      "rg --files webview/src | sed -n",
      [{ type: "list_files", cmd: "rg --files webview/src", path: "webview" }],
    ],
    ["rg --files | head -n 50", [{ type: "list_files", cmd: "rg --files", path: null }]],
    ["yes | rg --files", [{ type: "list_files", cmd: "rg --files", path: null }]],
    ["true && rg --files", [{ type: "list_files", cmd: "rg --files", path: null }]],
    ["rg --files || true", [{ type: "list_files", cmd: "rg --files", path: null }]],
    ["grep -r foo .", [{ type: "search", cmd: "grep -r foo .", query: "foo", path: "." }]],
    [
      "grep -R src/main.rs -n .",
      [{ type: "search", cmd: "grep -R src/main.rs -n .", query: "src/main.rs", path: "." }],
    ],
    [
      "grep -e pat -n core/src/spawn.rs",
      [{ type: "search", cmd: "grep -e pat -n core/src/spawn.rs", query: "pat", path: "spawn.rs" }],
    ],
    [
      "sed -n 1,20p file.txt",
      [{ type: "read", cmd: "sed -n '1,20p' file.txt", name: "file.txt", path: "file.txt" }],
    ],
    [
      "sed -n '2000,2200p' tui/src/history_cell.rs",
      [
        {
          type: "read",
          cmd: "sed -n '2000,2200p' tui/src/history_cell.rs",
          name: "history_cell.rs",
          path: "tui/src/history_cell.rs",
        },
      ],
    ],
    [
      "cat tui/Cargo.toml | sed -n '1,200p'",
      [
        {
          type: "read",
          cmd: "cat tui/Cargo.toml | sed -n '1,200p'",
          name: "Cargo.toml",
          path: "tui/Cargo.toml",
        },
      ],
    ],
    [
      "nl -ba core/src/parse_command.rs | sed -n '1200,1720p'",
      [
        {
          type: "read",
          cmd: "nl -ba core/src/parse_command.rs | sed -n '1200,1720p'",
          name: "parse_command.rs",
          path: "core/src/parse_command.rs",
        },
      ],
    ],
    [
      "head -n 50 Cargo.toml",
      [{ type: "read", cmd: "head -n 50 Cargo.toml", name: "Cargo.toml", path: "Cargo.toml" }],
    ],
    [
      "tail -n +522 README.md",
      [{ type: "read", cmd: "tail -n +522 README.md", name: "README.md", path: "README.md" }],
    ],
    [
      "awk '{print $1}' Cargo.toml",
      [
        {
          type: "read",
          cmd: "awk '{print $1}' Cargo.toml",
          name: "Cargo.toml",
          path: "Cargo.toml",
        },
      ],
    ],
    [
      `printf "== x ==\\n"; cat -- ansi-escape/Cargo.toml`,
      [
        {
          type: "read",
          cmd: "cat -- ansi-escape/Cargo.toml",
          name: "Cargo.toml",
          path: "ansi-escape/Cargo.toml",
        },
      ],
    ],
    [
      "find . -name '*.rs'",
      [{ type: "search", cmd: "find . -name '*.rs'", query: "*.rs", path: "." }],
    ],
    ["find src -type f", [{ type: "list_files", cmd: "find src -type f", path: "src" }]],
    ["fd main src", [{ type: "search", cmd: "fd main src", query: "main", path: "src" }]],
    [
      "git grep TODO src",
      [{ type: "search", cmd: "git grep TODO src", query: "TODO", path: "src" }],
    ],
    ["git ls-files src", [{ type: "list_files", cmd: "git ls-files src", path: "src" }]],
    ["tree -L 2 src", [{ type: "list_files", cmd: "tree -L 2 src", path: "src" }]],
    [
      `python -c "import os; print(os.listdir('.'))"`,
      [{ type: "list_files", cmd: `python -c "import os; print(os.listdir('.'))"`, path: null }],
    ],
    ["cat a.txt && cat a.txt", [{ type: "read", cmd: "cat a.txt", name: "a.txt", path: "a.txt" }]],
    [
      "cat a.txt; rg x b",
      [
        { type: "read", cmd: "cat a.txt", name: "a.txt", path: "a.txt" },
        { type: "search", cmd: "rg x b", query: "x", path: "b" },
      ],
    ],
    ["ls *.md", [{ type: "list_files", cmd: "ls '*.md'", path: "*.md" }]],
    ["git status | wc -l", unknown("git status | wc -l")],
    [
      "rg -l Foo src | xargs perl -pi -e 's/Foo/Bar/g'",
      unknown("rg -l Foo src | xargs perl -pi -e 's/Foo/Bar/g'"),
    ],
    ["npm run build", unknown("npm run build")],
    ["wc -l", unknown("wc -l")],
  ];
  it.each(cases)("%j", async (script, expected) => {
    expect(await parseCommand(bash(script))).toEqual(expected);
  });

  it("treats zsh -lc and sh -c like bash -lc", async () => {
    const expected = [{ type: "read", cmd: "cat README.md", name: "README.md", path: "README.md" }];
    expect(await parseCommand(["zsh", "-lc", "cat README.md"])).toEqual(expected);
    expect(await parseCommand(["sh", "-c", "cat README.md"])).toEqual(expected);
  });
});

describe("parseCommand: plain argvs", () => {
  const cases: Array<[string[], ParsedCommand[]]> = [
    [["cat", "foo.txt"], [{ type: "read", cmd: "cat foo.txt", name: "foo.txt", path: "foo.txt" }]],
    [["ls", "src"], [{ type: "list_files", cmd: "ls src", path: "src" }]],
    [
      ["grep", "-R", "CODEX_SANDBOX_ENV_VAR", "-n", "."],
      [
        {
          type: "search",
          cmd: "grep -R CODEX_SANDBOX_ENV_VAR -n .",
          query: "CODEX_SANDBOX_ENV_VAR",
          path: ".",
        },
      ],
    ],
    [
      ["grep", "-R", "COD`EX", "-n"],
      [{ type: "search", cmd: "grep -R 'COD`EX' -n", query: "COD`EX", path: null }],
    ],
    [
      ["eza", "--color=always", "src"],
      [{ type: "list_files", cmd: "eza '--color=always' src", path: "src" }],
    ],
    [
      ["cd", "foo", "&&", "cat", "foo.txt"],
      [{ type: "read", cmd: "cat foo.txt", name: "foo.txt", path: "foo/foo.txt" }],
    ],
    [["git", "status"], unknown("git status")],
    [["npm", "run", "build"], unknown("npm run build")],
    [["echo", "it's"], unknown(`echo "it's"`)],
  ];
  it.each(cases)("%j", async (argv, expected) => {
    expect(await parseCommand(argv)).toEqual(expected);
  });
});
