import { describe, expect, it } from "vitest";
import {
  dangerousCommandRejection,
  findDangerousCommand,
  isDangerousCommand,
} from "./dangerous.js";

const bash = (script: string): string[] => ["/bin/bash", "-lc", script];

describe("isDangerousCommand", () => {
  const dangerous: Array<[string[], string]> = [
    [["rm", "-f", "x"], "rm -f style"],
    [["rm", "-rf", "/"], "rm -f style"],
    [["rm", "-Rf", "x"], "rm -f style"],
    [["rm", "-r", "dir"], "rm -f style"],
    [["rm", "--force", "x"], "rm -f style"],
    [["rm", "x", "-f"], "rm -f style"],
    [["/bin/rm", "-fr", "x"], "rm -f style"],
    [["git", "reset", "--hard"], "git reset"],
    [["/usr/bin/git", "reset", "--hard", "HEAD~1"], "git reset"],
    [["git", "-C", "repo", "reset", "--hard"], "git reset"],
    // Every form of reset, as upstream Codex.
    [["git", "reset"], "git reset"],
    [["git", "reset", "HEAD", "file"], "git reset"],
    [["git", "reset", "--soft", "HEAD~1"], "git reset"],
    [["git", "--git-dir=.git", "reset"], "git reset"],
    [["git", "-c", "x=y", "reset", "--mixed"], "git reset"],
    [["sudo", "git", "reset"], "sudo"],
    [bash("git reset HEAD~1"), "git reset"],
    [["git", "branch", "-d", "merged"], "git branch -d"],
    [["git", "branch", "--delete", "merged"], "git branch -d"],
    [["git", "branch", "--del", "merged"], "git branch -d"],
    [["git", "branch", "-dv", "merged"], "git branch -d"],
    [["git", "branch", "-vd", "merged"], "git branch -d"],
    [["git", "branch", "-vD", "merged"], "git branch -D"],
    [["git", "-C", ".", "branch", "-d", "merged"], "git branch -d"],
    [bash("git branch --delete merged"), "git branch -d"],
    [["git", "clean", "--fo"], "git clean -f"],
    [["git", "push", "--del", "origin", "x"], "git push --force"],
    [["git", "push", "origin", ":feature"], "git push --force"],
    [["git", "checkout", "--f", "main"], "git checkout --force"],
    [["rm", "--rec", "dir"], "rm -f style"],
    [["rm", "--fo", "x"], "rm -f style"],
    [["rm", "--no-preserve-root", "-d", "/"], "rm -f style"],
    [["rm", "--no-p", "-d", "/"], "rm -f style"],
    [["rm", "-if", "x"], "rm -f style"],
    [["git", "rm", "file"], "git rm"],
    [["git", "clean", "-fdx"], "git clean -f"],
    [["git", "push", "--force"], "git push --force"],
    [["git", "push", "-f", "origin", "main"], "git push --force"],
    [["git", "push", "origin", "+main"], "git push --force"],
    [["git", "push", "--force-with-lease"], "git push --force"],
    [["git", "branch", "-D", "x"], "git branch -D"],
    [["git", "branch", "-d", "-f", "x"], "git branch -d"],
    [["git", "checkout", "-f"], "git checkout --force"],
    [["sudo", "ls"], "sudo"],
    [["mkfs.ext4", "/dev/sda"], "mkfs"],
    [["dd", "if=/dev/zero", "of=/dev/sda"], "dd of="],
    [["find", ".", "-delete"], "find -delete"],
    [["find", ".", "-exec", "rm", "-rf", "{}", "+"], "rm -f style"],
    [["xargs", "-0", "rm", "-f"], "rm -f style"],
    [["env", "A=1", "rm", "-rf", "x"], "rm -f style"],
    [["timeout", "5", "rm", "-f", "x"], "rm -f style"],
    [bash("rm -f does-not-exist.txt"), "rm -f style"],
    [bash("ls && rm -rf build"), "rm -f style"],
    [bash('rm -rf "$DIR"'), "rm -f style"],
    [bash("(cd x; git reset --hard)"), "git reset"],
    [bash("echo $(sudo cat /etc/shadow)"), "sudo"],
    [bash("for f in *; do rm -f $f; done"), "rm -f style"],
    [bash("rm -f x > /dev/null 2>&1"), "rm -f style"],
    [bash("bash -c 'rm -rf /'"), "rm -f style"],
    [["zsh", "-lc", "git reset --hard"], "git reset"],
  ];
  it.each(dangerous)("%j is %s", async (argv, label) => {
    expect((await findDangerousCommand(argv))?.label).toBe(label);
  });

  const harmless: string[][] = [
    ["rm", "x"],
    ["rm", "--", "-f"],
    ["git", "status"],
    ["git", "checkout", "reset"],
    ["git", "log", "reset"],
    ["git", "branch"],
    ["git", "branch", "-v", "--list"],
    ["git", "branch", "--format=%(refname)"],
    ["git", "push", "--follow-tags"],
    ["rm", "--dir", "empty"],
    ["rm", "--interactive=always", "x"],
    ["git", "push"],
    ["git", "clean", "-n"],
    ["ls", "-rf"],
    ["dd", "if=a"],
    ["find", ".", "-name", "x"],
    bash("ls && cat a"),
    bash("echo 'rm -rf /'"),
    bash("git status"),
  ];
  it.each(harmless)("%j is not", async (...argv) => {
    expect(await isDangerousCommand(argv)).toBe(false);
  });

  it("words the rejection like Codex", async () => {
    const argv = bash("rm -f does-not-exist.txt");
    const match = await findDangerousCommand(argv);
    expect(match).not.toBeNull();
    expect(dangerousCommandRejection(argv, match!)).toBe(
      "`/bin/bash -lc 'rm -f does-not-exist.txt'` rejected: rm -f style commands are not permitted. Use a safer approach",
    );
  });
});
