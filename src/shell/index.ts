// Shell commands: parsing scripts with tree-sitter-bash, deciding which
// commands are read-only or destructive, and showing commands as Codex does.

export { parseBashScript, parsePlainBashScript, commandPrefixesInScript } from "./parse-script.js";
export type { PlainScript, WordOptions } from "./parse-script.js";
export { isKnownSafeCommand, isSafeToExec } from "./safety.js";
export type { CommandLocation } from "./safety.js";
export {
  findDangerousCommand,
  isDangerousCommand,
  dangerousCommandRejection,
} from "./dangerous.js";
export type { DangerousCommandMatch } from "./dangerous.js";
export { commandApprovalRequirement } from "./approval.js";
export type { CommandApprovalRequirement } from "./approval.js";
export { parseCommand } from "./parse-command.js";
export { shortDisplayPath } from "./summarize.js";
export { formatCommandForDisplay, shellEscape, commandToShellArgv } from "./display.js";
export { extractShellScript, systemProgramName } from "./shell-wrapper.js";
export type { ShellInvocation, ExtractOptions } from "./shell-wrapper.js";
export { getBashParser, isBashParserLoaded } from "./bash-parser.js";
export {
  resolveBashGrammarWasm,
  resolveTreeSitterRuntimeWasm,
  ShellParserUnavailableError,
} from "./wasm-paths.js";
