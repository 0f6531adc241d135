import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  canWritePath,
  hasFullNetworkAccess,
  resolveExistingPrefix,
  sandboxPolicyFromLegacyPermissions,
  sandboxPolicyFromMode,
  writableRoots,
} from "./policy.js";

const WS_DEFAULTS = {
  writable_roots: [],
  network_access: false,
  exclude_tmpdir_env_var: false,
  exclude_slash_tmp: false,
};

describe("sandboxPolicyFromMode", () => {
  it("maps each mode, filling workspace-write defaults", () => {
    expect(sandboxPolicyFromMode("read-only")).toEqual({ type: "read-only" });
    expect(sandboxPolicyFromMode("danger-full-access")).toEqual({ type: "danger-full-access" });
    expect(sandboxPolicyFromMode("workspace-write")).toEqual({
      type: "workspace-write",
      ...WS_DEFAULTS,
    });
  });

  it("copies [sandbox_workspace_write] keys", () => {
    const cfg = {
      writable_roots: ["/srv"],
      network_access: true,
      exclude_tmpdir_env_var: true,
      exclude_slash_tmp: true,
    };
    expect(sandboxPolicyFromMode("workspace-write", cfg)).toEqual({
      type: "workspace-write",
      ...cfg,
    });
  });
});

describe("sandboxPolicyFromLegacyPermissions", () => {
  it("read access alone is read-only", () => {
    expect(sandboxPolicyFromLegacyPermissions(["disk-full-read-access"], "/w")).toEqual({
      type: "read-only",
    });
  });

  it("disk-write-cwd without temp folders excludes both temp dirs", () => {
    expect(
      sandboxPolicyFromLegacyPermissions(["disk-full-read-access", "disk-write-cwd"], "/w"),
    ).toEqual({
      type: "workspace-write",
      writable_roots: [],
      network_access: false,
      exclude_tmpdir_env_var: true,
      exclude_slash_tmp: true,
    });
  });

  it("temp folder permissions, folders (relative to cwd) and network", () => {
    const policy = sandboxPolicyFromLegacyPermissions(
      [
        "disk-write-cwd",
        "disk-write-platform-user-temp-folder",
        "disk-write-platform-global-temp-folder",
        "disk-write-folder=out",
        "disk-write-folder=/srv/data",
        "network-full-access",
      ],
      "/w",
    );
    expect(policy).toEqual({
      type: "workspace-write",
      writable_roots: ["/w/out", "/srv/data"],
      network_access: true,
      exclude_tmpdir_env_var: false,
      exclude_slash_tmp: false,
    });
  });

  it("full write access: / as a root, or no sandbox together with network", () => {
    expect(sandboxPolicyFromLegacyPermissions(["disk-full-write-access"], "/w")).toMatchObject({
      type: "workspace-write",
      writable_roots: ["/"],
      network_access: false,
    });
    expect(
      sandboxPolicyFromLegacyPermissions(["disk-full-write-access", "network-full-access"], "/w"),
    ).toEqual({
      type: "danger-full-access",
    });
  });

  it("rejects unknown permissions and empty folders with a message naming them", () => {
    expect(() => sandboxPolicyFromLegacyPermissions(["disk-write-everything"], "/w")).toThrow(
      /unknown permission "disk-write-everything"/,
    );
    expect(() => sandboxPolicyFromLegacyPermissions(["disk-write-folder="], "/w")).toThrow(
      /needs a path/,
    );
  });
});

describe("writableRoots", () => {
  it("is empty for read-only and full access", () => {
    expect(writableRoots({ type: "read-only" }, "/w", {}, "/h")).toEqual([]);
    expect(writableRoots({ type: "danger-full-access" }, "/w", {}, "/h")).toEqual([]);
  });

  it("lists cwd, configured roots, /tmp and $TMPDIR (nothing under CODEX_HOME), each with protected paths", () => {
    const policy = sandboxPolicyFromMode("workspace-write", {
      writable_roots: ["../shared", "/srv"],
    });
    const roots = writableRoots(policy, "/w/proj", { TMPDIR: "/var/tmp/me" }, "/home/u/.codex");
    expect(roots.map((r) => r.root)).toEqual([
      "/w/proj",
      "/w/shared",
      "/srv",
      "/tmp",
      "/var/tmp/me",
    ]);
    expect(roots[0]!.protectedPaths).toEqual(["/w/proj/.git", "/w/proj/.codex", "/w/proj/.agents"]);
  });

  it("honours exclude_slash_tmp and exclude_tmpdir_env_var, ignores relative or unset TMPDIR and dedupes", () => {
    const excluded = sandboxPolicyFromMode("workspace-write", {
      exclude_slash_tmp: true,
      exclude_tmpdir_env_var: true,
    });
    expect(
      writableRoots(excluded, "/w", { TMPDIR: "/var/tmp/me" }, "/h").map((r) => r.root),
    ).toEqual(["/w"]);
    const ws = sandboxPolicyFromMode("workspace-write", { writable_roots: ["/w", "/tmp/"] });
    expect(writableRoots(ws, "/w", { TMPDIR: "relative" }, "/h").map((r) => r.root)).toEqual([
      "/w",
      "/tmp",
    ]);
    expect(writableRoots(ws, "/w", {}, "/h").map((r) => r.root)).toEqual(["/w", "/tmp"]);
  });
});

describe("canWritePath", () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "codex-policy-")));
  const ws = join(base, "ws");
  const outside = join(base, "outside");
  mkdirSync(join(ws, ".git"), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.txt"), "s");
  symlinkSync(outside, join(ws, "escape-dir"));
  symlinkSync(join(outside, "secret.txt"), join(ws, "escape-file"));
  writeFileSync(join(ws, "shared.txt"), "x");
  linkSync(join(ws, "shared.txt"), join(outside, "shared-link.txt"));
  const ctx = { cwd: ws, env: {}, codexHome: join(base, "home") };
  const policy = sandboxPolicyFromMode("workspace-write", {
    exclude_slash_tmp: true,
    exclude_tmpdir_env_var: true,
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("allows new and existing files inside the cwd, relative or absolute", () => {
    expect(canWritePath("src/new/file.ts", policy, ctx)).toBe(true);
    expect(canWritePath(join(ws, "a.txt"), policy, ctx)).toBe(true);
  });

  it("refuses paths outside the roots, including via .. and symlinks", () => {
    expect(canWritePath(join(outside, "x"), policy, ctx)).toBe(false);
    expect(canWritePath("../outside/x", policy, ctx)).toBe(false);
    expect(canWritePath("escape-dir/new.txt", policy, ctx)).toBe(false);
    expect(canWritePath("escape-file", policy, ctx)).toBe(false);
  });

  it("refuses protected paths whether or not they exist yet, and hard-linked files", () => {
    expect(canWritePath(".git/config", policy, ctx)).toBe(false);
    expect(canWritePath(".codex/config.toml", policy, ctx)).toBe(false);
    expect(canWritePath(".agents/skill.md", policy, ctx)).toBe(false);
    expect(canWritePath("sub/.git/config", policy, ctx)).toBe(true);
    expect(canWritePath("shared.txt", policy, ctx)).toBe(false);
  });

  it("follows the policy type for read-only and full access", () => {
    expect(canWritePath("a.txt", { type: "read-only" }, ctx)).toBe(false);
    expect(canWritePath(join(outside, "x"), { type: "danger-full-access" }, ctx)).toBe(true);
  });

  it("resolveExistingPrefix resolves the existing part only", () => {
    expect(resolveExistingPrefix(join(ws, "escape-dir/missing/deeper"))).toBe(
      join(outside, "missing/deeper"),
    );
  });

  it("hasFullNetworkAccess", () => {
    expect(hasFullNetworkAccess({ type: "read-only" })).toBe(false);
    expect(hasFullNetworkAccess(policy)).toBe(false);
    expect(
      hasFullNetworkAccess(sandboxPolicyFromMode("workspace-write", { network_access: true })),
    ).toBe(true);
    expect(hasFullNetworkAccess({ type: "danger-full-access" })).toBe(true);
  });
});
