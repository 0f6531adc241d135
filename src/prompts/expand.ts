// Fills a custom prompt's placeholders from the text typed after `/prompts:<name>`:
// `$1`…`$9` (positional), `$ARGUMENTS` (all positional arguments), `$KEY` (named, given as
// KEY=value) and `$$` (a literal `$`).
import type { CustomPrompt } from "../protocol/index.js";
import { splitShellWords } from "../shell/display.js";

export type ExpandResult = { ok: true; text: string } | { ok: false; message: string };

const PLACEHOLDER = /\$(\$|[1-9]|[A-Z][A-Z0-9_]*)/g;

/** Named placeholders (`$FILE`, …) the prompt uses, in first-use order; `$$X` is literal. */
export function namedPlaceholders(content: string): string[] {
  const names: string[] = [];
  for (const m of content.matchAll(PLACEHOLDER)) {
    const token = m[1] as string;
    if (token === "$" || /^[1-9]$/.test(token) || token === "ARGUMENTS") continue;
    if (!names.includes(token)) names.push(token);
  }
  return names;
}

/** The prompt's text with its placeholders filled from `argsText`. */
export function expandCustomPrompt(prompt: CustomPrompt, argsText: string): ExpandResult {
  const invocation = `/prompts:${prompt.name}`;
  const split = splitShellWords(argsText);
  if (!Array.isArray(split)) {
    return { ok: false, message: `Could not read the arguments of ${invocation}: ${split.error}.` };
  }
  const wanted = new Set(namedPlaceholders(prompt.content));
  const named = new Map<string, string>();
  const positional: string[] = [];
  for (const arg of split) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(arg);
    if (m && m[1] !== undefined && m[2] !== undefined && wanted.has(m[1])) named.set(m[1], m[2]);
    else positional.push(arg);
  }
  const missing = [...wanted].filter((name) => !named.has(name));
  if (missing.length > 0) {
    const hint = prompt.argument_hint ? ` Usage: ${invocation} ${prompt.argument_hint}` : "";
    return {
      ok: false,
      message:
        `Missing required argument${missing.length > 1 ? "s" : ""} for ${invocation}: ` +
        `${missing.join(", ")}. Pass them as KEY=value, e.g. ${missing[0]}="…".${hint}`,
    };
  }
  const text = prompt.content.replace(PLACEHOLDER, (_all, token: string) => {
    if (token === "$") return "$";
    if (token === "ARGUMENTS") return positional.join(" ");
    if (/^[1-9]$/.test(token)) return positional[Number(token) - 1] ?? "";
    return named.get(token) ?? "";
  });
  return { ok: true, text };
}
