// Builds the environment a model-run command gets, from `[shell_environment_policy]`.
// The point is that secrets in Codex's own environment (API keys, tokens) never reach a
// command unless the user opted in.

import type { ShellEnvironmentPolicy } from "../config/types.js";

/**
 * Variables kept by `inherit = "core"`. Upstream keeps the login/identity/temp-dir set;
 * we also keep the locale variables and TERM because without them tools fall back to
 * ASCII/"C" output and mangle UTF-8, which the model then sees.
 */
export const CORE_ENV_VARS: readonly string[] = [
  "HOME",
  "LOGNAME",
  "PATH",
  "SHELL",
  "USER",
  "USERNAME",
  "TMPDIR",
  "TEMP",
  "TMP",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TERM",
];

/** Names dropped unless `ignore_default_excludes = true` (matched case-insensitively). */
export const DEFAULT_EXCLUDE_PATTERNS: readonly string[] = ["*KEY*", "*SECRET*", "*TOKEN*"];

/**
 * Compiles a shell-style glob (`*`, `?`, `[abc]`, `[!abc]`) into a case-insensitive,
 * whole-name regular expression. An unterminated `[` is taken literally.
 */
export function compileEnvGlob(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "*") {
      source += "[\\s\\S]*";
    } else if (ch === "?") {
      source += "[\\s\\S]";
    } else if (ch === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close === -1) {
        source += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negated = body.startsWith("!") || body.startsWith("^");
      if (negated) body = body.slice(1);
      source += `[${negated ? "^" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
      i = close;
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`, "i");
}

function matchesAny(name: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((re) => re.test(name));
}

/**
 * Applies the policy steps in order: inherit → default excludes → `exclude` → `set` →
 * `include_only`. `include_only` runs last, so it can also drop a variable from `set`
 * (the seed leaves this open; running it last is what "final step" says).
 */
export function createChildEnv(
  policy: ShellEnvironmentPolicy,
  parentEnv: NodeJS.ProcessEnv,
): Record<string, string> {
  const env: Record<string, string> = {};
  const coreUpper = new Set(CORE_ENV_VARS);
  for (const [name, value] of Object.entries(parentEnv)) {
    if (value === undefined) continue;
    if (policy.inherit === "none") continue;
    if (policy.inherit === "core" && !coreUpper.has(name)) continue;
    env[name] = value;
  }

  const removeMatching = (patterns: readonly string[]): void => {
    if (patterns.length === 0) return;
    const compiled = patterns.map(compileEnvGlob);
    for (const name of Object.keys(env)) {
      if (matchesAny(name, compiled)) delete env[name];
    }
  };
  if (!policy.ignoreDefaultExcludes) removeMatching(DEFAULT_EXCLUDE_PATTERNS);
  removeMatching(policy.exclude);

  for (const [name, value] of Object.entries(policy.set)) env[name] = value;

  if (policy.includeOnly.length > 0) {
    const keep = policy.includeOnly.map(compileEnvGlob);
    for (const name of Object.keys(env)) {
      if (!matchesAny(name, keep)) delete env[name];
    }
  }
  return env;
}
