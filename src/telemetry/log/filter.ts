// RUST_LOG-style filters: `warn`, `codex_core=debug,info`, `codex_mcp=trace,codex_core=off`.
// The most specific matching target wins (longest prefix); a bare level is the default.

export const LEVELS = ["off", "error", "warn", "info", "debug", "trace"] as const;
export type Level = Exclude<(typeof LEVELS)[number], "off">;
type Threshold = (typeof LEVELS)[number];

export interface LogFilter {
  /** Whether a line of `level` from `target` is written. */
  enabled(target: string, level: Level): boolean;
}

function rank(level: Threshold): number {
  return LEVELS.indexOf(level);
}

function parseLevel(text: string): Threshold | undefined {
  const t = text.trim().toLowerCase();
  return (LEVELS as readonly string[]).includes(t) ? (t as Threshold) : undefined;
}

/**
 * Parses a filter. Unknown levels and empty directives are skipped (as tracing-subscriber
 * does), so a typo never stops codex; `problems` lists what was skipped.
 */
export function parseLogFilter(
  spec: string,
  fallback: Threshold = "warn",
): LogFilter & { problems: string[] } {
  let base: Threshold = fallback;
  const targets: [string, Threshold][] = [];
  const problems: string[] = [];
  for (const raw of spec.split(",")) {
    const directive = raw.trim();
    if (directive === "") continue;
    const eq = directive.indexOf("=");
    if (eq < 0) {
      const level = parseLevel(directive);
      // `codex_core` alone means "everything from that target" (trace), as in RUST_LOG.
      if (level) base = level;
      else if (/^[A-Za-z_][\w:]*$/.test(directive)) targets.push([directive, "trace"]);
      else problems.push(directive);
      continue;
    }
    const level = parseLevel(directive.slice(eq + 1));
    const target = directive.slice(0, eq).trim();
    if (level && target !== "") targets.push([target, level]);
    else problems.push(directive);
  }
  targets.sort((a, b) => b[0].length - a[0].length);
  return {
    problems,
    enabled(target, level) {
      const match = targets.find(([t]) => target === t || target.startsWith(`${t}::`));
      const threshold = match ? match[1] : base;
      return rank(level) <= rank(threshold);
    },
  };
}

/**
 * The filter the environment asks for: `CODEX_LOG`, else `RUST_LOG` (what Codex reads), else
 * `debug` when the older `CODEX_TS_LOG` is set, else warnings and errors only.
 */
export function filterSpecFromEnv(env: NodeJS.ProcessEnv): string {
  const spec = env.CODEX_LOG?.trim() || env.RUST_LOG?.trim();
  if (spec) return spec;
  return env.CODEX_TS_LOG ? "debug" : "warn";
}
