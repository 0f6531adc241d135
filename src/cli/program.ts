// The command tree. Every action imports its implementation lazily.
import { Command, CommanderError, Option } from "commander";
import { CLI_VERSION } from "../version.js";
import {
  addConfigOverrideOptions,
  addSessionOptions,
  effectiveFlags,
  type SessionFlags,
} from "./shared-options.js";
import type { ExecFlags } from "./exec.js";
import type { SandboxFlags } from "./sandbox-command.js";
import { register as registerMcp } from "./commands/mcp.js";
import { register as registerMcpServer } from "./commands/mcp-server.js";
import { register as registerExecServer } from "./commands/exec-server.js";
import { register as registerAppServer } from "./app-server.js";
import { register as registerReview } from "./commands/review.js";
import { register as registerResume } from "./commands/resume.js";
import { register as registerDoctor, registerMissingCommands } from "./commands/doctor.js";

/**
 * The command tree. `argv` only decides how much of it is built: `codex exec …` as its first
 * word (how the SDK and scripts start it) never reaches another subcommand, so the rest of the
 * tree is left out and its start-up cost with it (bench/README.md).
 */
export function buildProgram(argv: readonly string[] = []): Command {
  const program = new Command("codex")
    .description("codex-ts: a terminal coding agent, compatible with the Codex CLI")
    .version(`codex-ts ${CLI_VERSION}`, "-V, --version", "Print version")
    .helpOption("-h, --help", "Print help")
    .argument("[PROMPT]", "Optional user prompt to start the session")
    .showSuggestionAfterError(true)
    .enablePositionalOptions();
  addSessionOptions(program);
  program.option("--no-alt-screen", "Run the TUI in inline mode, preserving terminal scrollback");
  program
    .option("--remote <ADDR>", "Not supported by codex-ts (remote app server)")
    .option("--remote-auth-token-env <ENV_VAR>", "Not supported by codex-ts (remote app server)")
    .option("--search", "Accepted for compatibility; codex-ts has no web search tool")
    .option("--no-daemon", "Accepted for compatibility; codex-ts never uses a background server");
  program.action(async (prompt: string | undefined, _flags: SessionFlags, cmd: Command) => {
    const flags = effectiveFlags<SessionFlags & { remote?: string }>(cmd);
    if (flags.remote !== undefined) {
      process.stderr.write(
        "error: --remote is not supported by codex-ts: it has no app server to connect to.\n",
      );
      process.exitCode = 2;
      return;
    }
    const { preflight } = await import("./preflight.js");
    const problem = await preflight(flags);
    if (problem !== null) {
      process.stderr.write(`${problem}\n`);
      process.exitCode = 1;
      return;
    }
    const { runInteractive } = await import("./interactive.js");
    // Its sessions are shut down by now; idle keep-alive sockets must not hold the exit.
    exitWith(await runInteractive(prompt, flags));
  });

  const exec = new Command("exec")
    .alias("e")
    .description("Run Codex non-interactively")
    .argument(
      "[PROMPT]",
      "Initial instructions for the agent. If not provided as an argument (or if `-` is used), instructions are read from stdin. If stdin is piped and a prompt is also provided, stdin is appended as a `<stdin>` block",
    )
    .enablePositionalOptions()
    .passThroughOptions();
  addExecOutputOptions(addSessionOptions(exec)).action(
    async (prompt: string | undefined, _flags: unknown, cmd: Command) => {
      const { runExec } = await import("./exec.js");
      exitWith(await runExec(prompt, effectiveFlags<ExecFlags>(cmd)));
    },
  );

  // `exec resume` and `exec fork` pick a saved session by id or with --last (then the single
  // positional is the prompt).
  const sessionCommand = (name: "resume" | "fork", description: string) =>
    addExecOutputOptions(
      addSessionOptions(
        new Command(name)
          .description(description)
          .argument(
            "[SESSION_ID]",
            "Session id (UUID). If omitted, use --last to pick the most recent recorded session",
          )
          .argument("[PROMPT]", "Prompt to send. If `-` is used, read from stdin"),
      )
        .option("--last", "Use the most recent recorded session (in this directory first)")
        .option("--all", "With --last, consider sessions from every directory"),
    );
  const pickSession = (
    idOrPrompt: string | undefined,
    prompt: string | undefined,
    flags: { last?: boolean; all?: boolean },
  ) => {
    if (flags.last === true)
      return { prompt: prompt ?? idOrPrompt, target: { last: true, all: flags.all === true } };
    if (!idOrPrompt) {
      process.stderr.write("error: give a SESSION_ID or --last\n");
      process.exitCode = 2;
      return null;
    }
    return { prompt, target: { id: idOrPrompt } };
  };

  exec.addCommand(
    sessionCommand(
      "resume",
      "Resume a previous session by id or pick the most recent with --last",
    ).action(
      async (
        idOrPrompt: string | undefined,
        prompt: string | undefined,
        _flags: unknown,
        cmd: Command,
      ) => {
        // Options before `resume` (`exec --json -m x resume ID`) apply to the resumed run.
        const flags = effectiveFlags<ExecFlags & { last?: boolean; all?: boolean }>(cmd);
        const picked = pickSession(idOrPrompt, prompt, flags);
        if (!picked) return;
        const { runExec } = await import("./exec.js");
        exitWith(await runExec(picked.prompt, flags, picked.target));
      },
    ),
  );
  exec.addCommand(
    sessionCommand("fork", "Fork a previous session by id into a new session")
      .option(
        "--nth-user-message <N>",
        "Keep only the conversation before your Nth message (1 = the first); the new prompt takes its place",
      )
      .action(
        async (
          idOrPrompt: string | undefined,
          prompt: string | undefined,
          _flags: unknown,
          cmd: Command,
        ) => {
          const flags = effectiveFlags<
            ExecFlags & { last?: boolean; all?: boolean; nthUserMessage?: string }
          >(cmd);
          const picked = pickSession(idOrPrompt, prompt, flags);
          if (!picked) return;
          const nthUserMessage =
            flags.nthUserMessage === undefined ? undefined : Number(flags.nthUserMessage);
          const { runExec } = await import("./exec.js");
          exitWith(
            await runExec(picked.prompt, flags, { fork: { ...picked.target, nthUserMessage } }),
          );
        },
      ),
  );
  program.addCommand(exec);
  if (argv[0] === "exec" || argv[0] === "e") {
    registerReview(program); // also adds `codex exec review`
    return program;
  }

  const login = new Command("login").description("Manage login");
  addConfigOverrideOptions(login)
    .option(
      "--with-api-key",
      "Read the API key from stdin (e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`)",
    )
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
    addConfigOverrideOptions(
      new Command("logout").description("Remove stored authentication credentials"),
    ).action(async () => {
      const { runLogout } = await import("./login-command.js");
      process.exitCode = await runLogout();
    }),
  );

  program.addCommand(
    addConfigOverrideOptions(
      new Command("completion").description("Generate shell completion scripts"),
    )
      .argument("[SHELL]", "Shell to generate completions for: bash, zsh or fish", "bash")
      .action(async (shell: string) => {
        const { runCompletion } = await import("./completion.js");
        process.exitCode = runCompletion(buildProgram(), shell);
      }),
  );

  const sandboxAction =
    (platform: "linux" | "macos" | undefined) => async (command: string[], flags: SandboxFlags) => {
      const { runSandboxCommand } = await import("./sandbox-command.js");
      process.exitCode = await runSandboxCommand(platform, command, flags);
    };
  const sandboxCommand = (
    name: string,
    description: string,
    platform: "linux" | "macos" | undefined,
  ) =>
    addConfigOverrideOptions(new Command(name).description(description))
      .option(
        "--full-auto",
        "Use the workspace-write policy (writes allowed in the cwd and temp dirs)",
      )
      .option(
        "-s, --sandbox <SANDBOX_MODE>",
        "Sandbox mode: read-only, workspace-write or danger-full-access",
      )
      .option("-C, --cd <DIR>", "Working directory for the command")
      .option("-p, --profile <CONFIG_PROFILE>", "Configuration profile")
      .option("--explain", "Print the sandbox layers active on this machine and exit")
      .argument("[COMMAND...]", "The command to run (after --)")
      .enablePositionalOptions()
      .passThroughOptions()
      .action(sandboxAction(platform));

  const sandbox = sandboxCommand(
    "sandbox",
    "Run commands within a Codex-provided sandbox",
    undefined,
  );
  sandbox.addCommand(
    sandboxCommand("linux", "Run a command under the Linux sandbox (landlock + seccomp)", "linux"),
  );
  sandbox.addCommand(
    sandboxCommand("macos", "Run a command under the macOS Seatbelt sandbox", "macos"),
  );
  program.addCommand(sandbox);

  const debug = new Command("debug").description("Debugging tools").enablePositionalOptions();
  debug.addCommand(sandboxCommand("landlock", "Legacy alias of `codex sandbox linux`", "linux"));
  debug.addCommand(sandboxCommand("seatbelt", "Legacy alias of `codex sandbox macos`", "macos"));
  debug.addCommand(
    addConfigOverrideOptions(
      new Command("sandbox").description("Print the sandbox layers active on this machine"),
    ).action(async (flags: SandboxFlags) => {
      const { runSandboxCommand } = await import("./sandbox-command.js");
      process.exitCode = await runSandboxCommand(undefined, [], { ...flags, explain: true });
    }),
  );
  program.addCommand(debug);

  registerMcp(program);
  registerMcpServer(program);
  registerExecServer(program);
  registerAppServer(program);
  registerReview(program);
  registerResume(program);
  registerDoctor(program);
  registerMissingCommands(program);

  return program;
}

/**
 * End an unattended command as soon as its task is done. By then the rollout is flushed and
 * stdout/stderr writes are synchronous (files, pipes and TTYs on Linux/macOS), so the only
 * thing an ordinary exit would wait for is background warm-up work nobody needs any more.
 */
export function exitWith(code: number): never {
  process.exit(code);
}

/** Output and persistence options of `codex exec` and its session subcommands. */
function addExecOutputOptions(cmd: Command): Command {
  return (
    cmd
      .option("--skip-git-repo-check", "Allow running Codex outside a Git repository")
      .option(
        "--thread-source <SOURCE>",
        "Source classification for newly created or forked threads (accepted; codex-ts records none)",
      )
      .addOption(
        new Option(
          "--cyber-access-program <PROGRAM>",
          "Not supported by codex-ts (an OpenAI service program)",
        ).choices(["standard", "daybreak_blue", "daybreak_red"]),
      )
      .option(
        "--trust",
        "Save trust for this project (config.toml [projects]); does not override an explicitly untrusted project",
      )
      .option(
        "--ignore-user-config",
        "Do not load `$CODEX_HOME/config.toml`; auth still uses CODEX_HOME",
      )
      .option(
        "--ignore-rules",
        "Accepted for compatibility; codex-ts loads no execpolicy `.rules` files",
      )
      // The official SDK's spelling of --json (same events).
      .addOption(new Option("--experimental-json", "Print events to stdout as JSONL").hideHelp())
      .option("--ephemeral", "Run without persisting session files to disk")
      .option(
        "--output-schema <FILE>",
        "Path to a JSON Schema file describing the model's final response shape",
      )
      .option(
        "--color <COLOR>",
        "Specifies color settings for use in the output: always, never, auto",
        "auto",
      )
      .option("--json", "Print events to stdout as JSONL")
      .option(
        "-o, --output-last-message <FILE>",
        "Specifies file where the last message from the agent should be written",
      )
  );
}

/** Parse and run; usage errors exit 2 like clap, help and version exit 0. */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  const exitOverride = (err: CommanderError) => {
    if (
      err.code === "commander.helpDisplayed" ||
      err.code === "commander.version" ||
      err.code === "commander.help"
    ) {
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
