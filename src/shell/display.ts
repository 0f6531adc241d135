// Showing argvs as shell text, quoted the way Codex quotes them, so that
// approval prompts, `exec` output and error messages match the reference
// (`/bin/bash -lc 'echo hi && ls'`, `/bin/bash -lc cat`).
//
// The quoting chooses, chunk by chunk, the lightest form that keeps each
// character literal: bare, then single quotes, then double quotes.

const BARE_OK = /^[A-Za-z0-9+\-./:@\]_]$/;

type Style = "bare" | "single" | "double";

function allowedStyles(ch: string, atChunkStart: boolean): Set<Style> {
  const styles = new Set<Style>();
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80 && BARE_OK.test(ch)) styles.add("bare");
  // `^` is only left alone right after an opening single quote, and a
  // backslash inside single quotes confuses some shells (fish).
  if (ch !== "'" && ch !== "\\" && (ch !== "^" || atChunkStart)) styles.add("single");
  if (ch !== "$" && ch !== "`" && ch !== "!" && ch !== "^") styles.add("double");
  return styles;
}

function renderChunk(chars: string[], style: Style): string {
  const text = chars.join("");
  if (style === "bare") return text;
  if (style === "single") return `'${text}'`;
  return `"${text.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;
}

/** Quote one word for a POSIX shell, leaving it bare when that is safe. */
export function shellEscape(word: string): string {
  if (word === "") return "''";
  const chars = Array.from(word);
  let out = "";
  let i = 0;
  while (i < chars.length) {
    let styles = allowedStyles(chars[i]!, true);
    const start = i;
    i++;
    while (i < chars.length) {
      const next = allowedStyles(chars[i]!, false);
      const both = new Set([...styles].filter((s) => next.has(s)));
      if (both.size === 0) break;
      styles = both;
      i++;
    }
    const style: Style = styles.has("bare") ? "bare" : styles.has("single") ? "single" : "double";
    out += renderChunk(chars.slice(start, i), style);
  }
  return out;
}

/** An argv as one line of shell text: `/bin/bash -lc 'echo hi && ls'`. */
export function formatCommandForDisplay(argv: readonly string[]): string {
  return argv.map(shellEscape).join(" ");
}

/** The argv that runs a command string through a shell: `["/bin/bash", "-lc", cmd]`. */
export function commandToShellArgv(cmd: string, shell = "/bin/bash", login = true): string[] {
  return [shell, login ? "-lc" : "-c", cmd];
}

/**
 * Shell text split into words as a POSIX shell splits them: whitespace separates, quotes group,
 * a backslash escapes the next character (inside double quotes only `"`, `\`, `$` and backtick).
 * The inverse of `formatCommandForDisplay`; also reads the arguments typed after a custom prompt.
 */
export function splitShellWords(text: string): string[] | { error: string } {
  const words: string[] = [];
  let current = "";
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && '"\\$`'.includes(text[i + 1] ?? " ")) {
        current += text[++i];
      } else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) return { error: `unterminated ${quote} quote` };
  if (inWord) words.push(current);
  return words;
}
