import { describe, expect, it } from "vitest";
import { extractApplyPatchFromShell, isImplicitPatchInvocation } from "./heredoc.js";
import { parsePatch } from "./parser.js";

const PATCH = "*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch\n";

describe("extractApplyPatchFromShell", () => {
  it.each([
    ["argv apply_patch", ["apply_patch", PATCH], { patch: PATCH }],
    ["argv applypatch", ["applypatch", PATCH], { patch: PATCH }],
    ["argv with a path to apply_patch", ["/opt/bin/apply_patch", PATCH], { patch: PATCH }],
    [
      "bash -lc quoted heredoc",
      ["bash", "-lc", `apply_patch <<'EOF'\n${PATCH}EOF\n`],
      { patch: PATCH },
    ],
    [
      "bash -c bare heredoc",
      ["/bin/bash", "-c", `apply_patch <<EOF\n${PATCH}EOF`],
      { patch: PATCH },
    ],
    [
      "double-quoted delimiter",
      ["zsh", "-lc", `apply_patch <<"END"\n${PATCH}END\n`],
      { patch: PATCH },
    ],
    [
      "space before the delimiter",
      ["sh", "-c", `applypatch << 'EOF'\n${PATCH}EOF\n`],
      { patch: PATCH },
    ],
    [
      "<<- strips leading tabs",
      ["bash", "-lc", `apply_patch <<-EOF\n${PATCH.replace(/^(?=.)/gm, "\t")}\tEOF\n`],
      { patch: PATCH },
    ],
    ["bash -l -c", ["bash", "-l", "-c", `apply_patch <<'EOF'\n${PATCH}EOF\n`], { patch: PATCH }],
    [
      "cd DIR && apply_patch",
      ["bash", "-lc", `cd some/dir && apply_patch <<'EOF'\n${PATCH}EOF\n`],
      { patch: PATCH, workdir: "some/dir" },
    ],
    [
      "cd 'quoted dir' && apply_patch",
      ["bash", "-lc", `cd 'my dir' &&\napply_patch <<'EOF'\n${PATCH}EOF\n`],
      { patch: PATCH, workdir: "my dir" },
    ],
    ["script string (exec_command)", `apply_patch <<'EOF'\n${PATCH}EOF\n`, { patch: PATCH }],
    ["missing terminator reads to the end", `apply_patch <<'EOF'\n${PATCH}`, { patch: PATCH }],
    ["surrounding blank lines", `\n  apply_patch <<'EOF'\n${PATCH}EOF\n\n`, { patch: PATCH }],
  ] as const)("recognises %s", (_name, input, expected) => {
    const result = extractApplyPatchFromShell(input);
    expect(result).toEqual(expected);
    expect(parsePatch(result!.patch).hunks).toHaveLength(1);
  });

  it.each([
    [
      "another command after the heredoc",
      ["bash", "-lc", `apply_patch <<'EOF'\n${PATCH}EOF\necho done\n`],
    ],
    ["an operator after the redirect", ["bash", "-lc", `apply_patch <<'EOF' && ls\n${PATCH}EOF\n`]],
    ["a pipe into apply_patch", ["bash", "-lc", "cat p.diff | apply_patch"]],
    [
      "an expansion in the cd target",
      ["bash", "-lc", `cd $HOME && apply_patch <<'EOF'\n${PATCH}EOF\n`],
    ],
    [
      "a command before it other than cd",
      ["bash", "-lc", `ls && apply_patch <<'EOF'\n${PATCH}EOF\n`],
    ],
    ["cd joined with ;", ["bash", "-lc", `cd x; apply_patch <<'EOF'\n${PATCH}EOF\n`]],
    ["`EOF && more` on the terminator line", `apply_patch <<'EOF'\n${PATCH}EOF && echo more\n`],
    ["`EOF; more` on the terminator line", `apply_patch <<'EOF'\n${PATCH}EOF; echo more`],
    ["`&& more` on the line after the heredoc", `apply_patch <<'EOF'\n${PATCH}EOF\n&& echo more`],
    ["a plain command", ["ls", "-l"]],
    ["a plain script", ["bash", "-lc", "echo hi"]],
    ["apply_patch with no patch", ["apply_patch"]],
    ["apply_patch with extra arguments", ["apply_patch", PATCH, "more"]],
    ["a shell without -c", ["bash", "script.sh", "x"]],
    ["a program named like a shell flag", ["python3", "-c", `apply_patch <<'EOF'\n${PATCH}EOF\n`]],
  ] as const)("ignores %s", (_name, input) => {
    expect(extractApplyPatchFromShell(input)).toBeNull();
  });
});

describe("isImplicitPatchInvocation", () => {
  it.each([
    ["a bare patch as the exec_command script", PATCH],
    ["a bare patch under bash -lc", ["bash", "-lc", PATCH]],
    ["a bare patch as the whole argv", [PATCH]],
    ["a bare patch in a heredoc wrapper with no command", `<<'EOF'\n${PATCH}EOF\n`],
  ] as const)("flags %s", (_name, input) => {
    expect(isImplicitPatchInvocation(input)).toBe(true);
  });

  it.each([
    ["an ordinary command", ["bash", "-lc", "ls -l"]],
    ["text that only mentions a patch", "echo '*** Begin Patch'"],
    [
      "a patch that does not parse (runs as a script, as in Codex)",
      "*** Begin Patch\n*** Frob: x\n*** End Patch",
    ],
    ["apply_patch with the patch", ["apply_patch", PATCH]],
    ["a heredoc followed by another command", `apply_patch <<'EOF'\n${PATCH}EOF && echo more`],
  ] as const)("leaves %s alone", (_name, input) => {
    expect(isImplicitPatchInvocation(input)).toBe(false);
  });
});
