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
      "--strict-config",
      "Error out when config.toml contains fields that are not recognized",
    );
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
  strictConfig?: boolean;
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
  };
}
