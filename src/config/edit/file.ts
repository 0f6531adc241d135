// Reading, editing and atomically rewriting a TOML file (config.toml). A failed edit leaves the
// file untouched; a successful one replaces it in one rename, keeping its permissions.
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { TomlError } from "smol-toml";
import { TomlDocument, TomlEditError } from "./document.js";

/** Mode of a config file created by an edit: it may hold tokens in `env` tables. */
const NEW_FILE_MODE = 0o600;

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** The file a path names, following symlinks (a dotfile manager's link keeps working). */
function resolveTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function writeAtomically(target: string, text: string, mode: number): void {
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    writeFileSync(tmp, text, { mode });
    // The umask may have narrowed the mode given to writeFileSync.
    chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Apply `edit` to the TOML file at `file` (created if missing, with its directory, mode 0700)
 * and write the result back atomically if it changed. Returns what `edit` returned.
 * Throws TomlEditError for invalid input files or edits that cannot be made.
 */
export function editTomlFile<T>(file: string, edit: (doc: TomlDocument) => T): T {
  const target = resolveTarget(file);
  const before = readIfExists(target);
  let doc: TomlDocument;
  try {
    doc = new TomlDocument(before ?? "");
  } catch (e) {
    if (e instanceof TomlError)
      throw new TomlEditError(
        `${target} is not valid TOML (${e.message.split("\n")[0]}); fix it before editing`,
      );
    throw e;
  }
  const result = edit(doc);
  const after = doc.toString();
  if (after === (before ?? "")) return result;
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const mode = before === undefined ? NEW_FILE_MODE : statSync(target).mode & 0o7777;
  writeAtomically(target, after, mode);
  return result;
}
