// The environment of this machine: today's behaviour, behind the seam. The exec runner and the
// sandbox load on the first command, not when a session starts: a plain answer runs none.
import { promises as fs } from "node:fs";
import { homedir, tmpdir } from "node:os";
import type { RunOptions } from "../exec/runner.js";
import type {
  CommandSpec,
  Environment,
  EnvironmentFs,
  EnvironmentInfo,
  EnvironmentPlan,
} from "./types.js";

const localFs: EnvironmentFs = {
  readFile: (p) => fs.readFile(p),
  writeFile: (p, data) => fs.writeFile(p, data),
  stat: async (p) => {
    const link = await fs.lstat(p);
    const st = link.isSymbolicLink() ? await fs.stat(p) : link;
    return {
      isFile: st.isFile(),
      isDirectory: st.isDirectory(),
      isSymlink: link.isSymbolicLink(),
      size: st.size,
      mtimeMs: st.mtimeMs,
    };
  },
  readdir: async (p) =>
    (await fs.readdir(p, { withFileTypes: true })).map((e) => ({
      name: e.name,
      isDirectory: e.isDirectory(),
      isFile: e.isFile(),
    })),
  mkdir: async (p, opts) => {
    await fs.mkdir(p, { recursive: opts?.recursive ?? false });
  },
  remove: (p, opts) => fs.rm(p, { recursive: opts?.recursive ?? false, force: opts?.force }),
  realpath: (p) => fs.realpath(p),
};

export class LocalEnvironment implements Environment {
  readonly kind = "local" as const;
  readonly fs = localFs;

  async info(): Promise<EnvironmentInfo> {
    return {
      kind: "local",
      location: "",
      cwd: process.cwd(),
      shell: process.env.SHELL || "/bin/bash",
      platform: process.platform,
      homeDir: homedir(),
      tempDir: tmpdir(),
    };
  }

  async baseEnv(): Promise<Record<string, string | undefined>> {
    return process.env;
  }

  async plan(spec: CommandSpec): Promise<EnvironmentPlan> {
    const [{ buildSpawnPlan }, { detectSandboxBackend }] = await Promise.all([
      import("../sandbox/transform.js"),
      import("../sandbox/detect.js"),
    ]);
    return buildSpawnPlan({
      command: spec.command,
      cwd: spec.cwd,
      policy: spec.policy,
      env: spec.env,
      codexHome: spec.codexHome,
      // Detection is cached per process by the sandbox module.
      backend: await detectSandboxBackend({ helperPath: spec.helperPath }),
    });
  }

  async run(plan: EnvironmentPlan, options?: RunOptions) {
    const { runProcess } = await import("../exec/runner.js");
    return runProcess(plan, options);
  }

  async startSession(plan: EnvironmentPlan, tty: boolean, onData: (chunk: Buffer) => void) {
    const { startSessionProcess } = await import("../exec/session-process.js");
    return startSessionProcess(plan, tty, onData);
  }

  async dispose(): Promise<void> {
    // Local processes belong to the session's resource scope, which ends them.
  }
}
