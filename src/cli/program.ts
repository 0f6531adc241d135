// The command tree. Every action imports its implementation lazily.
import { Command, CommanderError } from "commander";
import { CLI_VERSION } from "../version.js";
import { addConfigOverrideOptions, addSessionOptions, type SessionFlags } from "./shared-options.js";

export function buildProgram(): Command {
  const program = new Command("codex")
    .description("codex-ts: a terminal coding agent, compatible with the Codex CLI")
    .version(`codex-ts ${CLI_VERSION}`, "-V, --version", "Print version")
    .helpOption("-h, --help", "Print help")
    .argument("[PROMPT]", "Optional user prompt to start the session")
    .showSuggestionAfterError(true)
    .enablePositionalOptions();
  addSessionOptions(program);
  program.option("--no-alt-screen", "Run the TUI in inline mode, preserving terminal scrollback");
  program.action(async (prompt: string | undefined, flags: SessionFlags) => {
    const { runInteractive } = await import("./interactive.js");
    process.exitCode = await runInteractive(prompt, flags);
  });

  const exec = new Command("exec")
    .alias("e")
    .description("Run Codex non-interactively")
    .argument(
      "[PROMPT]",
      "Initial instructions for the agent. If not provided as an argument (or if `-` is used), instructions are read from stdin. If stdin is piped and a prompt is also provided, stdin is appended as a `<stdin>` block",
    )
    .passThroughOptions();
  addSessionOptions(exec)
    .option("--skip-git-repo-check", "Allow running Codex outside a Git repository")
    .option("--ephemeral", "Run without persisting session files to disk")
    .option("--output-schema <FILE>", "Path to a JSON Schema file describing the model's final response shape")
    .option("--color <COLOR>", "Specifies color settings for use in the output: always, never, auto", "auto")
    .option("--json", "Print events to stdout as JSONL")
    .option("-o, --output-last-message <FILE>", "Specifies file where the last message from the agent should be written")
    .action(async (prompt: string | undefined, flags) => {
      const { runExec } = await import("./exec.js");
      process.exitCode = await runExec(prompt, flags);
    });
  program.addCommand(exec);

  const login = new Command("login").description("Manage login");
  addConfigOverrideOptions(login)
    .option("--with-api-key", "Read the API key from stdin (e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`)")
    .action(async (flags: { withApiKey?: boolean }) => {
      const { runLogin } = await import("./login-command.js");
      process.exitCode = await runLogin(flags);
    });
  login
    .command("status")
    .description("Show login status")
    .action(async () => {
      const { runLoginStatus } = await import("./login-command.js");
      process.exitCode = await runLoginStatus();
    });
  program.addCommand(login);

  program.addCommand(
    addConfigOverrideOptions(new Command("logout").description("Remove stored authentication credentials")).action(
      async () => {
        const { runLogout } = await import("./login-command.js");
        process.exitCode = await runLogout();
      },
    ),
  );

  program.addCommand(
    addConfigOverrideOptions(new Command("completion").description("Generate shell completion scripts"))
      .argument("[SHELL]", "Shell to generate completions for: bash, zsh or fish", "bash")
      .action(async (shell: string) => {
        const { runCompletion } = await import("./completion.js");
        process.exitCode = runCompletion(buildProgram(), shell);
      }),
  );

  return program;
}

/** Parse and run; usage errors exit 2 like clap, help and version exit 0. */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  const exitOverride = (err: CommanderError) => {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
      process.exit(0);
    }
    process.exit(2);
  };
  const apply = (cmd: Command) => {
    cmd.exitOverride(exitOverride);
    cmd.commands.forEach(apply);
  };
  apply(program);
  await program.parseAsync(argv, { from: "user" });
}
