// Logs for people: `$CODEX_HOME/log/codex-ts.log`, opened on the first line that passes the
// filter (so a quiet run touches nothing), rotated at 10 MiB keeping three old files.
import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { resolveCodexHome } from "../../config/home.js";
import { filterSpecFromEnv, parseLogFilter, type Level, type LogFilter } from "./filter.js";

export const LOG_FILE_NAME = "codex-ts.log";
export const MAX_LOG_BYTES = 10 * 1024 * 1024;
export const KEPT_LOG_FILES = 3;

export function logDir(codexHome: string): string {
  return join(codexHome, "log");
}

/** Shifts `codex-ts.log` → `.1` → `.2` …, dropping the oldest. */
export function rotate(dir: string): void {
  const base = join(dir, LOG_FILE_NAME);
  for (let i = KEPT_LOG_FILES - 1; i >= 1; i--) {
    try {
      renameSync(`${base}.${i}`, `${base}.${i + 1}`);
    } catch {
      // That generation does not exist yet.
    }
  }
  try {
    renameSync(base, `${base}.1`);
  } catch {
    // Nothing to rotate.
  }
}

export class LogFile {
  private fd: number | null = null;
  private size = 0;
  private broken = false;

  constructor(
    private readonly dir: string,
    private readonly maxBytes = MAX_LOG_BYTES,
  ) {}

  private open(): number | null {
    if (this.fd !== null || this.broken) return this.fd;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const path = join(this.dir, LOG_FILE_NAME);
      let size = 0;
      try {
        size = statSync(path).size;
      } catch {
        size = 0;
      }
      if (size >= this.maxBytes) {
        rotate(this.dir);
        size = 0;
      }
      this.fd = openSync(path, "a", 0o600);
      this.size = size;
    } catch {
      // A read-only home must not break codex: logging just stops.
      this.broken = true;
    }
    return this.fd;
  }

  write(line: string): void {
    const fd = this.open();
    if (fd === null) return;
    const bytes = Buffer.from(line);
    try {
      writeSync(fd, bytes);
    } catch {
      return;
    }
    this.size += bytes.length;
    if (this.size >= this.maxBytes) {
      closeSync(fd);
      this.fd = null;
      rotate(this.dir);
    }
  }
}

interface State {
  filter: LogFilter;
  file: LogFile;
  stderr: boolean;
}

let state: State | undefined;

function current(): State {
  if (!state) {
    const env = process.env;
    state = {
      filter: parseLogFilter(filterSpecFromEnv(env)),
      file: new LogFile(logDir(resolveCodexHome(env, process.cwd()))),
      // CODEX_TS_LOG keeps its old meaning too: diagnostics on stderr.
      stderr: Boolean(env.CODEX_TS_LOG),
    };
  }
  return state;
}

/** One line for people, e.g. `logLine("codex_mcp", "debug", "server x started")`. */
export function logLine(target: string, level: Level, message: string): void {
  const s = current();
  if (s.stderr && level !== "trace") process.stderr.write(`${message}\n`);
  if (!s.filter.enabled(target, level)) return;
  const stamp = new Date().toISOString();
  s.file.write(`${stamp} ${level.toUpperCase().padStart(5)} ${target}: ${message}\n`);
}
