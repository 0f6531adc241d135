// The specs (JSON schemas sent to the model) of the tools whose implementations are heavy —
// shell, exec_command/write_stdin, apply_patch. They live apart from the handlers so building
// the first request loads only these; the handlers (exec runner, sandbox, apply-patch engine)
// load when a call runs (./lazy-handler.ts).
import type { ToolSpec } from "../model/index.js";
import { functionSpec } from "./function-spec.js";

export function shellSpec(name: "shell" | "local_shell"): ToolSpec {
  if (name === "local_shell") return { type: "local_shell" };
  return functionSpec(
    "shell",
    'Run a command and return its output. `command` is an argv array, usually ["bash", "-lc", "<script>"]. ' +
      "Set `workdir` instead of using `cd`. Commands run in the user's sandbox; to run outside it, set " +
      "`with_escalated_permissions` and give a one-sentence `justification` (only honoured when the approval policy allows asking).",
    {
      command: {
        type: "array",
        items: { type: "string" },
        description: "The command to run, as argv.",
      },
      workdir: { type: "string", description: "Working directory for the command." },
      timeout_ms: { type: "number", description: "Timeout in milliseconds." },
      with_escalated_permissions: {
        type: "boolean",
        description: "Run without the sandbox (needs approval).",
      },
      justification: { type: "string", description: "Why escalated permissions are needed." },
    },
    ["command"],
  );
}

const num = (description: string) => ({ type: "number", description });

export function execCommandSpec(): ToolSpec {
  return functionSpec(
    "exec_command",
    "Run a shell command (by default `bash -lc <cmd>` with pipes) and return its output. If it is still running after " +
      "`yield_time_ms`, you get a session id: poll or send input with write_stdin. Use `tty: true` for interactive programs. " +
      "To run outside the sandbox set `sandbox_permissions` to `require_escalated` with a one-sentence `justification`.",
    {
      cmd: { type: "string", description: "Shell command to run." },
      justification: {
        type: "string",
        description: "Why the command needs to run outside the sandbox.",
      },
      login: { type: "boolean", description: "Run the shell as a login shell (default true)." },
      max_output_tokens: num("Maximum tokens of output to return (default 10000)."),
      prefix_rule: {
        type: "array",
        items: { type: "string" },
        description: "Command prefix to approve for the session.",
      },
      sandbox_permissions: {
        type: "string",
        enum: ["use_default", "require_escalated"],
        description: "`require_escalated` asks to run outside the sandbox.",
      },
      shell: { type: "string", description: "Shell binary (default /bin/bash)." },
      tty: {
        type: "boolean",
        description: "Allocate a pseudo-terminal (default false: pipes).",
      },
      workdir: { type: "string", description: "Working directory (default: the session's)." },
      yield_time_ms: num("How long to wait for output before returning (default 10000)."),
    },
    ["cmd"],
  );
}

export function writeStdinSpec(): ToolSpec {
  return functionSpec(
    "write_stdin",
    "Write characters to a running exec_command session and return recent output. Empty `chars` just polls for output.",
    {
      chars: { type: "string", description: "Characters to write (may be empty to poll)." },
      max_output_tokens: num("Maximum tokens of output to return."),
      session_id: num("Session id returned by exec_command."),
      yield_time_ms: num("How long to wait for output before returning."),
    },
    ["session_id"],
  );
}

export const APPLY_PATCH_LARK_GRAMMAR = `start: begin_patch hunk+ end_patch
begin_patch: "*** Begin Patch" LF
end_patch: "*** End Patch" LF?

hunk: add_hunk | delete_hunk | update_hunk
add_hunk: "*** Add File: " filename LF add_line+
delete_hunk: "*** Delete File: " filename LF
update_hunk: "*** Update File: " filename LF change_move? change?

filename: /(.+)/
add_line: "+" /(.*)/ LF -> line

change_move: "*** Move to: " filename LF
change: (change_context | change_line)+ eof_line?
change_context: ("@@" | "@@ " /(.+)/) LF
change_line: ("+" | "-" | " ") /(.*)/ LF
eof_line: "*** End of File" LF

%import common.LF
`;

const APPLY_PATCH_DESCRIPTION =
  "Edit files with a patch. The patch starts with `*** Begin Patch` and ends with `*** End Patch`. " +
  "Sections: `*** Add File: PATH` followed by `+` lines; `*** Delete File: PATH`; " +
  "`*** Update File: PATH` (optionally `*** Move to: NEW_PATH`) followed by hunks that start with `@@` " +
  "(optionally `@@ <line to seek to>`), where unchanged context lines start with a space, removed lines with `-` " +
  "and added lines with `+`. Give about three lines of context around each change. Paths are relative to the working directory.";

export function applyPatchSpec(kind: "freeform" | "function"): ToolSpec {
  if (kind === "freeform") {
    return {
      type: "custom",
      name: "apply_patch",
      description: APPLY_PATCH_DESCRIPTION,
      format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
    };
  }
  return functionSpec(
    "apply_patch",
    APPLY_PATCH_DESCRIPTION,
    { input: { type: "string", description: "The entire patch text." } },
    ["input"],
  );
}
