// Options every session-starting command shares (the `-c`, model, sandbox … flags).
import { Option, type Command } from "commander";
import type { CliOverrides } from "../config/index.js";
import {
  APPROVAL_POLICIES,
  SANDBOX_MODES,
  type AskForApproval,
  type SandboxMode,
} from "../protocol/index.js";

const CONFIG_HELP =
  "Override a configuration value that would otherwise be loaded from `~/.codex/config.toml`. " +
  "Use a dotted path (`foo.bar.baz`) to override nested values. The `value` portion is parsed as TOML. " +
  "If it fails to parse as TOML, the raw string is used as a literal.";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `-c`, `--enable`, `--disable`: accepted by every subcommand. */
export function addConfigOverrideOptions(cmd: Command): Command {
  return cmd
    .option("-c, --config <key=value>", CONFIG_HELP, collect)
    .option(
      "--enable <FEATURE>",
      "Enable a feature (repeatable). Equivalent to `-c features.<name>=true`",
      collect,
    )
    .option(
      "--disable <FEATURE>",
      "Disable a feature (repeatable). Equivalent to `-c features.<name>=false`",
      collect,
    );
}

/** The session flags of `codex` and `codex exec`. */
export function addSessionOptions(cmd: Command): Command {
  addConfigOverrideOptions(cmd);
  return cmd
    .option("-i, --image <FILE...>", "Optional image(s) to attach to the initial prompt")
    .option("-m, --model <MODEL>", "Model the agent should use")
    .option("--oss", "Use the local open-source model provider (Ollama)")
    .option(
      "-p, --profile <CONFIG_PROFILE>",
      "Configuration profile from config.toml to specify default options",
    )
    .addOption(
      new Option(
        "-s, --sandbox <SANDBOX_MODE>",
        "Select the sandbox policy to use when executing model-generated shell commands",
      ).choices(SANDBOX_MODES as string[]),
    )
    .addOption(
      new Option(
        "-a, --ask-for-approval <APPROVAL_POLICY>",
        "Configure when the model requires human approval before executing a command",
      ).choices(APPROVAL_POLICIES as string[]),
    )
    .option(
      "--full-auto",
      "Convenience alias for low-friction sandboxed automatic execution (-a on-request, --sandbox workspace-write)",
    )
    .option(
      "--dangerously-bypass-approvals-and-sandbox",
      "Skip all confirmation prompts and execute commands without sandboxing. EXTREMELY DANGEROUS. Intended solely for running in environments that are externally sandboxed",
    )
    .option("-C, --cd <DIR>", "Tell the agent to use the specified directory as its working root")
    .option(
      "--add-dir <DIR>",
      "Additional directories that should be writable alongside the primary workspace",
      collect,
    )
    .option("--strict-config", "Error out when config.toml contains fields that are not recognized")
    .addOption(
      new Option(
        "--local-provider <OSS_PROVIDER>",
        "Which local provider to use with --oss (only ollama is supported)",
      ).choices(["ollama", "lmstudio"]),
    )
    .option(
      "--dangerously-bypass-hook-trust",
      "Accepted for compatibility; codex-ts runs no hooks, so there is nothing to trust",
    )
    .option("--approve-for-me", "Not supported by codex-ts (needs Codex's automatic reviewer)")
    .option("--worktree", "Not supported by codex-ts (managed Git worktrees)");
}

export interface SessionFlags {
  config?: string[];
  enable?: string[];
  disable?: string[];
  image?: string[];
  model?: string;
  oss?: boolean;
  profile?: string;
  sandbox?: SandboxMode;
  askForApproval?: AskForApproval;
  fullAuto?: boolean;
  dangerouslyBypassApprovalsAndSandbox?: boolean;
  cd?: string;
  addDir?: string[];
  strictConfig?: boolean;
  localProvider?: string;
  dangerouslyBypassHookTrust?: boolean;
  approveForMe?: boolean;
  worktree?: boolean;
  ignoreUserConfig?: boolean;
}

/** Map parsed flags onto the config loader's overrides. */
export function toCliOverrides(flags: SessionFlags): CliOverrides {
  const raw = [
    ...(flags.config ?? []),
    ...(flags.enable ?? []).map((f) => `features.${f}=true`),
    ...(flags.disable ?? []).map((f) => `features.${f}=false`),
  ];
  return {
    model: flags.model,
    profile: flags.profile,
    sandboxMode: flags.sandbox,
    approvalPolicy: flags.askForApproval,
    cwd: flags.cd,
    oss: flags.oss,
    fullAuto: flags.fullAuto,
    dangerouslyBypassApprovalsAndSandbox: flags.dangerouslyBypassApprovalsAndSandbox,
    rawOverrides: raw,
    strictConfig: flags.strictConfig,
    ignoreUserConfig: flags.ignoreUserConfig,
    additionalWritableRoots: flags.addDir,
  };
}

/**
 * Flags Codex 0.169 has that need something codex-ts does not have. Returns the message to
 * print, or null when every given flag can be honoured.
 */
export function unsupportedFlagMessage(flags: SessionFlags): string | null {
  if (flags.approveForMe)
    return "error: --approve-for-me is not supported by codex-ts: it routes approvals through Codex's automatic reviewer model. Use -a/--ask-for-approval or --full-auto instead.";
  if (flags.worktree)
    return "error: --worktree is not supported by codex-ts (managed Git worktrees). Create one with `git worktree add` and pass it with -C/--cd.";
  if (flags.localProvider === "lmstudio")
    return "error: --local-provider lmstudio is not supported by codex-ts; only ollama is (set CODEX_OSS_BASE_URL to point --oss at another OpenAI-compatible server).";
  return null;
}

/** The option keys whose values add up across levels instead of replacing each other. */
const REPEATABLE = new Set(["config", "enable", "disable", "image", "addDir"]);

/**
 * The flags that apply to `cmd`: its own, plus every option given before it on the command line
 * (`codex -m x exec …`, `codex exec --json -c k=v resume ID`), as Codex applies them. A value
 * given closer to the subcommand wins; repeatable options add up in command-line order; a
 * default only counts when nobody gave the option.
 */
export function effectiveFlags<T extends object>(cmd: Command): T {
  const chain: Command[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) chain.unshift(c);
  const out: Record<string, unknown> = {};
  const explicit = new Set<string>();
  for (const c of chain) {
    const values = c.opts();
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const source = c.getOptionValueSource(key);
      const given = source !== undefined && source !== "default" && source !== "implied";
      if (!given) {
        // A default: fill in only what no level has set.
        if (!explicit.has(key)) out[key] = value;
        continue;
      }
      if (
        REPEATABLE.has(key) &&
        explicit.has(key) &&
        Array.isArray(out[key]) &&
        Array.isArray(value)
      )
        out[key] = [...(out[key] as unknown[]), ...value];
      else out[key] = value;
      explicit.add(key);
    }
  }
  return out as T;
}
