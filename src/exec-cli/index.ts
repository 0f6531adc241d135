// Output layer of `codex exec`: prompt input, the `--json` JSONL stream, the human output.
export type {
  EventProcessor,
  ExecResult,
  HeaderConfig,
  HeaderSummary,
  TextSink,
  TurnOutcome,
} from "./types.js";
export type * from "./thread-events.js";
export { JsonlEventProcessor } from "./jsonl.js";
export { HumanEventProcessor, type HumanOutputOptions } from "./human.js";
export { resolveColor, type ColorMode } from "./ansi.js";
export {
  resolveExecPrompt,
  appendStdinBlock,
  readAllText,
  NO_PROMPT_TTY_MESSAGE,
  NO_PROMPT_STDIN_MESSAGE,
  type PromptResolution,
  type ResolveExecPromptOptions,
} from "./prompt-input.js";
export { readOutputSchema, writeLastMessage, OutputSchemaError } from "./output-files.js";
export { formatDuration, formatThousands, summarizeSandbox } from "./human-format.js";
