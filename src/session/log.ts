// The diagnostics sink sessions log to. Its own module so a front-end can name it without
// loading session start-up (and the core) before it needs them.
import { logLine } from "../telemetry/log/file.js";

/** Diagnostics: the log file per CODEX_LOG/RUST_LOG, stderr with CODEX_TS_LOG; never stdout. */
export function stderrLog(message: string): void {
  logLine("codex_core", "debug", message);
}
