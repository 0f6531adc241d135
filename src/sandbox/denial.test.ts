import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { looksLikeSandboxDenial } from "./denial.js";
import { sandboxPolicyFromMode } from "./policy.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "codex-denial-")));
const ws = join(base, "ws");
mkdirSync(ws);
const ctx = { cwd: ws, env: {}, codexHome: join(base, "home") };
const WS = sandboxPolicyFromMode("workspace-write", {
  exclude_slash_tmp: true,
  exclude_tmpdir_env_var: true,
});
const WS_NET = { ...WS, network_access: true };
const RO = { type: "read-only" } as const;
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("looksLikeSandboxDenial: denials", () => {
  const cases: Array<[string, string, number]> = [
    ["read-only filesystem (dash)", "sh: 1: cannot create .git/x: Read-only file system", 2],
    [
      "read-only filesystem (git)",
      "error: could not lock config file .git/config: Read-only file system",
      255,
    ],
    [
      "landlock EACCES outside the roots (dash)",
      "sh: 1: cannot create /etc/motd: Permission denied",
      2,
    ],
    [
      "landlock EACCES outside the roots (coreutils)",
      "touch: cannot touch '/var/lib/x': Permission denied",
      1,
    ],
    [
      "landlock EACCES (node)",
      "Error: EACCES: permission denied, open '/usr/local/lib/node_modules/x'",
      1,
    ],
    [
      "landlock EACCES (python)",
      "PermissionError: [Errno 13] Permission denied: '/opt/out.txt'",
      1,
    ],
    [
      "landlock EACCES through .. (UTF-8 quotes)",
      "mkdir: cannot create directory ‘../sibling’: Permission denied",
      1,
    ],
    [
      "socket EPERM (python traceback)",
      [
        "Traceback (most recent call last):",
        '  File "/usr/lib/python3.11/socket.py", line 232, in __init__',
        "    _socket.socket.__init__(self, family, type, proto, fileno)",
        "PermissionError: [Errno 1] Operation not permitted",
      ].join("\n"),
      1,
    ],
    [
      "curl with the network off",
      "curl: (7) Failed to connect to 127.0.0.1 port 80 after 0 ms: Couldn't connect to server",
      7,
    ],
    ["DNS with the network off", "curl: (6) Could not resolve host: example.com", 6],
    [
      "npm with the network off",
      "npm ERR! request to https://registry.npmjs.org/x failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org",
      1,
    ],
    [
      "bash /dev/tcp",
      "bash: connect: Operation not permitted\nbash: line 1: /dev/tcp/127.0.0.1/80: Operation not permitted",
      1,
    ],
    ["seccomp kill", "Bad system call (core dumped)", 159],
    ["seccomp kill, exit status only", "", 159],
    [
      "helper failure",
      "codex-linux-sandbox: cannot change directory to /x: No such file or directory",
      125,
    ],
  ];
  for (const [name, output, code] of cases) {
    it(name, () => expect(looksLikeSandboxDenial(output, code, WS, ctx)).toBe(true));
  }

  it("any permission error under read-only", () => {
    expect(looksLikeSandboxDenial("touch: cannot touch 'a.txt': Permission denied", 1, RO)).toBe(
      true,
    );
  });
});

describe("looksLikeSandboxDenial: ordinary failures", () => {
  const cases: Array<[string, string, number]> = [
    ["grep with no match", "", 1],
    [
      "compiler error",
      "main.c:3:5: error: expected ';' before 'return'\n    3 |     return 0\n",
      1,
    ],
    ["failing test run", "FAIL src/a.test.ts > adds\nAssertionError: expected 2 to be 3", 1],
    ["missing file", "cat: missing.txt: No such file or directory", 1],
    [
      "permission problem inside the workspace",
      "sh: 1: cannot create ./locked.txt: Permission denied",
      2,
    ],
    ["non-executable script in the workspace", "bash: ./run.sh: Permission denied", 126],
    [
      "typescript error",
      "src/x.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      2,
    ],
  ];
  for (const [name, output, code] of cases) {
    it(name, () => expect(looksLikeSandboxDenial(output, code, WS, ctx)).toBe(false));
  }

  it("success is never a denial", () => {
    expect(looksLikeSandboxDenial("Read-only file system", 0, WS, ctx)).toBe(false);
  });

  it("nothing is a denial without a sandbox", () => {
    expect(
      looksLikeSandboxDenial(
        "sh: 1: cannot create /etc/x: Read-only file system",
        2,
        { type: "danger-full-access" },
        ctx,
      ),
    ).toBe(false);
  });

  it("network failures are real failures when the network is allowed", () => {
    expect(
      looksLikeSandboxDenial("curl: (6) Could not resolve host: exmaple.invalid", 6, WS_NET, ctx),
    ).toBe(false);
  });
});
