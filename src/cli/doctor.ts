// `codex doctor`: a diagnostics report like Codex's (human, or `--json` with the same
// `schemaVersion`/`overallStatus`/`checks` shape). It never starts a model turn and never writes
// a file; the only network use is one GET to the provider's models route.
import { loadConfig, ConfigError, resolveCodexHome } from "../config/index.js";
import { CLI_VERSION } from "../version.js";
import {
  authCheck,
  configCheck,
  configFailure,
  gitCheck,
  logDir,
  mcpCheck,
  reachabilityCheck,
  runtimeCheck,
  sandboxCheck,
  shellCheck,
  stateCheck,
  type DoctorCheck,
} from "./doctor-checks.js";

export interface DoctorFlags {
  config?: string[];
  enable?: string[];
  disable?: string[];
  profile?: string;
  json?: boolean;
  networkOnly?: boolean;
  summary?: boolean;
}

const REACHABILITY_TIMEOUT_MS = 5000;

/** Sections of the human report, in Codex's order, and which categories each holds. */
const SECTIONS: [string, string[]][] = [
  ["Environment", ["runtime", "state", "shell", "git"]],
  ["Configuration", ["config", "auth", "mcp", "sandbox"]],
  ["Connectivity", ["reachability"]],
];

export async function collectChecks(flags: DoctorFlags): Promise<DoctorCheck[]> {
  const rawOverrides = [
    ...(flags.config ?? []),
    ...(flags.enable ?? []).map((f) => `features.${f}=true`),
    ...(flags.disable ?? []).map((f) => `features.${f}=false`),
  ];
  const codexHome = resolveCodexHome(process.env, process.cwd());
  const checks: Promise<DoctorCheck>[] = flags.networkOnly
    ? []
    : [runtimeCheck(), stateCheck(codexHome), shellCheck()];
  try {
    const { config } = await loadConfig({
      cli: { rawOverrides, profile: flags.profile },
      defaults: { approvalPolicy: "never" },
    });
    if (flags.networkOnly)
      checks.push(
        configCheck(config, config.activeProfile),
        reachabilityCheck(config, REACHABILITY_TIMEOUT_MS),
      );
    else
      checks.push(
        gitCheck(config.cwd),
        configCheck(config, config.activeProfile),
        authCheck(config),
        mcpCheck(config),
        sandboxCheck(config),
        reachabilityCheck(config, REACHABILITY_TIMEOUT_MS),
      );
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    checks.push(gitCheck(process.cwd()), configFailure(e.message, codexHome));
  }
  return Promise.all(checks);
}

function overall(checks: DoctorCheck[]): "ok" | "warning" | "fail" {
  if (checks.some((c) => c.status === "fail")) return "fail";
  if (checks.some((c) => c.status === "warning")) return "warning";
  return "ok";
}

const MARK = { ok: "[ok]", warning: "[!!]", fail: "[xx]" } as const;
const RULE = "-".repeat(61);

export function renderHuman(checks: DoctorCheck[], codexHome: string, summary = false): string {
  const out: string[] = [
    `Codex Doctor (codex-ts v${CLI_VERSION}) · ${process.platform}-${process.arch}`,
    "",
  ];
  for (const [title, categories] of SECTIONS) {
    const inSection = checks.filter((c) => categories.includes(c.category));
    if (inSection.length === 0) continue;
    out.push(title);
    for (const c of inSection) {
      out.push(`  ${MARK[c.status]} ${c.category.padEnd(12)} ${c.summary}`);
      if (summary) continue;
      for (const [k, v] of Object.entries(c.details)) out.push(`      ${k.padEnd(24)} ${v}`);
      if (c.remediation) out.push(`      ${"fix".padEnd(24)} ${c.remediation}`);
    }
    out.push("");
  }
  const count = (s: DoctorCheck["status"]) => checks.filter((c) => c.status === s).length;
  out.push(RULE);
  out.push(`${count("ok")} ok | ${count("warning")} warn | ${count("fail")} fail`);
  out.push("");
  out.push(
    `Troubleshooting: logs go to ${logDir(codexHome)}/codex-ts.log (warnings by default); for more,`,
  );
  out.push(`run with CODEX_LOG=debug (or RUST_LOG=…), e.g. CODEX_LOG=debug codex exec "…"`);
  out.push("--json redacted report");
  return `${out.join("\n")}\n`;
}

export function renderJson(checks: DoctorCheck[], codexHome: string): string {
  const byId: Record<string, DoctorCheck> = {};
  for (const c of [...checks].sort((a, b) => (a.id < b.id ? -1 : 1))) byId[c.id] = c;
  const report = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    overallStatus: overall(checks),
    codexVersion: CLI_VERSION,
    logDir: logDir(codexHome),
    checks: byId,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Exit status: 0 unless a check failed (warnings are advice), as Codex's doctor. */
export async function runDoctor(flags: DoctorFlags): Promise<number> {
  const checks = await collectChecks(flags);
  const codexHome = resolveCodexHome(process.env, process.cwd());
  process.stdout.write(
    flags.json
      ? renderJson(checks, codexHome)
      : renderHuman(checks, codexHome, flags.summary === true),
  );
  return overall(checks) === "fail" ? 1 : 0;
}
