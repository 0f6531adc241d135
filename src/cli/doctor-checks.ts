// The checks behind `codex doctor`. Each returns a DoctorCheck shaped like Codex's report entries
// (id, category, status, summary, details, remediation); none prints anything or writes a file,
// and secrets are reported only as present/absent.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { MissingApiKeyError, authFilePath, resolveApiKey } from "../auth/index.js";
import type { Config } from "../config/types.js";
import { detectSandboxBackend } from "../sandbox/index.js";
import { CLI_VERSION } from "../version.js";
import { isRepoRootSync } from "../git/marker.js";

export type DoctorStatus = "ok" | "warning" | "fail";

export interface DoctorCheck {
  id: string;
  category: string;
  status: DoctorStatus;
  summary: string;
  details: Record<string, string>;
  remediation: string | null;
  durationMs: number;
}

type CheckBody = Omit<DoctorCheck, "durationMs">;

/** Runs one check, timing it and turning an unexpected exception into a failed entry. */
export async function timed(
  id: string,
  category: string,
  body: () => Promise<Omit<CheckBody, "id" | "category">> | Omit<CheckBody, "id" | "category">,
): Promise<DoctorCheck> {
  const start = performance.now();
  let result: Omit<CheckBody, "id" | "category">;
  try {
    result = await body();
  } catch (e) {
    result = {
      status: "fail",
      summary: `check failed: ${(e as Error).message}`,
      details: {},
      remediation: null,
    };
  }
  return { id, category, ...result, durationMs: Math.round(performance.now() - start) };
}

export function logDir(codexHome: string): string {
  return path.join(codexHome, "log");
}

export function runtimeCheck() {
  return timed("runtime.provenance", "runtime", () => ({
    status: "ok",
    summary: `codex-ts ${CLI_VERSION} on Node.js ${process.versions.node}`,
    details: {
      version: CLI_VERSION,
      node: process.versions.node,
      executable: process.argv[1] ?? "unknown",
      platform: `${process.platform}-${process.arch}`,
    },
    remediation: null,
  }));
}

function countRollouts(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith(".jsonl")) n++;
    }
  };
  walk(dir);
  return n;
}

export function stateCheck(codexHome: string) {
  return timed("state.paths", "state", () => {
    const logs = logDir(codexHome);
    return {
      status: "ok",
      summary: "state paths are inspectable",
      details: {
        CODEX_HOME: `${codexHome} (${existsSync(codexHome) ? "dir" : "missing"})`,
        "log dir": `${logs} (${existsSync(logs) ? "dir" : "missing"})`,
        "active rollouts": `${countRollouts(path.join(codexHome, "sessions"))} files`,
      },
      remediation: null,
    };
  });
}

export function configCheck(config: Config, activeProfile: string | undefined) {
  return timed("config.load", "config", () => ({
    status: "ok",
    summary: "config loaded",
    details: {
      CODEX_HOME: config.codexHome,
      "config.toml": `${config.configPath}${existsSync(config.configPath) ? "" : " (missing; defaults used)"}`,
      "config.toml parse": "ok",
      profile: activeProfile ?? "none",
      model: config.model,
      "model provider": config.modelProviderId,
      cwd: config.cwd,
      "mcp servers": String(Object.keys(config.mcpServers).length),
      "log dir": logDir(config.codexHome),
    },
    remediation: null,
  }));
}

export function configFailure(message: string, codexHome: string) {
  return timed("config.load", "config", () => ({
    status: "fail",
    summary: "config could not be loaded",
    details: { error: message, "config.toml": path.join(codexHome, "config.toml") },
    remediation: "Fix the line the error names, or move config.toml aside to start from defaults.",
  }));
}

export function authCheck(config: Config) {
  return timed("auth.credentials", "auth", () => {
    const authFile = authFilePath(config.codexHome);
    const details: Record<string, string> = {
      "model provider": config.modelProviderId,
      "env key": config.modelProvider.envKey ?? "none",
      "auth file": `${authFile} (${existsSync(authFile) ? "present" : "missing"})`,
    };
    if (existsSync(authFile) && process.platform !== "win32") {
      const mode = statSync(authFile).mode & 0o777;
      details["auth file mode"] = mode.toString(8).padStart(4, "0");
      if ((mode & 0o077) !== 0)
        return {
          status: "warning" as const,
          summary: "auth.json is readable by other users",
          details,
          remediation: `chmod 600 ${authFile}`,
        };
    }
    try {
      const resolved = resolveApiKey(
        config.modelProvider,
        config.modelProviderId,
        process.env,
        config.codexHome,
      );
      details["key source"] = resolved.source;
      return {
        status: "ok" as const,
        summary:
          resolved.key === undefined
            ? "the active model provider needs no API key"
            : `API key found (${resolved.source})`,
        details,
        remediation: null,
      };
    } catch (e) {
      if (!(e instanceof MissingApiKeyError)) throw e;
      return { status: "fail" as const, summary: "no API key", details, remediation: e.message };
    }
  });
}

/** One GET to the provider's models route: any HTTP answer means the endpoint is reachable. */
export function reachabilityCheck(config: Config, timeoutMs: number) {
  return timed("network.provider_reachability", "reachability", async () => {
    const url = `${config.modelProvider.baseUrl}/models`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      return {
        status: "ok" as const,
        summary: "active provider endpoint is reachable over HTTP",
        details: { "provider URL": `${url} reachable (HTTP ${res.status})` },
        remediation: null,
      };
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
      return {
        status: "fail" as const,
        summary: "active provider endpoint is not reachable",
        details: { "provider URL": `${url} unreachable (${cause})` },
        remediation: `Check the network, proxy settings and the provider's base_url (${config.modelProvider.baseUrl}).`,
      };
    }
  });
}

export function sandboxCheck(config: Config) {
  return timed("sandbox.backend", "sandbox", async () => {
    const backend = await detectSandboxBackend({ helperPath: config.codexLinuxSandboxExe });
    const details: Record<string, string> = {
      "sandbox mode": config.sandboxMode,
      "approval policy": config.approvalPolicy,
      backend: backend.kind,
    };
    if (backend.kind === "linux-helper") {
      details["linux helper"] = backend.helperPath;
      details["landlock ABI"] = String(backend.landlockAbi);
      details["user namespaces"] = backend.userNamespaces ? "available" : "unavailable";
    } else if (backend.kind === "bwrap") details.bwrap = backend.bwrapPath;
    else if (backend.kind === "seatbelt") details["sandbox-exec"] = backend.sandboxExecPath;
    else details.reason = backend.reason;
    const restricted = config.sandboxMode !== "danger-full-access";
    if (backend.kind === "none" && restricted)
      return {
        status: "fail" as const,
        summary: `no sandbox can enforce ${config.sandboxMode} on this machine`,
        details,
        remediation:
          "Build the helper with `npm run build`, install bubblewrap, or run in an externally sandboxed environment with --sandbox danger-full-access.",
      };
    return {
      status: "ok" as const,
      summary: `${config.sandboxMode} via ${backend.kind === "none" ? "no sandbox" : backend.kind}`,
      details,
      remediation: null,
    };
  });
}

export function shellCheck() {
  return timed("shell.environment", "shell", () => {
    const shell = process.env.SHELL;
    const found = shell !== undefined && existsSync(shell);
    return {
      status: found ? ("ok" as const) : ("warning" as const),
      summary: found
        ? `login shell ${shell}`
        : "SHELL is not set to an existing file; /bin/bash is used",
      details: {
        SHELL: shell ?? "not set",
        "bash present": existsSync("/bin/bash") ? "yes" : "no",
      },
      remediation: found ? null : "Set SHELL to your shell (e.g. export SHELL=/bin/bash).",
    };
  });
}

function gitVersion(cwd: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile("git", ["--version"], { cwd, timeout: 5000 }, (err, stdout) =>
      resolve(err ? null : stdout.trim()),
    );
  });
}

function inRepo(dir: string): boolean {
  for (let cur = dir; ; cur = path.dirname(cur)) {
    if (isRepoRootSync(cur)) return true;
    if (path.dirname(cur) === cur) return false;
  }
}

export function gitCheck(cwd: string) {
  return timed("git.environment", "git", async () => {
    const version = await gitVersion(cwd);
    return {
      status: version ? ("ok" as const) : ("warning" as const),
      summary: version ? `${version} found` : "git not found on PATH",
      details: { git: version ?? "not found", "repo detected": String(inRepo(cwd)) },
      remediation: version
        ? null
        : "Install git: undo snapshots, reviews and `codex exec`'s repo check use it.",
    };
  });
}

/** Starts every enabled MCP server (bounded by its startup timeout) and stops it again. */
export function mcpCheck(config: Config) {
  return timed("mcp.config", "mcp", async () => {
    const enabled = Object.entries(config.mcpServers).filter(([, s]) => s.enabled);
    if (enabled.length === 0)
      return {
        status: "ok" as const,
        summary: "no MCP servers configured",
        details: {},
        remediation: null,
      };
    const { McpConnectionManager } = await import("../mcp/index.js");
    const manager = new McpConnectionManager(config.mcpServers, {
      env: process.env,
      cwd: config.cwd,
      clientVersion: CLI_VERSION,
      log: () => {},
    });
    const failures: string[] = [];
    try {
      await manager.start((m) => failures.push(m));
    } catch (e) {
      failures.push((e as Error).message);
    }
    const details: Record<string, string> = {};
    const up = new Set(manager.connectionNames());
    const toolCount = new Map<string, number>();
    for (const b of manager.toolBindings())
      toolCount.set(b.server, (toolCount.get(b.server) ?? 0) + 1);
    for (const [name] of enabled)
      details[name] = up.has(name) ? `started (${toolCount.get(name) ?? 0} tools)` : "failed";
    for (const f of manager.startupFailures()) details[f.server] = `failed: ${f.message}`;
    await manager.shutdown();
    const failed = enabled.length - up.size;
    return {
      status: failed > 0 ? ("warning" as const) : ("ok" as const),
      summary:
        failed > 0
          ? `${failed} of ${enabled.length} MCP servers failed to start`
          : `${enabled.length} MCP servers started`,
      details,
      remediation: failed > 0 ? "Run the server's command by hand to see why it fails." : null,
    };
  });
}
