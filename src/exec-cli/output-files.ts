// The two files `codex exec` deals with besides stdio: `--output-schema FILE` (read) and
// `-o/--output-last-message FILE` (written).
import { readFile, writeFile } from "node:fs/promises";
import { locateJsonError } from "./json-error-location.js";

/** A user-facing problem with `--output-schema`; the message names the file and the fix. */
export class OutputSchemaError extends Error {
  override name = "OutputSchemaError";
}

const READ_FAILURES: Record<string, string> = {
  ENOENT: "the file does not exist",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
};

/** Reads and parses the JSON Schema file; throws OutputSchemaError with a clear message. */
export async function readOutputSchema(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    const why = READ_FAILURES[code] ?? (err as Error).message;
    throw new OutputSchemaError(
      `Cannot read output schema file ${file}: ${why}. Pass the path of a JSON Schema file to --output-schema.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const at = locateJsonError(text);
    const where = at
      ? `${at.reason} at line ${at.line}, column ${at.column}`
      : (err as Error).message;
    throw new OutputSchemaError(`Output schema file ${file} is not valid JSON: ${where}.`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    const found =
      parsed === null ? "null" : Array.isArray(parsed) ? "an array" : `a ${typeof parsed}`;
    throw new OutputSchemaError(
      `Output schema file ${file} must contain a JSON object (a JSON Schema), but it holds ${found}.`,
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * Writes the last agent message exactly, with no trailing newline added (as Codex does).
 * A missing message writes an empty file. Errors from the file system propagate.
 */
export async function writeLastMessage(file: string, text: string | null): Promise<void> {
  await writeFile(file, text ?? "", "utf8");
}
