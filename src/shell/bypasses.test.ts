// Commands that look read-only but write or execute (issue 10 §3), next to
// the read-only neighbours that must keep running unasked.
import { describe, expect, it } from "vitest";
import { isKnownSafeCommand, type CommandLocation } from "./safety.js";

const bash = (script: string): string[] => ["bash", "-lc", script];

/** Every prefix of `name` from `min` characters up to the whole name. */
function prefixes(name: string, min = 1): string[] {
  const out: string[] = [];
  for (let n = min; n <= name.length; n++) out.push(name.slice(0, n));
  return out;
}

/** `cmd --P=VALUE …` and `cmd --P VALUE …` for every prefix P of `option`. */
function abbreviations(
  cmd: string[],
  option: string,
  value: string,
  after: string[] = [],
): string[][] {
  return prefixes(option).flatMap((p) => [
    [...cmd, `--${p}=${value}`, ...after],
    [...cmd, `--${p}`, value, ...after],
  ]);
}

async function expectAll(cases: string[][], safe: boolean, location?: CommandLocation) {
  const wrong: string[] = [];
  for (const argv of cases) {
    if ((await isKnownSafeCommand(argv, location)) !== safe) wrong.push(JSON.stringify(argv));
  }
  expect(wrong).toEqual([]);
}

describe("GNU long-option abbreviations count as the option", () => {
  const table: Array<[string, string[][]]> = [
    ["sort --output", abbreviations(["sort"], "output", "out.txt", ["in.txt"])],
    ["sort --compress-program", abbreviations(["sort"], "compress-program", "sh", ["in.txt"])],
    ["base64 --output", abbreviations(["base64"], "output", "out.txt")],
    ["date --set", abbreviations(["date"], "set", "2020-01-01")],
    ["file --compile", abbreviations(["file", "-m", "magic"], "compile", "x")],
    ["file --preserve-date", abbreviations(["file"], "preserve-date", "a")],
    ["file --uncompress", abbreviations(["file"], "uncompress", "a.gz")],
    ["rg --pre", abbreviations(["rg"], "pre", "sh", ["x"])],
    ["rg --hostname-bin", abbreviations(["rg"], "hostname-bin", "sh", ["x"])],
    ["rg --search-zip", abbreviations(["rg"], "search-zip", "x")],
    ["sed --in-place", abbreviations(["sed"], "in-place", "s/a/b/", ["f"])],
    ["sed --file", abbreviations(["sed", "-n"], "file", "script.sed", ["f"])],
    ["sed --expression (w)", abbreviations(["sed", "-n", "1p"], "expression", "1wout", ["f"])],
    ["git diff --output", abbreviations(["git", "diff"], "output", "out.txt")],
    ["git log --output", abbreviations(["git", "log"], "output", "out.txt")],
    ["git show --output", abbreviations(["git", "show"], "output", "out.txt", ["HEAD"])],
    ["git diff --ext-diff", abbreviations(["git", "diff"], "ext-diff", "x")],
    ["git log --textconv", prefixes("textconv", 5).map((p) => ["git", "log", "-p", `--${p}`])],
    ["git log --paginate", abbreviations(["git", "log"], "paginate", "x")],
  ];
  it.each(table)("%s", async (_name, cases) => {
    await expectAll(cases, false);
    await expectAll(
      cases.map((argv) => bash(argv.join(" "))),
      false,
    );
  });

  it("an exact safe name is not an abbreviation of a dangerous one", async () => {
    await expectAll(
      [
        ["git", "diff", "--text"],
        ["git", "diff", "--no-textconv"],
        ["git", "diff", "--no-ext-diff"],
        ["git", "diff", "--output-indicator-new=+"],
        ["git", "diff", "--output-indicator-old", "-"],
        ["git", "log", "--oneline"],
        ["rg", "--pre-glob", "*.gz", "x"],
        ["rg", "--pretty", "x"],
        ["rg", "--hidden", "x"],
        ["rg", "--heading", "x"],
        ["rg", "--no-search-zip", "x"],
        ["rg", "--sort", "path", "x"],
        ["sort", "--unique", "in.txt"],
        ["sort", "--reverse", "--key=2", "in.txt"],
        ["sort", "--check", "in.txt"],
        ["date", "--date=@0"],
        ["date", "--iso-8601=seconds"],
        ["date", "--rfc-3339=seconds"],
        ["file", "--mime-type", "a"],
        ["file", "--brief", "a"],
        ["base64", "--decode", "a"],
        ["base64", "--wrap=0", "a"],
        ["sed", "--quiet", "1p", "f"],
        ["sed", "--expression=1p", "f"],
      ],
      true,
    );
  });

  it("an ambiguous prefix that could be a dangerous option counts as dangerous", async () => {
    // --c: --check or --compress-program; --p: --parameter, --preserve-date or --print0.
    await expectAll(
      [
        ["sort", "--c=sh", "in.txt"],
        ["file", "--p", "a"],
        ["git", "diff", "--tex"],
        ["rg", "--pr", "x"],
      ],
      false,
    );
  });
});

describe("short options, clusters and values", () => {
  it("a dangerous letter anywhere in a cluster counts", async () => {
    await expectAll(
      [
        ["sort", "-o", "out", "in"],
        ["sort", "-oout", "in"],
        ["sort", "-uo", "out", "in"],
        ["sort", "-ruoout", "in"],
        ["base64", "-o", "out"],
        ["base64", "-ob64.txt"],
        ["base64", "-do", "out"],
        ["date", "-s", "2020-01-01"],
        ["date", "-us", "2020-01-01"],
        ["date", "-s2020-01-01"],
        // GNU and BSD date set the clock from an operand that is not a +FORMAT.
        ["date", "010100002020"],
        ["date", "-u", "010100002020"],
        ["file", "-C", "-m", "x"],
        ["file", "-bC", "-m", "x"],
        ["file", "-z", "a.gz"],
        ["file", "-bZ", "a.gz"],
        ["file", "-p", "a"],
        ["rg", "-z", "x"],
        ["rg", "-nz", "x"],
        ["rg", "-zn", "x"],
        ["tree", "-o", "out"],
        ["tree", "-ao", "out"],
        ["tree", "-Lo", "2", "out"],
        ["tree", "-R", "-H", "."],
        ["sed", "-i", "s/a/b/", "f"],
        ["sed", "-ibak", "s/a/b/", "f"],
        ["sed", "-ni", "1p", "f"],
        ["sed", "-n", "-i", "1p", "f"],
        ["sed", "-f", "script.sed", "f"],
        ["sed", "-nf", "script.sed", "f"],
      ],
      false,
    );
  });

  it("a letter inside an option's value is not an option", async () => {
    await expectAll(
      [
        ["sort", "-to", "in"],
        ["sort", "-t", "o", "in"],
        ["sort", "-k2", "in"],
        ["date", "-Iseconds"],
        ["date", "-Ins"],
        ["date", "-d", "-1 day"],
        ["date", "+%s"],
        ["rg", "-tzig", "x"],
        ["rg", "-g*.zip", "x"],
        ["rg", "-e", "-z", "x"],
        ["file", "-mz", "a"],
        ["base64", "-w0", "a"],
        ["sed", "-ne", "1p", "f"],
        ["sed", "-l", "5", "-n", "l", "f"],
      ],
      true,
    );
  });

  it("after -- everything is an operand", async () => {
    await expectAll(
      [
        ["sort", "--", "--output=x", "in"],
        ["rg", "x", "--", "--pre=sh"],
      ],
      true,
    );
  });
});

describe("sed scripts that write or execute", () => {
  const unsafe: string[][] = [
    ["sed", "-n", "1p", "--expression=1wout", "f"],
    ["sed", "-n", "1p", "-e", "1wout", "f"],
    ["sed", "-ne", "1wout", "f"],
    ["sed", "1wout", "f"],
    ["sed", "w out", "f"],
    ["sed", "$w out", "f"],
    ["sed", "1!w out", "f"],
    ["sed", "/x/,/y/w out", "f"],
    ["sed", "1W out", "f"],
    ["sed", "p;w out", "f"],
    ["sed", "p\nw out", "f"],
    ["sed", "1{w out\n}", "f"],
    ["sed", "1{p;w out\n}", "f"],
    ["sed", "y/a/b/;w out", "f"],
    ["sed", ":a;w out", "f"],
    ["sed", "-e", "a text", "-e", "w out", "f"],
    ["sed", "s/a/b/w out", "f"],
    ["sed", "s/a/b/gw out", "f"],
    ["sed", "s/a/b/2pw out", "f"],
    ["sed", "s|a|b|w out", "f"],
    ["sed", "s/a/b/e", "f"],
    ["sed", "e", "f"],
    ["sed", "1e touch out", "f"],
    ["sed", "1r /etc/passwd", "f"],
    ["sed", "R other", "f"],
    // A bracket holds the delimiter in GNU sed: this writes a file named `Z%p`.
    ["sed", "s/[/]/g;\\%/w Z%p", "f"],
    ["sed", "s/[[:alpha:]/]/g;\\%/w Z%p", "f"],
    // Unbalanced or malformed scripts are not guessed at.
    ["sed", "1{p", "f"],
    ["sed", "s/a/b", "f"],
    ["sed", "s/a/b/x", "f"],
    ["sed", "-n"],
    ["sed", "-n", "--posiz", "1p", "f"],
    ["sed", "v 4.2;w out", "f"],
    // Bytes outside ASCII are read by sed in the user's locale, not by us.
    ["sed", "s\u00e9a\u00e9b\u00e9", "f"],
    ["sed", "s/\u00e9/e/", "f"],
  ];
  it.each(unsafe.map((a) => [JSON.stringify(a), a] as const))("unsafe: %s", async (_n, argv) => {
    expect(await isKnownSafeCommand([...argv])).toBe(false);
    expect(await isKnownSafeCommand(bash(argv.map(quote).join(" ")))).toBe(false);
  });

  const safe: string[][] = [
    ["sed", "-n", "1p", "f"],
    ["sed", "-n", "1,5p", "f"],
    ["sed", "-n", "-e", "1p", "f"],
    ["sed", "-ne", "1p", "-e", "$p", "f"],
    ["sed", "s/a/b/", "f"],
    ["sed", "s/a/b/g;s/c/d/2", "f"],
    ["sed", "-E", "s/(a|b)+/x/g", "f"],
    ["sed", "-n", "/start/,/end/p", "f"],
    ["sed", "$d", "f"],
    ["sed", "1~2d", "f"],
    ["sed", "-n", "\\%x%p", "f"],
    ["sed", "s|/|_|g", "f"],
    ["sed", "s/[[:space:]]*$//", "f"],
    ["sed", "s/[]x]/y/", "f"],
    ["sed", "-n", "/x/{p;q}", "f"],
    ["sed", ":a;N;$!ba;s/\\n/ /g", "f"],
    ["sed", "1i header", "f"],
    ["sed", "-e", "a text\\", "-e", "w not-a-command", "f"],
    ["sed", "-z", "s/a/b/", "f"],
    ["sed", "s/w/e/", "f"],
    ["sed", "s/a/w/g", "f"],
    ["sed", "y/abc/xyz/", "f"],
    ["sed", "-n", "l", "f"],
    ["sed", "--debug", "-n", "1p", "f"],
    ["sed", "-s", "-n", "1p", "a", "b"],
    ["sed", "-n", "1p;$=", "f"],
    ["sed", "# comment\n1d", "f"],
  ];
  it.each(safe.map((a) => [JSON.stringify(a), a] as const))("safe: %s", async (_n, argv) => {
    expect(await isKnownSafeCommand([...argv])).toBe(true);
  });
});

/** Single-quote a word for bash. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

describe("git cannot be pointed at another repository", () => {
  const ws: CommandLocation = { cwd: "/ws", workspace: "/ws" };

  it("global options that change the repository, config or programs are refused", async () => {
    await expectAll(
      [
        ["git", "-C", "/other", "status"],
        ["git", "-C", ".", "status"],
        ["git", "--git-dir=/other/.git", "status"],
        ["git", "--git-dir", "/other/.git", "log"],
        ["git", "--work-tree=/other", "diff"],
        ["git", "--work-tree", "/other", "diff"],
        ["git", "-c", "core.fsmonitor=/tmp/x", "status"],
        ["git", "-ccore.pager=sh", "log"],
        ["git", "--config-env=core.pager=X", "log"],
        ["git", "--exec-path=/tmp", "status"],
        ["git", "--namespace=x", "log"],
        ["git", "--super-prefix=x/", "status"],
        ["git", "-p", "log"],
        ["git", "--paginate", "log"],
        ["git", "--bare", "log"],
        ["git", "--unknown-option", "status"],
        bash("git -C /other status"),
        bash("GIT_DIR=/other/.git git status"),
        bash("GIT_CONFIG_PARAMETERS=x git status"),
      ],
      false,
      ws,
    );
  });

  it("harmless global options and subcommand options stay known-safe", async () => {
    await expectAll(
      [
        ["git", "status"],
        ["git", "--no-pager", "log", "-n", "3"],
        ["git", "-P", "diff", "--stat"],
        ["git", "--no-optional-locks", "status", "--porcelain"],
        ["git", "log", "-c"],
        ["git", "log", "-p", "-n", "1"],
        ["git", "show", "HEAD:README.md"],
        ["git", "branch", "--show-current"],
        ["git", "log", "--", "--output=x"],
      ],
      true,
      ws,
    );
  });

  it("only in the workspace: a working directory elsewhere is not known-safe", async () => {
    const at = (cwd: string): CommandLocation => ({ cwd, workspace: "/ws" });
    expect(await isKnownSafeCommand(["git", "status"], at("/ws"))).toBe(true);
    expect(await isKnownSafeCommand(["git", "status"], at("/ws/sub/dir"))).toBe(true);
    expect(await isKnownSafeCommand(["git", "status"], at("/ws/..dots"))).toBe(true);
    expect(await isKnownSafeCommand(["git", "status"], at("/other"))).toBe(false);
    expect(await isKnownSafeCommand(["git", "status"], at("/ws/../other"))).toBe(false);
    expect(await isKnownSafeCommand(["git", "status"], at("/wsx"))).toBe(false);
    expect(await isKnownSafeCommand(bash("git status"), at("/other"))).toBe(false);
    // Other read-only commands may run anywhere.
    expect(await isKnownSafeCommand(["ls"], at("/other"))).toBe(true);
  });

  it("a cd in the same script must stay inside the workspace", async () => {
    await expectAll(
      [
        bash("cd src && git status"),
        bash("cd src/lib && git diff"),
        bash("cd /ws/sub && git log"),
        bash("cd /other && ls"),
        bash("git status; cd sub; git diff"),
      ],
      true,
      ws,
    );
    await expectAll(
      [
        bash("cd /other && git status"),
        bash("cd .. && git status"),
        bash("cd src/../.. && git status"),
        bash("cd - && git status"),
        bash("cd && git status"),
        bash("cd /wsx && git status"),
        bash("git status && cd /other && git status"),
      ],
      false,
      ws,
    );
  });
});

describe("uniq writes its second operand", () => {
  it.each([
    [["uniq", "in", "out"], false],
    [["uniq", "-c", "in", "out"], false],
    [["uniq", "--", "-x", "out"], false],
    [["uniq", "-f1", "in", "out"], false],
    [["uniq", "in"], true],
    [["uniq", "-c", "in"], true],
    [["uniq", "-f", "1", "in"], true],
    [["uniq", "--skip-fields", "1", "in"], true],
    [["uniq", "--skip-f=1", "in"], true],
  ] as const)("%j → %s", async (argv, safe) => {
    expect(await isKnownSafeCommand([...argv])).toBe(safe);
  });
});
