// Commands that only look read-only are asked about under `-a untrusted` (issue 10 §3), run for
// real: `codex exec` has nobody to ask, so each one is denied and must leave no file behind.
//
// The sandbox is `danger-full-access` on purpose: approval is then the only gate, so a command
// wrongly judged known-safe would really write, on every host (with or without bwrap or user
// namespaces). Each bypass is first run directly on this host to show that it does write here;
// where it does not (say, an old git without fsmonitor), the test name says so and the denial is
// still checked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { plainAnswer, sse, startMockServer, type MockServer } from "../mock-server/index.js";
import { makeWorkspace, mockConfig, runCli, writeConfig, type Workspace } from "../harness.js";

/** Where a case runs: the workspace, a directory for markers, other repositories. */
interface Site {
  root: string;
  work: string;
  marks: string;
}

interface Case {
  name: string;
  cmd: (s: Site) => string;
  /** The file the command creates when it is allowed to run. */
  marker: (s: Site) => string;
  /** exec_command's workdir, when not the workspace. */
  workdir?: (s: Site) => string;
}

const mark = (name: string) => (s: Site) => path.join(s.marks, name);
const other = (s: Site, name: string) => path.join(s.root, `other-${name}`);

const CASES: Case[] = [
  {
    name: "sort --outp=FILE",
    cmd: (s) => `sort --outp=${s.marks}/sort-outp hello.txt`,
    marker: mark("sort-outp"),
  },
  {
    name: "sort --output FILE",
    cmd: (s) => `sort --output ${s.marks}/sort-output hello.txt`,
    marker: mark("sort-output"),
  },
  {
    name: "sort -uoFILE",
    cmd: (s) => `sort -uo${s.marks}/sort-cluster hello.txt`,
    marker: mark("sort-cluster"),
  },
  {
    name: "sort --compress-prog=PROG",
    cmd: (s) => `sort -u -S 16K -T ${s.root} --compress-prog=${s.root}/compress.sh big.txt`,
    marker: mark("sort-compress"),
  },
  {
    name: "sed -n 1p --expression=1wFILE",
    // sed creates `w` files when it reads the script, before any input.
    cmd: (s) => `sed -n 1p --expression=1w${s.marks}/sed-expression`,
    marker: mark("sed-expression"),
  },
  {
    name: "sed -e 1wFILE",
    cmd: (s) => `sed -n -e 1w${s.marks}/sed-e hello.txt`,
    marker: mark("sed-e"),
  },
  {
    name: "sed s///w FILE",
    cmd: (s) => `sed 's/hello/hi/w ${s.marks}/sed-s-w' hello.txt`,
    marker: mark("sed-s-w"),
  },
  {
    name: "sed 1e COMMAND",
    cmd: (s) => `sed '1e touch ${s.marks}/sed-e-cmd' hello.txt`,
    marker: mark("sed-e-cmd"),
  },
  {
    name: "sed --in=SUFFIX (in-place, abbreviated)",
    cmd: (s) => `sed '--in=${s.marks}/*' s/hello/hi/ hello.txt`,
    marker: mark("hello.txt"),
  },
  {
    name: "git -C OTHER status (runs OTHER's core.fsmonitor)",
    cmd: (s) => `git -C ${other(s, "C")} status`,
    marker: mark("fsmonitor-C"),
  },
  {
    name: "git --git-dir=OTHER/.git --work-tree=OTHER status",
    cmd: (s) => `git --git-dir=${other(s, "gitdir")}/.git --work-tree=${other(s, "gitdir")} status`,
    marker: mark("fsmonitor-gitdir"),
  },
  {
    name: "git -c core.fsmonitor=PROG status",
    cmd: (s) => `git -c core.fsmonitor=${s.root}/hook-c.sh status`,
    marker: mark("fsmonitor-c"),
  },
  {
    name: "cd OTHER && git status",
    cmd: (s) => `cd ${other(s, "cd")} && git status`,
    marker: mark("fsmonitor-cd"),
  },
  {
    name: "git status with workdir OTHER",
    cmd: () => "git status",
    marker: mark("fsmonitor-workdir"),
    workdir: (s) => other(s, "workdir"),
  },
  {
    // git's log/diff options take no abbreviations (status's do); those are unit-tested.
    name: "git log --output FILE",
    cmd: (s) => `git log --output ${s.marks}/git-log`,
    marker: mark("git-log"),
  },
  {
    name: "git diff --output FILE",
    cmd: (s) => `git diff --output ${s.marks}/git-diff`,
    marker: mark("git-diff"),
  },
  {
    name: "file -C -m MAGIC",
    cmd: () => "file -C -m magicsrc",
    marker: (s) => path.join(s.work, "magicsrc.mgc"),
  },
  {
    name: "uniq -- -x OUTPUT",
    cmd: (s) => `uniq -- -x ${s.marks}/uniq-out`,
    marker: mark("uniq-out"),
  },
];

/** A repository whose config runs `hook` (touching `marker`) on every status. */
function evilRepo(dir: string, marker: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync("git", ["init", "-q", dir]);
  const hook = path.join(dir, "fsmonitor.sh");
  writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`);
  chmodSync(hook, 0o755);
  execFileSync("git", ["-C", dir, "config", "core.fsmonitor", hook]);
}

/** The inputs every case needs, in `ws` (a git workspace with hello.txt). */
function buildSite(ws: Workspace): Site {
  const site = { root: ws.root, work: ws.work, marks: path.join(ws.root, "marks") };
  mkdirSync(site.marks);
  writeFileSync(path.join(ws.work, "big.txt"), "x\n".repeat(5_000));
  writeFileSync(path.join(ws.work, "magicsrc"), "0 string hello Hello text\n");
  writeFileSync(path.join(ws.work, "-x"), "x\n");
  const script = (file: string, body: string) => {
    writeFileSync(path.join(ws.root, file), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(ws.root, file), 0o755);
  };
  script("compress.sh", `touch '${site.marks}/sort-compress'\nexec cat`);
  script("hook-c.sh", `touch '${site.marks}/fsmonitor-c'`);
  for (const name of ["C", "gitdir", "cd", "workdir"]) {
    evilRepo(other(site, name), path.join(site.marks, `fsmonitor-${name}`));
  }
  return site;
}

// Run every case directly on this host, in a site of its own, while the tests are collected.
const probeWs = makeWorkspace();
const probeSite = buildSite(probeWs);
const writesHere = new Map<string, boolean>();
for (const c of CASES) {
  try {
    execFileSync("bash", ["-c", c.cmd(probeSite)], {
      cwd: c.workdir?.(probeSite) ?? probeSite.work,
      stdio: "ignore",
      timeout: 20_000,
    });
  } catch {
    // The marker decides, not the exit status.
  }
  writesHere.set(c.name, existsSync(c.marker(probeSite)));
}
probeWs.cleanup();

/** Read-only neighbours that must keep running without asking. */
const NEIGHBOURS: Array<[id: string, cmd: string, expected: string]> = [
  ["ok_sed", "sed -n 1p hello.txt", "hello"],
  ["ok_sed_s", "sed s/hello/bye/ hello.txt", "bye"],
  ["ok_sort", "sort -u hello.txt", "hello"],
  ["ok_git_status", "git status --short", "Process exited with code 0"],
  ["ok_git_log", "git log --oneline -n 1", "init"],
];

describe("under -a untrusted, commands that only look read-only are not run unasked", () => {
  let mock: MockServer;
  let ws: Workspace;
  let site: Site;
  let outputs: Record<string, string>;
  let exitCode: number | null;

  beforeAll(async () => {
    mock = await startMockServer();
    ws = makeWorkspace();
    site = buildSite(ws);
    writeConfig(ws.home, mockConfig(mock.url));
    const calls = [
      ...CASES.map((c, i) =>
        sse.functionCall(
          `bypass_${i}`,
          "exec_command",
          JSON.stringify({ cmd: c.cmd(site), ...(c.workdir ? { workdir: c.workdir(site) } : {}) }),
        ),
      ),
      ...NEIGHBOURS.map(([id, cmd]) =>
        sse.functionCall(id, "exec_command", JSON.stringify({ cmd })),
      ),
    ];
    mock.enqueue(
      { sse: [sse.created("r1"), ...calls.flat(), sse.completed("r1")] },
      plainAnswer("done"),
    );
    const r = await runCli(
      ["exec", "-a", "untrusted", "-s", "danger-full-access", "--json", "try them all"],
      { cwd: ws.work, home: ws.home, timeoutMs: 60_000 },
    );
    exitCode = r.code;
    const input = mock.requests.at(-1)!.body!.input as Array<{
      type: string;
      call_id?: string;
      output?: unknown;
    }>;
    outputs = {};
    for (const item of input) {
      if (item.type === "function_call_output") outputs[item.call_id!] = String(item.output);
    }
  }, 90_000);

  afterAll(async () => {
    try {
      expect(mock.violations).toEqual([]);
    } finally {
      await mock.close();
      ws.cleanup();
    }
  });

  it("the run completes", () => {
    expect(exitCode).toBe(0);
    expect(Object.keys(outputs)).toHaveLength(CASES.length + NEIGHBOURS.length);
  });

  it.each(
    CASES.map((c, i) => {
      const note = writesHere.get(c.name)
        ? "writes when run directly here"
        : "this host does not write even when run directly";
      return [`${c.name} (${note})`, c, i] as const;
    }),
  )("%s: denied, no file", (_title, c, i) => {
    expect(outputs[`bypass_${i}`]).toBe("exec command rejected by user");
    expect(existsSync(c.marker(site))).toBe(false);
  });

  it("the in-place edit left the input alone", () => {
    expect(readFileSync(path.join(ws.work, "hello.txt"), "utf8")).toBe("hello\n");
  });

  it.each(NEIGHBOURS)("read-only neighbour %s runs without asking", (id, _cmd, expected) => {
    expect(outputs[id]).toContain(expected);
    expect(outputs[id]).not.toBe("exec command rejected by user");
  });
});

describe("under -a never, destructive git commands are refused before they run", () => {
  let mock: MockServer;
  let ws: Workspace;

  beforeAll(async () => {
    mock = await startMockServer();
    ws = makeWorkspace();
  });
  afterAll(async () => {
    try {
      expect(mock.violations).toEqual([]);
    } finally {
      await mock.close();
      ws.cleanup();
    }
  });

  it("git branch -d and git reset (any form) are refused, worded like Codex's rm -f refusal", async () => {
    const git = (...args: string[]) =>
      execFileSync("git", args, { cwd: ws.work, encoding: "utf8" }).trim();
    git("branch", "feature");
    writeFileSync(path.join(ws.work, "hello.txt"), "changed\n");
    git("add", "hello.txt");
    const head = git("rev-parse", "HEAD");
    writeConfig(ws.home, mockConfig(mock.url));
    const call = (id: string, cmd: string) =>
      sse.functionCall(id, "exec_command", JSON.stringify({ cmd }));
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...call("del", "git branch -d feature"),
          ...call("reset", "git reset hello.txt"),
          sse.completed("r1"),
        ],
      },
      plainAnswer("ok"),
    );
    const r = await runCli(["exec", "-a", "never", "-s", "danger-full-access", "go"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(r.code).toBe(0);
    const input = mock.requests.at(-1)!.body!.input as Array<{
      call_id?: string;
      output?: unknown;
    }>;
    const out = (id: string) =>
      String(input.find((i) => i.call_id === id && "output" in i)!.output);
    expect(out("del")).toBe(
      "`/bin/bash -lc 'git branch -d feature'` rejected: git branch -d commands are not permitted. Use a safer approach",
    );
    expect(out("reset")).toBe(
      "`/bin/bash -lc 'git reset hello.txt'` rejected: git reset commands are not permitted. Use a safer approach",
    );
    expect(git("branch", "--list", "feature")).toContain("feature");
    expect(git("diff", "--cached", "--name-only")).toBe("hello.txt");
    expect(git("rev-parse", "HEAD")).toBe(head);
  });
});
