import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  configSetsSandbox,
  flagsChoosePolicy,
  recordTrust,
  recordedTrust,
  trustRoot,
} from "./trust.js";

describe("trust", () => {
  it("records trust in config.toml, keeping comments and other tables", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "trust-"));
    try {
      const file = path.join(dir, "config.toml");
      writeFileSync(file, '# keep me\nmodel = "o3" # inline\n\n[notice]\nhide = true\n');
      recordTrust(file, "/work/my repo", "trusted");
      const text = readFileSync(file, "utf8");
      expect(text).toContain("# keep me");
      expect(text).toContain('model = "o3" # inline');
      expect(text).toContain('[projects."/work/my repo"]');
      expect(text).toContain('trust_level = "trusted"');
      expect(configSetsSandbox({ configPath: file, activeProfile: undefined })).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds recorded trust on the folder or an ancestor, and the repo root to record", () => {
    const projects = { "/a/repo": { trustLevel: "trusted" as const } };
    expect(recordedTrust({ projects }, "/a/repo/src/x")).toBe("trusted");
    expect(recordedTrust({ projects }, "/b")).toBeNull();
    const dir = mkdtempSync(path.join(tmpdir(), "trust-"));
    try {
      mkdirSync(path.join(dir, ".git"));
      writeFileSync(path.join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
      mkdirSync(path.join(dir, "sub"));
      expect(trustRoot(path.join(dir, "sub"))).toBe(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("policy flags skip the prompt", () => {
    expect(flagsChoosePolicy({})).toBe(false);
    expect(flagsChoosePolicy({ sandbox: "read-only" })).toBe(true);
    expect(flagsChoosePolicy({ config: ["approval_policy=never"] })).toBe(true);
  });
});
